import { describe, expect, it } from 'vitest';
import type { BoardOperation, BoardStation } from '@shared/board';
import { isBehindTarget, orderStations } from './station-order';

function station(stationId: string, state: BoardStation['state'], since: number, ops: Partial<BoardOperation>[] = []) {
  return {
    stationId,
    name: stationId,
    area: '',
    state,
    since,
    operators: [],
    operations: ops.map((op) => ({
      orderNumber: 'FA1',
      operationNumber: '0010',
      phase: 'production',
      good: 0,
      scrap: 0,
      rework: 0,
      planned: 100,
      target: 0,
      orderId: 'FA1',
      operationId: 'FA1-0010',
      unit: 'Stk',
      since,
      ...op,
    })),
    terminal: { lastSeenAt: null, pending: null, oldestPendingAt: null, gaps: 0, quarantined: 0, rejected: 0 },
    lastBooking: null,
  } satisfies BoardStation;
}

describe('station order on the board', () => {
  it('puts down first, then behind target, then offline, then interrupted, then the rest by id', () => {
    const stations = [
      station('ST-10', 'producing', 5, [{ good: 50, target: 50 }]),
      station('ST-20', 'offline', 1),
      station('ST-30', 'producing', 3, [{ good: 10, target: 40 }]),
      station('ST-40', 'down', 9),
      station('ST-05', 'idle', 0),
      station('ST-50', 'interrupted', 2),
      station('ST-60', 'down', 4),
    ];
    expect(orderStations(stations).map((s) => s.stationId)).toEqual([
      'ST-60', // down longest
      'ST-40',
      'ST-30',
      'ST-20',
      'ST-50',
      'ST-05',
      'ST-10',
    ]);
  });

  it('counts a station behind below 90 % of its target, and never an offline one', () => {
    expect(isBehindTarget(station('A', 'producing', 0, [{ good: 90, target: 100 }]))).toBe(false);
    expect(isBehindTarget(station('A', 'producing', 0, [{ good: 89, target: 100 }]))).toBe(true);
    expect(isBehindTarget(station('A', 'producing', 0, [{ good: 0, target: 0 }]))).toBe(false);
    expect(isBehindTarget(station('A', 'offline', 0, [{ good: 0, target: 100 }]))).toBe(false);
  });
});
