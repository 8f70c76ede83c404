import { useTranslation } from 'react-i18next';
import type { Reason } from '@shared/master-data';
import { masterText } from '../../i18n/master-text';
import { isLanguage } from '../../i18n/messages';

export function ReasonButtons({
  reasons,
  selected,
  onSelect,
  isBusy = false,
}: {
  reasons: Reason[];
  selected: string | null;
  onSelect: (id: string) => void;
  /** A tap on a reason is saving: the others wait, the grid says it is busy. */
  isBusy?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const language = isLanguage(i18n.language) ? i18n.language : 'de';
  if (reasons.length === 0) return <p className="screen__hint">{t('work.noReasons')}</p>;
  return (
    <div className="reason-grid" role="radiogroup" aria-label={t('work.reason')} aria-busy={isBusy}>
      {reasons.map((reason) => (
        <button
          key={reason.id}
          type="button"
          role="radio"
          aria-checked={reason.id === selected}
          className="touch-button reason-button"
          data-testid={`reason-${reason.id}`}
          disabled={isBusy}
          onClick={() => onSelect(reason.id)}
        >
          {masterText(reason.text, language)}
        </button>
      ))}
    </div>
  );
}
