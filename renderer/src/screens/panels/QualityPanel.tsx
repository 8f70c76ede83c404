import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PanelCancelButton } from '../../components/PanelCancelButton';
import type { Characteristic, QualityPlan } from '../../../../shared/master-data';
import { NumberPad, parsePadValue } from '../../components/NumberPad';
import { getQualityPlan } from '../../data';
import { giveFeedback } from '../../feedback/feedback-store';
import { isLanguage } from '../../i18n/messages';
import { recordQuality } from '../../workflows/station-work';

/** Within limits passes; outside fails and is announced loudly, because it usually stops the order. */
export function verdictFor(characteristic: Characteristic, value: number): 'pass' | 'fail' {
  if (characteristic.lower !== undefined && value < characteristic.lower) return 'fail';
  if (characteristic.upper !== undefined && value > characteristic.upper) return 'fail';
  return 'pass';
}

export function QualityPanel({ qualityPlanId }: { qualityPlanId: string | undefined }) {
  const { t, i18n } = useTranslation();
  const language = isLanguage(i18n.language) ? i18n.language : 'de';
  const [plan, setPlan] = useState<QualityPlan | null>(null);
  const [selected, setSelected] = useState<Characteristic | null>(null);
  const [value, setValue] = useState('');

  useEffect(() => {
    if (!qualityPlanId) return;
    let isCurrent = true;
    void getQualityPlan(qualityPlanId).then((found) => isCurrent && setPlan(found ?? null));
    return () => {
      isCurrent = false;
    };
  }, [qualityPlanId]);

  const save = async (characteristic: Characteristic, result: { value?: number; attribute?: 'ok' | 'nok' }) => {
    const verdict =
      result.value !== undefined
        ? verdictFor(characteristic, result.value)
        : result.attribute === 'ok'
          ? 'pass'
          : 'fail';
    const saved = await recordQuality({ characteristicId: characteristic.id, ...result, verdict });
    if (saved && verdict === 'fail')
      giveFeedback('error', 'work.outOfTolerance', { name: characteristic.name[language] });
    setSelected(null);
    setValue('');
  };

  const measured = parsePadValue(value);
  return (
    <div className="entry-panel" data-testid="panel-quality">
      <h3>{plan?.name ?? t('work.quality')}</h3>
      {!selected && (
        <div className="reason-grid">
          {plan?.characteristics.map((characteristic) => (
            <button
              key={characteristic.id}
              type="button"
              className="touch-button reason-button"
              data-testid={`characteristic-${characteristic.id}`}
              onClick={() => setSelected(characteristic)}
            >
              {characteristic.name[language]}
            </button>
          ))}
        </div>
      )}
      {selected?.kind === 'variable' && (
        <div className="entry-panel__body">
          <NumberPad value={value} onChange={setValue} allowDecimal />
          <p className="screen__hint" data-testid="limits">
            {t('work.limits', {
              lower: selected.lower ?? '–',
              nominal: selected.nominal ?? '–',
              upper: selected.upper ?? '–',
              unit: selected.unit ?? '',
            })}
          </p>
        </div>
      )}
      {selected?.kind === 'attribute' && (
        <div className="action-grid">
          <button
            type="button"
            className="touch-button touch-button--ok"
            data-testid="attribute-ok"
            onClick={() => void save(selected, { attribute: 'ok' })}
          >
            {t('work.attributeOk')}
          </button>
          <button
            type="button"
            className="touch-button touch-button--bad"
            data-testid="attribute-nok"
            onClick={() => void save(selected, { attribute: 'nok' })}
          >
            {t('work.attributeNok')}
          </button>
        </div>
      )}
      <div className="entry-panel__foot">
        <PanelCancelButton />
        {selected?.kind === 'variable' && (
          <button
            type="button"
            className="touch-button touch-button--primary"
            data-testid="panel-save"
            disabled={measured === null}
            onClick={() => measured !== null && void save(selected, { value: measured })}
          >
            {t('common.save')}
          </button>
        )}
      </div>
    </div>
  );
}
