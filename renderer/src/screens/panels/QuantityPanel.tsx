import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { BookingButton } from '../../components/BookingButton';
import { PanelCancelButton } from '../../components/PanelCancelButton';
import type { Reason } from '@shared/master-data';
import { keepPadFocus, NumberPad, parsePadValue, toPadValue, type PadShortcut } from '../../components/NumberPad';
import { getTerminalData } from '../../data';
import type { OperationActivity } from '../../workflows/operation-activity';
import { bookGood, bookRework, bookScrap, finishOperation } from '../../workflows/station-work';
import { holdTypedQuantity } from '../../workflows/typed-quantity';
import { isCountUnit } from '../../workflows/units';
import { ReasonButtons } from './ReasonButtons';

const QUANTITY_KINDS = ['good', 'scrap', 'rework', 'partial'] as const;
export type QuantityKind = (typeof QUANTITY_KINDS)[number];

export function isQuantityKind(panel: unknown): panel is QuantityKind {
  return (QUANTITY_KINDS as readonly unknown[]).includes(panel);
}

interface QuantityPanelProps {
  kind: QuantityKind;
  unit: string;
  /** Good pieces still open, offered as the "remaining" shortcut. */
  open: number;
  activity: Pick<OperationActivity, 'lastGoodQuantity' | 'goodSinceConfirmation'>;
}

export function QuantityPanel({ kind, unit, open, activity }: QuantityPanelProps) {
  const { t } = useTranslation();
  const [value, setValue] = useState('');
  const [reasonCode, setReasonCode] = useState<string | null>(null);
  const [reasons, setReasons] = useState<Reason[]>([]);
  const needsReason = kind === 'scrap' || kind === 'rework';
  const countsGood = kind === 'good' || kind === 'partial';

  useEffect(() => {
    if (kind !== 'scrap' && kind !== 'rework') return;
    let isCurrent = true;
    void getTerminalData()
      .master.listReasons(kind)
      .then((list) => isCurrent && setReasons(list));
    return () => {
      isCurrent = false;
    };
  }, [kind]);

  useEffect(() => {
    holdTypedQuantity(value);
    return () => holdTypedQuantity(null);
  }, [value]);

  const quantity = parsePadValue(value);
  const hasQuantity = quantity !== null && quantity > 0;
  // A partial confirmation with nothing typed confirms the good pieces already booked since the last one.
  const canConfirmBooked = kind === 'partial' && value === '' && activity.goodSinceConfirmation > 0;
  const canSave = (hasQuantity || canConfirmBooked) && (!needsReason || reasonCode !== null);
  const save = (event: FormEvent) => {
    event.preventDefault();
    if (!canSave) return;
    if (kind === 'partial') void finishOperation('partial', hasQuantity ? { quantity, unit } : undefined);
    else if (!hasQuantity) return;
    else if (kind === 'good') void bookGood(quantity, unit);
    else if (kind === 'scrap' && reasonCode) void bookScrap(quantity, unit, reasonCode);
    else if (reasonCode) void bookRework(quantity, unit, reasonCode);
  };

  const shortcuts: PadShortcut[] = [];
  if (countsGood && open > 0)
    shortcuts.push({ id: 'remaining', label: t('pad.remaining', { quantity: open }), value: toPadValue(open) });
  shortcuts.push({ id: 'plus-one', label: t('pad.plusOne'), value: toPadValue((quantity ?? 0) + 1) });
  if (countsGood && activity.lastGoodQuantity !== null) {
    const last = activity.lastGoodQuantity;
    shortcuts.push({ id: 'last', label: t('pad.last', { quantity: last }), value: toPadValue(last) });
  }

  return (
    <form className="entry-panel" data-testid={`panel-${kind}`} onSubmit={save} onMouseDown={keepPadFocus}>
      <h3>{t(`work.enter.${kind}`, { unit })}</h3>
      {kind === 'partial' && (
        <p className="screen__hint" data-testid="partial-booked">
          {t('work.partialBooked', { quantity: activity.goodSinceConfirmation, unit })}
        </p>
      )}
      <div className="entry-panel__body">
        <NumberPad value={value} onChange={setValue} allowDecimal={!isCountUnit(unit)} shortcuts={shortcuts} />
        {needsReason && <ReasonButtons reasons={reasons} selected={reasonCode} onSelect={setReasonCode} />}
      </div>
      <div className="entry-panel__foot">
        <PanelCancelButton />
        <BookingButton
          kind={kind === 'partial' ? 'operation.finish' : `quantity.${kind}`}
          type="submit"
          className="touch-button touch-button--primary"
          data-testid="panel-save"
          isDisabled={!canSave}
        >
          {kind === 'partial' ? t('work.confirmPartial') : t('common.save')}
        </BookingButton>
      </div>
    </form>
  );
}
