import { describe, expect, it } from 'vitest';
import type { Booking, BookingType } from '@shared/booking';
import type { BookingRecord, SyncState } from '../data';
import { emptyActivity } from './operation-activity';
import { buildShiftHistory } from './shift-history';
import { bookingStream } from './testing/booking-stream';

const nextBooking = bookingStream();
function record(type: BookingType, payload: object, syncState: SyncState = 'sent', extra: Partial<Booking> = {}) {
  return { booking: nextBooking(type, payload, extra), syncState } satisfies BookingRecord;
}

const NO_ACTIVITY = { operations: new Map() };

describe('buildShiftHistory', () => {
  it('marks reversed bookings, but not when the server rejected the reversal', () => {
    const kept = record('quantity.good', { quantity: 5, unit: 'pcs' });
    const reversed = record('quantity.good', { quantity: 50, unit: 'pcs' });
    const reversal = record('booking.reverse', { reversedBookingId: reversed.booking.id, reason: 'V01' });
    const rejectedReversal = record(
      'booking.reverse',
      { reversedBookingId: kept.booking.id, reason: 'V01' },
      'rejected',
    );
    const entries = buildShiftHistory([rejectedReversal, reversal, reversed, kept], 'ST-10', NO_ACTIVITY);
    expect(entries.map((e) => [e.booking.id, e.isReversed])).toEqual([
      [rejectedReversal.booking.id, false],
      [reversal.booking.id, false],
      [reversed.booking.id, true],
      [kept.booking.id, false],
    ]);
  });

  it('keeps only this station and knows which operations are finished', () => {
    const here = record('quantity.good', { quantity: 1, unit: 'pcs' });
    const elsewhere = record('quantity.good', { quantity: 1, unit: 'pcs' }, 'sent', { stationId: 'ST-20' });
    const onOther = record('quantity.good', { quantity: 1, unit: 'pcs' }, 'sent', { operationId: 'OP-2' });
    const operations = new Map([['OP-1', { ...emptyActivity(), status: 'finished' as const }]]);
    const entries = buildShiftHistory([onOther, elsewhere, here], 'ST-10', { operations });
    expect(entries.map((e) => [e.booking.id, e.isOperationFinished])).toEqual([
      [onOther.booking.id, false],
      [here.booking.id, true],
    ]);
  });

  it("leaves out the machine's own bookings: a count a minute would bury what people booked", () => {
    const good = record('quantity.good', { quantity: 1, unit: 'pcs' });
    const state = record('machine.state', { signal: 'M1.run', state: 'stopped', since: 900 });
    const counted = record('machine.count', {
      signal: 'M1.parts',
      from: 900,
      to: 960,
      bits: 32,
      startValue: 0,
      endValue: 6,
      pieces: 6,
      resets: 0,
      wraps: 0,
    });
    const entries = buildShiftHistory([counted, state, good], 'ST-10', NO_ACTIVITY);
    expect(entries.map((e) => e.booking.id)).toEqual([good.booking.id]);
  });
});
