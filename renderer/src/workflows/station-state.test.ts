import { describe, expect, it } from 'vitest';
import type { Booking, BookingType } from '@shared/booking';
import { deriveActivity } from './operation-activity';
import { deriveStationState, formatElapsed } from './station-state';
import { bookingStream } from './testing/booking-stream';

const next = bookingStream();
const booking = (type: BookingType, payload: object, at: number, extra: Partial<Booking> = {}): Booking =>
  next(type, payload, { occurredAt: at, ...extra });
const station = { operationId: undefined, orderId: undefined };
const stateOf = (bookings: Booking[], selected: string | null = null) =>
  deriveStationState(deriveActivity(bookings), selected);

describe('deriveStationState', () => {
  it('is idle with no timer before anything happened', () => {
    expect(stateOf([])).toEqual({ kind: 'idle', operationId: null, reasonCode: null, since: null });
  });

  it('follows an operation, timing each state from the booking that began it', () => {
    const setup = booking('operation.start', { phase: 'setup' }, 1_000);
    const production = booking('operation.start', { phase: 'production' }, 2_000);
    const good = booking('quantity.good', { quantity: 5, unit: 'pcs' }, 2_500);
    const interrupt = booking('operation.interrupt', { reasonCode: 'I01' }, 3_000);
    const resume = booking('operation.resume', {}, 4_000);
    const finish = booking('operation.finish', { mode: 'final' }, 5_000);
    expect(stateOf([setup])).toMatchObject({ kind: 'setup', operationId: 'OP-1', since: 1_000 });
    expect(stateOf([setup, production, good])).toMatchObject({ kind: 'producing', since: 2_000, reasonCode: null });
    expect(stateOf([setup, production, good, interrupt])).toMatchObject({
      kind: 'interrupted',
      reasonCode: 'I01',
      since: 3_000,
    });
    expect(stateOf([setup, production, interrupt, resume])).toMatchObject({
      kind: 'producing',
      reasonCode: null,
      since: 4_000,
    });
    expect(stateOf([setup, production, resume, finish])).toEqual({
      kind: 'idle',
      operationId: null,
      reasonCode: null,
      since: 5_000,
    });
  });

  it('is down while a downtime runs, over any operation, and idle-or-working again after it ends', () => {
    const production = booking('operation.start', { phase: 'production' }, 1_000);
    const down = booking('downtime.start', { reasonCode: 'D03' }, 2_000, station);
    const up = booking('downtime.end', {}, 9_000, station);
    expect(stateOf([production, down])).toEqual({ kind: 'down', operationId: null, reasonCode: 'D03', since: 2_000 });
    expect(stateOf([production, down, up])).toMatchObject({ kind: 'producing', since: 1_000 });
    expect(stateOf([down, up])).toMatchObject({ kind: 'idle', since: 9_000 });
  });

  it('shows the selected operation when it is active, else the one that changed last', () => {
    const a = booking('operation.start', { phase: 'production' }, 1_000, { operationId: 'OP-A' });
    const b = booking('operation.start', { phase: 'setup' }, 2_000, { operationId: 'OP-B' });
    expect(stateOf([a, b])).toMatchObject({ kind: 'setup', operationId: 'OP-B' });
    expect(stateOf([a, b], 'OP-A')).toMatchObject({ kind: 'producing', operationId: 'OP-A', since: 1_000 });
    expect(stateOf([a, b], 'OP-IDLE')).toMatchObject({ operationId: 'OP-B' });
  });

  it('does not count a reversed start', () => {
    const start = booking('operation.start', { phase: 'production' }, 1_000);
    const reverse = booking('booking.reverse', { reversedBookingId: start.id, reason: 'wrong' }, 1_500);
    expect(stateOf([start, reverse]).kind).toBe('idle');
  });
});

describe('formatElapsed', () => {
  it.each([
    [0, '00:00'],
    [-5_000, '00:00'],
    [999, '00:00'],
    [61_000, '01:01'],
    [59 * 60_000 + 59_999, '59:59'],
    [3_600_000, '1:00 h'],
    [3_600_000 + 5 * 60_000 + 59_000, '1:05 h'],
    [26 * 3_600_000, '26:00 h'],
  ])('%i ms reads %s', (ms, text) => {
    expect(formatElapsed(ms)).toBe(text);
  });
});
