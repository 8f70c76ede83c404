import type { BookingType } from '../../booking';
import type { KpiBooking } from '../station-timeline';

// Test helper: a station's booking stream written as local times of one day in UTC, so hand-computed
// examples read like the shift plan they describe.

/** Epoch ms of "HH:MM" on 3 November 2026 (UTC), or of the next day with `+1`. */
export function at(hhmm: string, dayOffset = 0): number {
  const [hours = 0, minutes = 0] = hhmm.split(':').map(Number);
  return Date.UTC(2026, 10, 3 + dayOffset, hours, minutes);
}

export const MINUTE = 60_000;

export function streamBuilder() {
  const bookings: KpiBooking[] = [];
  let count = 0;
  const book = (time: number, type: BookingType, operationId: string | undefined, payload: unknown): KpiBooking => {
    count += 1;
    const booking: KpiBooking = { id: `b-${count}`, type, occurredAt: time, clockOffsetMs: 0, operationId, payload };
    bookings.push(booking);
    return booking;
  };
  return {
    bookings,
    start: (time: number, op: string, phase: 'setup' | 'production' = 'production') =>
      book(time, 'operation.start', op, { phase }),
    interrupt: (time: number, op: string, reasonCode: string) => book(time, 'operation.interrupt', op, { reasonCode }),
    resume: (time: number, op: string) => book(time, 'operation.resume', op, {}),
    finish: (time: number, op: string, mode: 'final' | 'partial' = 'final', quantity?: number) =>
      book(time, 'operation.finish', op, quantity === undefined ? { mode } : { mode, quantity, unit: 'Stk' }),
    good: (time: number, op: string, quantity: number) => book(time, 'quantity.good', op, { quantity, unit: 'Stk' }),
    scrap: (time: number, op: string, quantity: number) =>
      book(time, 'quantity.scrap', op, { quantity, unit: 'Stk', reasonCode: 'S01' }),
    rework: (time: number, op: string, quantity: number) =>
      book(time, 'quantity.rework', op, { quantity, unit: 'Stk', reasonCode: 'R01' }),
    downStart: (time: number, reasonCode: string) => book(time, 'downtime.start', undefined, { reasonCode }),
    downEnd: (time: number) => book(time, 'downtime.end', undefined, {}),
    reverse: (time: number, target: KpiBooking) =>
      book(time, 'booking.reverse', target.operationId, { reversedBookingId: target.id, reason: 'typo' }),
  };
}
