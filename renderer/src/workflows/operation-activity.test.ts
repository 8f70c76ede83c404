import { describe, expect, it } from 'vitest';
import type { Booking } from '@shared/booking';
import { deriveActivity } from './operation-activity';
import { bookingStream } from './testing/booking-stream';

const booking = bookingStream();

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
