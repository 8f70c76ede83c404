import { useTranslation } from 'react-i18next';
import type { Characteristic } from '@shared/master-data';
import { masterText } from '../../../i18n/master-text';
import { isLanguage } from '../../../i18n/messages';
import { formatLimits, formatMeasure } from './characteristic-format';

/** What is being inspected, named on every screen of the plan: name, nominal and limits with their unit. */
export function CharacteristicSpec({ characteristic }: { characteristic: Characteristic }) {
  const { t, i18n } = useTranslation();
  const language = isLanguage(i18n.language) ? i18n.language : 'de';
  const limits = formatLimits(characteristic, language, t);
  return (
    <div className="quality-spec" data-testid="quality-spec">
      <h4 data-testid="quality-name">{masterText(characteristic.name, language)}</h4>
      {characteristic.kind === 'variable' && (
        <dl className="quality-spec__figures">
          {characteristic.nominal !== undefined && (
            <div>
              <dt>{t('quality.nominal')}</dt>
              <dd data-testid="quality-nominal">{formatMeasure(characteristic, characteristic.nominal, language)}</dd>
            </div>
          )}
          {limits !== null && (
            <div>
              <dt>{t('quality.limits')}</dt>
              <dd data-testid="quality-limits">{limits}</dd>
            </div>
          )}
        </dl>
      )}
      {characteristic.kind === 'attribute' && <p className="screen__hint">{t('quality.attributeQuestion')}</p>}
    </div>
  );
}
