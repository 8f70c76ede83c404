import { describe, expect, it } from 'vitest';
import type { Booking } from '../../../shared/booking';
import { createStationProjection } from './station-projection';

// Machine bookings arrive every minute; until the board shows machine states, they must leave the station
// as people's bookings left it, last booking included.

const T0 = Date.UTC(2026, 11, 2, 6, 0);

function booking(seq: number, fields: Pick<Booking, 'type' | 'payload'> & Partial<Booking>): Booking {
  return {
    id: `00000000-0000-7000-8000-${String(seq).padStart(12, '0')}`,
    terminalId: 'T-1',
    epoch: 'e1',
    seq,
    occurredAt: T0 + seq * 60_000,
    clockOffsetMs: 0,
    stationId: 'ST-10',
    masterDataVersion: 'v1',
    ...fields,
  } as Booking;
}

describe('station projection and machine bookings', () => {
  it('ignores machine.state and machine.count', () => {
    const board = createStationProjection({
      masterData: {
        stationIds: () => ['ST-10'],
        station: () => ({ name: 'Drehen' }),
        operatorName: () => undefined,
        order: () => undefined,
        operation: () => undefined,
        reason: () => undefined,
      },
      offlineAfterMs: 120_000,
      startedAt: T0,
    });
    board.apply(booking(1, { type: 'downtime.start', payload: { reasonCode: 'D1' }, operatorId: 'P-1' }));
    board.recordContact('ST-10', 'T-1', T0 + 240_000);
    const before = board.station('ST-10', T0 + 240_000);
    board.apply(booking(2, { type: 'machine.state', payload: { signal: 'M1.run', state: 'running', since: T0 } }));
    board.apply(
      booking(3, {
        type: 'machine.count',
        payload: {
          signal: 'M1.parts',
          from: T0,
          to: T0 + 1,
          bits: 32,
          startValue: 0,
          endValue: 5,
          pieces: 5,
          resets: 0,
          wraps: 0,
        },
      }),
    );
    expect(board.station('ST-10', T0 + 240_000)).toEqual(before);
    expect(before).toMatchObject({ state: 'down', lastBooking: { type: 'downtime.start' } });
  });
});
