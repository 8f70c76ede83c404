import { useTranslation } from 'react-i18next';
import { useFeedbackStore } from '../feedback/feedback-store';

export function FeedbackBanner() {
  const { t } = useTranslation();
  const current = useFeedbackStore((s) => s.current);
  if (!current) return null;
  return (
    <div
      key={current.id}
      className={`feedback feedback--${current.tone}`}
      role={current.tone === 'error' ? 'alert' : 'status'}
      aria-live="assertive"
      data-testid="feedback"
      data-kind={current.tone}
    >
      {t(current.messageKey, current.params ?? {})}
    </div>
  );
}
