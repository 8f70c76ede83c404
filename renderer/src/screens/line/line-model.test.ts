import { describe, expect, it } from 'vitest';
import type { BoardStation } from '@shared/board';
import { ageMinutes, notesForLine, sortTiles, tileFromBoard } from './line-model';

const station: BoardStation = {
  stationId: 'ST-20',
  name: 'Fräse 2',
  area: 'Zerspanung',
  state: 'down',
  since: 1_000,
  reasonCode: 'D03',
  reasonText: 'Maschinenstörung',
  reasonTexts: { de: 'Maschinenstörung', en: 'Machine breakdown' },
  operators: [{ id: 'P-1002', name: 'Mehmet Yılmaz' }],
  operations: [
    {
      orderNumber: 'FA1',
      operationNumber: '0010',
      phase: 'production',
      good: 7,
      scrap: 1,
      rework: 0,
      planned: 40,
      target: 10,
      orderId: 'FA1',
      operationId: 'FA1-0010',
      unit: 'Stk',
      since: 500,
    },
  ],
  terminal: { lastSeenAt: 900, pending: 0, oldestPendingAt: null, gaps: 0, quarantined: 0, rejected: 0 },
  lastBooking: null,
};

describe('line model', () => {
  it('takes the reason in the lead language, falling back to the plant text, then the code', () => {
    expect(tileFromBoard(station, 'en').reason).toBe('Machine breakdown');
    expect(tileFromBoard(station, 'tr').reason).toBe('Maschinenstörung');
    expect(tileFromBoard({ ...station, reasonText: undefined, reasonTexts: undefined }, 'en').reason).toBe('D03');
    expect(tileFromBoard(station, 'de').operations[0]).toMatchObject({ label: 'FA1 · 0010', good: 7, target: 10 });
    const scanners = [
      { deviceId: 'hid-1', kind: 'hid', state: 'connected' as const },
      { deviceId: 'ser-1', kind: 'serial', state: 'disconnected' as const },
    ];
    expect(tileFromBoard({ ...station, terminal: { ...station.terminal, scanners } }, 'de').scannersDown).toBe(1);
  });

  it('puts problems first and the rest by station', () => {
    const tile = (stationId: string, state: BoardStation['state']) => ({
      ...tileFromBoard(station, 'de'),
      stationId,
      state,
    });
    const order = sortTiles([
      tile('ST-30', 'producing'),
      tile('ST-40', 'offline'),
      tile('ST-10', 'down'),
      tile('ST-20', 'producing'),
    ]);
    expect(order.map((t) => t.stationId)).toEqual(['ST-10', 'ST-40', 'ST-20', 'ST-30']);
  });

  it('counts the age in whole minutes, never below zero, and keeps the newest notes of the line', () => {
    expect(ageMinutes(0, 59_999)).toBe(0);
    expect(ageMinutes(0, 125_000)).toBe(2);
    expect(ageMinutes(10_000, 0)).toBe(0);
    const note = (id: string, stationId: string, occurredAt: number) => ({
      id,
      type: 'shift.note' as const,
      stationId,
      occurredAt,
    });
    const kept = notesForLine(
      [note('a', 'ST-10', 1), note('b', 'ST-99', 3), note('c', 'ST-20', 2)],
      new Set(['ST-10', 'ST-20']),
    );
    expect(kept.map((n) => n.id)).toEqual(['c', 'a']);
  });
});
