import { describe, expect, it } from 'vitest';
import { BoardStationSchema } from '@shared/board';
import type { Booking } from '@shared/booking';
import { createStationProjection } from './station-projection';

// Machine bookings arrive every minute: they fill the station's `machine` part and leave what people's
// bookings made of the station (state, since, last booking, quantities) as it was.

const T0 = Date.UTC(2026, 11, 2, 6, 0);
const MINUTE = 60_000;

function booking(seq: number, fields: Pick<Booking, 'type' | 'payload'> & Partial<Booking>): Booking {
  return {
    id: `00000000-0000-7000-8000-${String(seq).padStart(12, '0')}`,
    terminalId: 'T-1',
    epoch: 'e1',
    seq,
    occurredAt: T0 + seq * MINUTE,
    clockOffsetMs: 0,
    stationId: 'ST-10',
    masterDataVersion: 'v1',
    ...fields,
  } as Booking;
}

const state = (seq: number, signal: string, value: 'running' | 'stopped' | 'unknown', since: number) =>
  booking(seq, { type: 'machine.state', payload: { signal, state: value, since } });

/** A count of `pieces` on M1.parts whose interval ends at `to`, chained from `startValue`. */
const counted = (seq: number, startValue: number, pieces: number, to: number) =>
  booking(seq, {
    type: 'machine.count',
    payload: {
      signal: 'M1.parts',
      from: to - MINUTE,
      to,
      bits: 32,
      startValue,
      endValue: startValue + pieces,
      pieces,
      resets: 0,
      wraps: 0,
    },
  });

const start = (seq: number, operationId: string, extra: Partial<Booking> = {}) =>
  booking(seq, {
    type: 'operation.start',
    payload: { phase: 'production' },
    operatorId: 'P-1',
    orderId: operationId.split('-')[0],
    operationId,
    ...extra,
  });

function projection() {
  return createStationProjection({
    masterData: {
      stationIds: () => ['ST-10'],
      station: () => ({ name: 'Drehen' }),
      operatorName: () => undefined,
      order: () => undefined,
      operation: () => undefined,
      reason: () => undefined,
    },
    offlineAfterMs: 120 * MINUTE,
    startedAt: T0,
  });
}

describe('station projection and machine bookings', () => {
  it('adds the machine part without moving the state, its since or the last booking', () => {
    const board = projection();
    board.apply(booking(1, { type: 'downtime.start', payload: { reasonCode: 'D1' }, operatorId: 'P-1' }));
    board.recordContact('ST-10', 'T-1', T0 + 4 * MINUTE);
    const before = board.station('ST-10', T0 + 4 * MINUTE);
    expect(before.machine).toBeUndefined();
    board.apply(state(2, 'M1.run', 'running', T0 + 90_000));
    board.apply(counted(3, 0, 5, T0 + 3 * MINUTE));
    const after = board.station('ST-10', T0 + 4 * MINUTE);
    const { machine, ...rest } = after;
    expect(rest).toEqual(before);
    expect(after).toMatchObject({ state: 'down', lastBooking: { type: 'downtime.start' } });
    // No operation open: the state shows, the count belongs to no operation.
    expect(machine).toEqual({
      state: 'running',
      since: T0 + 90_000,
      operationId: null,
      count: null,
      countedUntil: T0 + 3 * MINUTE,
    });
    expect(BoardStationSchema.safeParse(after).success).toBe(true);
  });

  it('counts the pieces of the current operation only, in business time, and shows a stop', () => {
    const board = projection();
    board.apply(state(1, 'M1.run', 'running', T0));
    board.apply(counted(2, 0, 40, T0 + 2 * MINUTE)); // before any operation: nobody's
    board.apply(start(3, 'FA1-0010'));
    board.apply(counted(4, 40, 60, T0 + 4 * MINUTE));
    board.apply(counted(5, 100, 55, T0 + 5 * MINUTE));
    board.apply(state(6, 'M1.run', 'stopped', T0 + 5 * MINUTE + 20_000));
    board.recordContact('ST-10', 'T-1', T0 + 6 * MINUTE);
    expect(board.station('ST-10', T0 + 6 * MINUTE).machine).toEqual({
      state: 'stopped',
      since: T0 + 5 * MINUTE + 20_000,
      operationId: 'FA1-0010',
      count: 115,
      countedUntil: T0 + 5 * MINUTE,
    });

    // A second operation started later is the current one and counts from its own start; a count whose
    // interval ended before it started (a backlog arriving late) is not its.
    board.apply(start(7, 'FA2-0010'));
    board.apply(counted(8, 155, 7, T0 + 6 * MINUTE));
    board.apply(counted(9, 162, 9, T0 + 8 * MINUTE));
    board.apply(state(10, 'M1.run', 'running', T0 + 7 * MINUTE + 30_000));
    board.apply(state(11, 'M1.run', 'stopped', T0 + 5 * MINUTE)); // a stale copy changes nothing
    const station = board.station('ST-10', T0 + 9 * MINUTE);
    expect(station.machine).toMatchObject({
      state: 'running',
      since: T0 + 7 * MINUTE + 30_000,
      operationId: 'FA2-0010',
      count: 9,
    });
    // The count is beside the operation's booked good, never in it.
    expect(station.operations.map((o) => [o.operationId, o.good])).toEqual([
      ['FA1-0010', 0],
      ['FA2-0010', 0],
    ]);
    expect(station.lastBooking).toMatchObject({ type: 'operation.start', occurredAt: T0 + 7 * MINUTE });

    // Finished, the earlier operation is current again and still has its count.
    board.apply(
      booking(12, {
        type: 'operation.finish',
        payload: { mode: 'final' },
        operatorId: 'P-1',
        orderId: 'FA2',
        operationId: 'FA2-0010',
      }),
    );
    expect(board.station('ST-10', T0 + 13 * MINUTE).machine).toMatchObject({ operationId: 'FA1-0010', count: 115 });
  });

  it('shows a stopped machine before a running one, and a clock offset moves its times', () => {
    const board = projection();
    board.apply(state(1, 'M1.run', 'running', T0));
    board.apply(state(2, 'M2.run', 'unknown', T0 + MINUTE));
    expect(board.station('ST-10', T0 + 2 * MINUTE).machine).toMatchObject({ state: 'unknown', since: T0 + MINUTE });
    board.apply({ ...state(3, 'M1.run', 'stopped', T0 + 2 * MINUTE), clockOffsetMs: -5_000 });
    expect(board.station('ST-10', T0 + 3 * MINUTE).machine).toMatchObject({
      state: 'stopped',
      since: T0 + 2 * MINUTE - 5_000,
    });
  });
});
