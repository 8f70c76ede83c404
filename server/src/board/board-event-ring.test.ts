import { describe, expect, it } from 'vitest';
import type { BoardStation } from '@shared/board';
import { createBoardEventRing } from './board-event-ring';

const station = (stationId: string) => ({ stationId }) as BoardStation;

describe('board event ring', () => {
  it('replays what came after an id it still holds, and nothing it lost or never issued', () => {
    const ring = createBoardEventRing(3, 'abc');
    expect(ring.latestId()).toBe('abc-0');
    expect(ring.after('abc-0')).toEqual([]);
    for (const id of ['S1', 'S2', 'S3', 'S4']) ring.add(station(id));
    expect(ring.latestId()).toBe('abc-4');
    expect(ring.after('abc-4')).toEqual([]);
    expect(ring.after('abc-2')?.map((event) => [event.id, event.station.stationId])).toEqual([
      ['abc-3', 'S3'],
      ['abc-4', 'S4'],
    ]);
    expect(ring.after('abc-1')?.map((event) => event.id)).toEqual(['abc-2', 'abc-3', 'abc-4']);
    // abc-1 itself fell out, but everything after it is still here; abc-0 would need abc-1.
    expect(ring.after('abc-0')).toBeUndefined();
    expect(ring.after('abc-5')).toBeUndefined();
    expect(ring.after('old-2')).toBeUndefined();
    expect(ring.after('abc-2x')).toBeUndefined();
    expect(ring.after('')).toBeUndefined();
  });
});
