import type { BoardOperation, BoardStation } from '@shared/board';

/** Below this share of the time-based target a station counts as behind (a few pieces of noise are not). */
export const BEHIND_TARGET_RATIO = 0.9;

export function isOperationBehind(op: BoardOperation): boolean {
  return op.target > 0 && op.good < op.target * BEHIND_TARGET_RATIO;
}

/** An offline station's figures are not current, so it is not judged against its target. */
export function isBehindTarget(station: BoardStation): boolean {
  return station.state !== 'offline' && station.operations.some(isOperationBehind);
}

/** 0 is the most urgent: down, then behind target, then offline terminals, then interrupted, then the rest. */
export function urgencyOf(station: BoardStation): number {
  if (station.state === 'down') return 0;
  if (isBehindTarget(station)) return 1;
  if (station.state === 'offline') return 2;
  if (station.state === 'interrupted') return 3;
  return 4;
}

/** Problems first; within a rank the longest-lasting problem first, then the stations in plant order (id). */
export function orderStations(stations: readonly BoardStation[]): BoardStation[] {
  return [...stations].sort((a, b) => {
    const rank = urgencyOf(a) - urgencyOf(b);
    if (rank !== 0) return rank;
    if (urgencyOf(a) < 4 && a.since !== b.since) return a.since - b.since;
    return a.stationId.localeCompare(b.stationId);
  });
}
