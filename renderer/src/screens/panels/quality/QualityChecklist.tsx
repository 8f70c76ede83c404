import { useTranslation } from 'react-i18next';
import type { ChecklistItem } from '@shared/quality';
import { masterText } from '../../../i18n/master-text';
import { isLanguage } from '../../../i18n/messages';
import { formatLimits } from './characteristic-format';

/** The plan's characteristics with their state; a tap chooses one to inspect. */
export function QualityChecklist({
  items,
  currentId,
  onChoose,
}: {
  items: readonly ChecklistItem[];
  currentId: string | null;
  onChoose: (id: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const language = isLanguage(i18n.language) ? i18n.language : 'de';
  return (
    <ol className="quality-checklist" aria-label={t('quality.checklist')}>
      {items.map(({ characteristic, state, last }) => (
        <li key={characteristic.id}>
          <button
            type="button"
            className="touch-button quality-checklist__item"
            aria-pressed={characteristic.id === currentId}
            data-testid={`characteristic-${characteristic.id}`}
            data-state={state}
            onClick={() => onChoose(characteristic.id)}
          >
            <span className="quality-checklist__name">{masterText(characteristic.name, language)}</span>
            <span className="quality-checklist__limits">
              {characteristic.kind === 'variable'
                ? formatLimits(characteristic, language, t)
                : t('quality.attributeKind')}
            </span>
            <span className={`quality-state quality-state--${state}`}>
              {t(`quality.state.${state}`)}
              {state === 'done' && last?.verdict === 'fail' && ` · ${t('work.attributeNok')}`}
            </span>
          </button>
        </li>
      ))}
    </ol>
  );
}
