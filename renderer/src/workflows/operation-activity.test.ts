import { describe, expect, it } from 'vitest';
import type { Booking, BookingType } from '../../../shared/booking';
import { deriveActivity } from './operation-activity';

let seq = 0;
function booking(type: BookingType, payload: object, extra: Partial<Booking> = {}): Booking {
  seq += 1;
  return {
    id: `00000000-0000-7000-8000-${String(seq).padStart(12, '0')}`,
    terminalId: 'T',
    epoch: 'E',
    seq,
    type,
    occurredAt: 1_000 + seq,
    clockOffsetMs: 0,
    stationId: 'ST-10',
    operatorId: 'P-1',
    orderId: 'FA1',
    operationId: 'OP-1',
    masterDataVersion: 'v',
    payload,
    ...extra,
  } as Booking;
}

describe('deriveActivity', () => {
  it('follows an operation through setup, production, interruption and finish', () => {
    const steps: Array<[Booking, string]> = [
      [booking('operation.start', { phase: 'setup' }), 'setup'],
      [booking('operation.start', { phase: 'production' }), 'production'],
      [booking('operation.interrupt', { reasonCode: 'I01' }), 'interrupted'],
      [booking('operation.resume', {}), 'production'],
      [booking('operation.finish', { mode: 'partial' }), 'interrupted'],
      [booking('operation.resume', {}), 'production'],
      [booking('operation.finish', { mode: 'final' }), 'finished'],
    ];
    const seen: Booking[] = [];
    for (const [step, status] of steps) {
      seen.push(step);
      expect(deriveActivity(seen).operations.get('OP-1')?.status).toBe(status);
    }
  });

  it('sums quantities, ignores reversed bookings and keeps the order of capture whatever the input order', () => {
    const good = booking('quantity.good', { quantity: 10, unit: 'pcs' });
    const wrong = booking('quantity.good', { quantity: 100, unit: 'pcs' });
    const scrap = booking('quantity.scrap', { quantity: 2, unit: 'pcs', reasonCode: 'S01' });
    const reverse = booking('booking.reverse', { reversedBookingId: wrong.id, reason: 'typo' });
    const activity = deriveActivity([reverse, scrap, wrong, good]);
    expect(activity.operations.get('OP-1')).toMatchObject({ good: 10, scrap: 2 });
  });

  it('knows a running downtime until it ends', () => {
    const start = booking('downtime.start', { reasonCode: 'D02' }, { operationId: undefined, orderId: undefined });
    expect(deriveActivity([start]).downtimeReason).toBe('D02');
    const end = booking('downtime.end', {}, { operationId: undefined, orderId: undefined });
    expect(deriveActivity([start, end]).downtimeReason).toBeNull();
  });
});
