import { describe, expect, it } from 'vitest';
import type { Booking, BookingType } from '@shared/booking';
import { canReverse, type ReversalCandidate, type Reverser } from './reversal-rules';

const SHIFT = { shiftId: 'early', start: 6_000, end: 14_000 };
const ANNA: Reverser = { id: 'P-1001', role: 'operator' };
const LEAD: Reverser = { id: 'P-2001', role: 'lead' };

function candidate(
  type: BookingType = 'quantity.good',
  booking: Partial<Booking> = {},
  extra: Partial<ReversalCandidate> = {},
): ReversalCandidate {
  return {
    booking: {
      id: '00000000-0000-7000-8000-000000000001',
      terminalId: 'T',
      epoch: 'E',
      seq: 1,
      type,
      occurredAt: 9_000,
      clockOffsetMs: 0,
      stationId: 'ST-10',
      operatorId: ANNA.id,
      orderId: 'FA1',
      operationId: 'OP-1',
      masterDataVersion: 'v',
      payload: { quantity: 5, unit: 'pcs' },
      ...booking,
    } as Booking,
    syncState: 'sent',
    isReversed: false,
    isOperationFinished: false,
    ...extra,
  };
}

describe('canReverse', () => {
  it.each<BookingType>(['quantity.good', 'quantity.scrap', 'quantity.rework', 'material.consume', 'quality.result'])(
    'lets an operator reverse their own %s of this shift',
    (type) => {
      expect(canReverse(candidate(type), ANNA, SHIFT)).toEqual({ ok: true });
    },
  );

  it.each([
    ['a pending booking', candidate('quantity.good', {}, { syncState: 'pending' })],
    ['one the server set aside', candidate('quantity.good', {}, { syncState: 'quarantined' })],
    ['one booked at the first moment of the shift', candidate('quantity.good', { occurredAt: SHIFT.start })],
  ])('lets an operator reverse %s', (_, input) => {
    expect(canReverse(input, ANNA, SHIFT)).toEqual({ ok: true });
  });

  it.each([
    ['a reversal', candidate('booking.reverse'), 'is-reversal'],
    ['a login', candidate('operator.login'), 'not-reversible'],
    ['an operation start', candidate('operation.start'), 'not-reversible'],
    ['a downtime', candidate('downtime.start'), 'not-reversible'],
    ['a booking reversed already', candidate('quantity.good', {}, { isReversed: true }), 'already-reversed'],
    ['a booking the server rejected', candidate('quantity.good', {}, { syncState: 'rejected' }), 'rejected'],
    ['a booking of another operator', candidate('quantity.good', { operatorId: 'P-1002' }), 'needs-lead'],
    ['a booking without operator', candidate('quantity.good', { operatorId: undefined }), 'needs-lead'],
    ['a booking of the last shift', candidate('quantity.good', { occurredAt: SHIFT.start - 1 }), 'needs-lead'],
    ['a booking dated after the shift', candidate('quantity.good', { occurredAt: SHIFT.end }), 'needs-lead'],
    ['a booking on a finished operation', candidate('quantity.good', {}, { isOperationFinished: true }), 'needs-lead'],
  ] as const)('refuses an operator %s', (_, input, refusal) => {
    expect(canReverse(input, ANNA, SHIFT)).toEqual({ ok: false, refusal });
  });

  it.each([
    ['a booking of another operator', candidate('quantity.good', { operatorId: 'P-1002' })],
    ['a booking of the last shift', candidate('quantity.scrap', { occurredAt: 1_000 })],
    ['a booking on a finished operation', candidate('quantity.good', {}, { isOperationFinished: true })],
  ])('lets a shift lead reverse %s', (_, input) => {
    expect(canReverse(input, LEAD, SHIFT)).toEqual({ ok: true });
  });

  it.each([
    ['a reversal', candidate('booking.reverse', { operatorId: LEAD.id }), 'is-reversal'],
    ['a booking reversed already', candidate('quantity.good', {}, { isReversed: true }), 'already-reversed'],
    ['a rejected booking', candidate('quantity.good', {}, { syncState: 'rejected' }), 'rejected'],
  ] as const)('refuses a shift lead %s too', (_, input, refusal) => {
    expect(canReverse(input, LEAD, SHIFT)).toEqual({ ok: false, refusal });
  });
});
