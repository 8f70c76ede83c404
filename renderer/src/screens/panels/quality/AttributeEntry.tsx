import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Characteristic, Reason } from '@shared/master-data';
import { getTerminalData } from '../../../data';
import { giveFeedback } from '../../../feedback/feedback-store';
import { masterText } from '../../../i18n/master-text';
import { isLanguage } from '../../../i18n/messages';
import { recordQuality } from '../../../workflows/station-work';
import { ReasonButtons } from '../ReasonButtons';

/** OK or not OK; not OK asks what is wrong (a defect code from master data) before it is booked. */
export function AttributeEntry({ characteristic, onSaved }: { characteristic: Characteristic; onSaved: () => void }) {
  const { t, i18n } = useTranslation();
  const language = isLanguage(i18n.language) ? i18n.language : 'de';
  const [isAskingDefect, setIsAskingDefect] = useState(false);
  const [defects, setDefects] = useState<Reason[]>([]);
  const [isSaving, setIsSaving] = useState(false);

  useEffect(() => {
    let isCurrent = true;
    void getTerminalData()
      .master.listReasons('defect')
      .then((list) => isCurrent && setDefects(list));
    return () => {
      isCurrent = false;
    };
  }, []);

  /** `defect` null: not OK without a code (only when the plant has none configured). */
  const book = async (defect?: Reason | null) => {
    if (isSaving) return;
    const isOk = defect === undefined;
    setIsSaving(true);
    const saved = await recordQuality(
      isOk
        ? { characteristicId: characteristic.id, attribute: 'ok', verdict: 'pass' }
        : {
            characteristicId: characteristic.id,
            attribute: 'nok',
            verdict: 'fail',
            ...(defect && { defectCode: defect.id }),
          },
    );
    setIsSaving(false);
    if (!saved) return;
    if (!isOk)
      giveFeedback('error', 'quality.notOk', {
        name: masterText(characteristic.name, language),
        defect: defect ? masterText(defect.text, language) : t('quality.noDefectCode'),
      });
    setIsAskingDefect(false);
    onSaved();
  };

  if (isAskingDefect)
    return (
      <div className="quality-entry" data-testid="quality-defects">
        <p className="quality-alert quality-alert--bad">{t('quality.chooseDefect')}</p>
        <ReasonButtons
          reasons={defects}
          selected={null}
          onSelect={(id) => void book(defects.find((d) => d.id === id) ?? null)}
        />
        <div className="entry-panel__foot">
          <button
            type="button"
            className="touch-button"
            data-testid="quality-defect-back"
            onClick={() => setIsAskingDefect(false)}
          >
            {t('quality.back')}
          </button>
          {defects.length === 0 && (
            <button
              type="button"
              className="touch-button touch-button--bad"
              data-testid="quality-nok-without-code"
              onClick={() => void book(null)}
            >
              {t('quality.bookNokWithoutCode')}
            </button>
          )}
        </div>
      </div>
    );
  return (
    <div className="action-grid quality-entry" data-testid="quality-attribute">
      <button
        type="button"
        className="touch-button touch-button--ok"
        data-testid="attribute-ok"
        disabled={isSaving}
        onClick={() => void book()}
      >
        {t('work.attributeOk')}
      </button>
      <button
        type="button"
        className="touch-button touch-button--bad"
        data-testid="attribute-nok"
        onClick={() => setIsAskingDefect(true)}
      >
        {t('work.attributeNok')}
      </button>
    </div>
  );
}
