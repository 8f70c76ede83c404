import type { Booking } from '@shared/booking';
import { uuidv7 } from '@shared/id/uuidv7';
import { WORKED_EXAMPLE_CYCLE_SECONDS, workedExampleStream } from '@shared/kpi/testing/worked-example';
import { makeBooking } from './test-server';

// docs/kpi.md's worked example as a server sees it: the order and operations to import, and the example's
// bookings as one terminal of ST-10 pushes them. Shared by the KPI route test and the board conformance test.

export const WORKED_EXAMPLE_ORDER_ID = 'KPI-1';

export const WORKED_EXAMPLE_ORDER = {
  id: WORKED_EXAMPLE_ORDER_ID,
  number: WORKED_EXAMPLE_ORDER_ID,
  material: 'M-1',
  materialText: 'Beispiel',
  quantity: 1000,
  unit: 'Stk',
  dueDate: '2026-11-30',
  status: 'released',
};

export const WORKED_EXAMPLE_OPERATIONS = Object.entries(WORKED_EXAMPLE_CYCLE_SECONDS).map(
  ([id, cycleSeconds], index) => ({
    id,
    orderId: WORKED_EXAMPLE_ORDER_ID,
    number: String((index + 1) * 10).padStart(4, '0'),
    text: id,
    stationId: 'ST-10',
    setupMinutes: 20,
    cycleSeconds,
    status: 'released',
  }),
);

/** The example's bookings with fresh UUIDs and seqs 1..n; a reversal points at its target's new id. */
export function workedExampleBookings(terminalId: string, epoch: string): Booking[] {
  const stream = workedExampleStream();
  const ids = new Map(stream.map((b) => [b.id, uuidv7()]));
  return stream.map((b, index) => {
    const payload = b.payload as Record<string, unknown>;
    const reversed = payload.reversedBookingId;
    return makeBooking(terminalId, epoch, index + 1, {
      id: ids.get(b.id),
      type: b.type,
      occurredAt: b.occurredAt,
      clockOffsetMs: b.clockOffsetMs,
      orderId: b.operationId === undefined ? undefined : WORKED_EXAMPLE_ORDER_ID,
      operationId: b.operationId,
      payload: typeof reversed === 'string' ? { ...payload, reversedBookingId: ids.get(reversed) } : payload,
    } as Partial<Booking>);
  });
}
