import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BookingButton } from '../../components/BookingButton';
import { PanelCancelButton } from '../../components/PanelCancelButton';
import type { Reason } from '../../../../shared/master-data';
import { NumberPad, parsePadValue } from '../../components/NumberPad';
import { listReasons } from '../../data';
import { bookGood, bookRework, bookScrap } from '../../workflows/station-work';
import { isCountUnit } from '../../workflows/units';
import { ReasonButtons } from './ReasonButtons';

export function QuantityPanel({ kind, unit }: { kind: 'good' | 'scrap' | 'rework'; unit: string }) {
  const { t } = useTranslation();
  const [value, setValue] = useState('');
  const [reasonCode, setReasonCode] = useState<string | null>(null);
  const [reasons, setReasons] = useState<Reason[]>([]);
  const needsReason = kind !== 'good';

  useEffect(() => {
    if (kind === 'good') return;
    let isCurrent = true;
    void listReasons(kind).then((list) => isCurrent && setReasons(list));
    return () => {
      isCurrent = false;
    };
  }, [kind]);

  const quantity = parsePadValue(value);
  const canSave = quantity !== null && quantity > 0 && (!needsReason || reasonCode !== null);
  const save = () => {
    if (!canSave || quantity === null) return;
    if (kind === 'good') void bookGood(quantity, unit);
    else if (kind === 'scrap' && reasonCode) void bookScrap(quantity, unit, reasonCode);
    else if (reasonCode) void bookRework(quantity, unit, reasonCode);
  };

  return (
    <div className="entry-panel" data-testid={`panel-${kind}`}>
      <h3>{t(`work.enter.${kind}`, { unit })}</h3>
      <div className="entry-panel__body">
        <NumberPad value={value} onChange={setValue} allowDecimal={!isCountUnit(unit)} />
        {needsReason && <ReasonButtons reasons={reasons} selected={reasonCode} onSelect={setReasonCode} />}
      </div>
      <div className="entry-panel__foot">
        <PanelCancelButton />
        <BookingButton
          kind={`quantity.${kind}`}
          className="touch-button touch-button--primary"
          data-testid="panel-save"
          isDisabled={!canSave}
          onClick={save}
        >
          {t('common.save')}
        </BookingButton>
      </div>
    </div>
  );
}
