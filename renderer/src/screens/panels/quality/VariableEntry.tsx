import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Characteristic } from '@shared/master-data';
import { assessValue, type Verdict } from '@shared/quality';
import { keepPadFocus, NumberPad, parsePadValue } from '../../../components/NumberPad';
import { giveFeedback } from '../../../feedback/feedback-store';
import { masterText } from '../../../i18n/master-text';
import { isLanguage } from '../../../i18n/messages';
import { recordQuality } from '../../../workflows/station-work';
import { formatLimits, formatMeasure } from './characteristic-format';

/**
 * A measured value. A typo far outside the limits is refused; the first value out of tolerance asks to measure
 * again (it stays on screen), and is booked as not OK only when confirmed or measured outside a second time.
 */
export function VariableEntry({ characteristic, onSaved }: { characteristic: Characteristic; onSaved: () => void }) {
  const { t, i18n } = useTranslation();
  const language = isLanguage(i18n.language) ? i18n.language : 'de';
  const [value, setValue] = useState('');
  const [outside, setOutside] = useState<number | null>(null);
  const [firstMeasurement, setFirstMeasurement] = useState<number | null>(null);
  const [implausible, setImplausible] = useState<number | null>(null);
  const [isSaving, setIsSaving] = useState(false);
  const measured = parsePadValue(value);
  const limits = formatLimits(characteristic, language, t) ?? '';
  const show = (number: number) => formatMeasure(characteristic, number, language);

  const book = async (bookedValue: number, verdict: Verdict) => {
    setIsSaving(true);
    const saved = await recordQuality({ characteristicId: characteristic.id, value: bookedValue, verdict });
    setIsSaving(false);
    if (!saved) return;
    if (verdict === 'fail')
      giveFeedback('error', 'work.outOfTolerance', { name: masterText(characteristic.name, language) });
    setValue('');
    setOutside(null);
    setFirstMeasurement(null);
    onSaved();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (measured === null || isSaving || outside !== null) return;
    const assessment = assessValue(characteristic, measured);
    if (assessment === 'implausible') {
      setImplausible(measured);
      giveFeedback('error', 'quality.implausible', { value: show(measured), limits });
      return;
    }
    if (assessment === 'pass' || firstMeasurement !== null) void book(measured, assessment);
    else setOutside(measured);
  };

  const edit = (next: string) => {
    setValue(next);
    setImplausible(null);
    setOutside(null);
  };
  const measureAgain = () => {
    setFirstMeasurement(outside);
    setOutside(null);
    setValue('');
  };

  return (
    <form className="quality-entry" data-testid="quality-variable" onSubmit={submit} onMouseDown={keepPadFocus}>
      {firstMeasurement !== null && (
        <p className="screen__hint" data-testid="quality-first-measurement">
          {t('quality.firstMeasurement', { value: show(firstMeasurement) })}
        </p>
      )}
      {implausible !== null && (
        <p className="quality-alert quality-alert--bad" role="alert" data-testid="quality-implausible">
          {t('quality.implausible', { value: show(implausible), limits })}
        </p>
      )}
      {outside === null ? (
        <>
          <NumberPad value={value} onChange={edit} allowDecimal />
          <div className="entry-panel__foot quality-entry__foot">
            <button
              type="submit"
              className="touch-button touch-button--primary"
              data-testid="panel-save"
              disabled={measured === null || isSaving}
            >
              {t('common.save')}
            </button>
          </div>
        </>
      ) : (
        // One decision at a time: the pad gives way to the question, the value stays in view.
        <div className="quality-alert quality-alert--warn" role="alert" data-testid="quality-out-of-tolerance">
          <output className="quality-alert__value" data-testid="quality-outside-value">
            {show(outside)}
          </output>
          <p>{t('quality.outside', { value: show(outside), limits })}</p>
          <p>{t('quality.measureAgainHint')}</p>
          <div className="quality-alert__actions">
            <button
              type="button"
              className="touch-button touch-button--primary"
              data-testid="quality-remeasure"
              onClick={measureAgain}
            >
              {t('quality.measureAgain')}
            </button>
            <button
              type="button"
              className="touch-button touch-button--bad"
              data-testid="quality-confirm-fail"
              disabled={isSaving}
              onClick={() => void book(outside, 'fail')}
            >
              {t('quality.confirmFail', { value: show(outside) })}
            </button>
          </div>
        </div>
      )}
    </form>
  );
}
