import { useEffect, useState } from 'react';
import type { TFunction } from 'i18next';
import type { Booking } from '@shared/booking';
import type { Reason } from '@shared/master-data';
import { getTerminalData } from '../../data';
import { masterText } from '../../i18n/master-text';
import type { Language } from '../../i18n/messages';

// What a booking is called on screen: its type, what it booked, on which operation, by whom. Names come from
// master data, so a history row reads the way the operator booked it.

export interface BookingLabels {
  reasons: ReadonlyMap<string, Reason>;
  operations: ReadonlyMap<string, string>;
  operators: ReadonlyMap<string, string>;
}

const REASON_KINDS: Reason['kind'][] = ['scrap', 'rework', 'interrupt', 'downtime', 'reversal'];

export function useBookingLabels(bookings: readonly Booking[]): BookingLabels {
  const [labels, setLabels] = useState<BookingLabels>({
    reasons: new Map(),
    operations: new Map(),
    operators: new Map(),
  });
  const operationIds = [...new Set(bookings.flatMap((b) => (b.operationId ? [b.operationId] : [])))].sort().join();
  const operatorIds = [...new Set(bookings.flatMap((b) => (b.operatorId ? [b.operatorId] : [])))].sort().join();
  useEffect(() => {
    let isCurrent = true;
    void (async () => {
      const reasons = (
        await Promise.all(REASON_KINDS.map((kind) => getTerminalData().master.listReasons(kind)))
      ).flat();
      const operations = await Promise.all(
        operationIds
          .split(',')
          .filter(Boolean)
          .map(async (id) => {
            const operation = await getTerminalData().master.getOperation(id);
            const order = operation ? await getTerminalData().master.getOrder(operation.orderId) : undefined;
            return [id, operation ? `${order?.number ?? operation.orderId} · ${operation.number}` : id] as const;
          }),
      );
      const operators = await Promise.all(
        operatorIds
          .split(',')
          .filter(Boolean)
          .map(async (id) => [id, (await getTerminalData().master.getOperator(id))?.name ?? id] as const),
      );
      if (isCurrent)
        setLabels({
          reasons: new Map(reasons.map((reason) => [reason.id, reason])),
          operations: new Map(operations),
          operators: new Map(operators),
        });
    })();
    return () => {
      isCurrent = false;
    };
  }, [operationIds, operatorIds]);
  return labels;
}

export interface BookingSummary {
  type: string;
  detail: string;
  operation: string;
  time: string;
}

export function summarizeBooking(
  booking: Booking,
  labels: BookingLabels,
  t: TFunction,
  language: Language,
): BookingSummary {
  const payload = booking.payload as Record<string, unknown>;
  const reasonCode = booking.type === 'booking.reverse' ? payload.reason : payload.reasonCode;
  const reason = reasonText(labels, reasonCode, language);
  const quantity =
    typeof payload.quantity === 'number'
      ? t('history.quantity', { quantity: payload.quantity, unit: payload.unit })
      : '';
  const subject =
    typeof payload.text === 'string'
      ? payload.text
      : typeof payload.characteristicId === 'string'
        ? `${payload.characteristicId} ${String(payload.value ?? payload.attribute ?? '')}`
        : String(payload.gtin ?? payload.materialNumber ?? '');
  return {
    type: t(`history.type.${booking.type.replace('.', '_')}`),
    detail: [quantity, subject, reason].filter(Boolean).join(' · '),
    operation: booking.operationId ? (labels.operations.get(booking.operationId) ?? booking.operationId) : '',
    time: new Date(booking.occurredAt).toLocaleTimeString(language, {
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    }),
  };
}

/** A reason's master-data text in the UI language; its code while the master data does not know it. */
function reasonText(labels: BookingLabels, code: unknown, language: Language): string {
  if (typeof code !== 'string') return '';
  const reason = labels.reasons.get(code);
  return reason ? masterText(reason.text, language) : code;
}
