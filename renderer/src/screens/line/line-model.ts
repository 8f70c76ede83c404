import type { BoardStation, BoardStationState } from '@shared/board';
import type { LineNote } from '@shared/board/line-notes';

// What one tile of the lead's Line view shows, from the server's board or from this terminal's own state.

export interface LineTileOperation {
  label: string;
  good: number;
  scrap: number;
  planned: number;
  /** Good pieces expected by now; null where it is not known (this station's own, offline). */
  target: number | null;
  unit: string;
}

export interface LineTile {
  stationId: string;
  name: string;
  state: BoardStationState;
  /** Business time the state began; null when unknown. */
  since: number | null;
  reason: string | null;
  operators: string[];
  operations: LineTileOperation[];
  /** Scanners the station's terminal reported as not connected (server's board only). */
  scannersDown: number;
}

type Language = 'de' | 'en' | 'pl' | 'tr';

export function tileFromBoard(station: BoardStation, language: Language): LineTile {
  return {
    stationId: station.stationId,
    name: station.name,
    state: station.state,
    since: station.since,
    reason: station.reasonTexts?.[language] ?? station.reasonText ?? station.reasonCode ?? null,
    operators: station.operators.map((operator) => operator.name),
    operations: station.operations.map((operation) => ({
      label: `${operation.orderNumber} · ${operation.operationNumber}`,
      good: operation.good,
      scrap: operation.scrap,
      planned: operation.planned,
      target: operation.target,
      unit: operation.unit,
    })),
    scannersDown: (station.terminal.scanners ?? []).filter((scanner) => scanner.state !== 'connected').length,
  };
}

/** Problems first (down, interrupted, offline), then the rest by station id: what a lead must act on. */
const STATE_RANK: Record<BoardStationState, number> = {
  down: 0,
  interrupted: 1,
  offline: 2,
  setup: 3,
  idle: 4,
  producing: 5,
};

export function sortTiles(tiles: readonly LineTile[]): LineTile[] {
  return [...tiles].sort((a, b) => STATE_RANK[a.state] - STATE_RANK[b.state] || a.stationId.localeCompare(b.stationId));
}

/** Whole minutes since `at`; never negative (a clock step back must not show "-2 min"). */
export function ageMinutes(at: number, now: number): number {
  return Math.max(0, Math.floor((now - at) / 60_000));
}

/** Notes of the stations on the board (and this one), newest first, at most `limit`. */
export function notesForLine(notes: readonly LineNote[], stationIds: ReadonlySet<string>, limit = 30): LineNote[] {
  return notes
    .filter((note) => stationIds.has(note.stationId))
    .sort((a, b) => b.occurredAt - a.occurredAt)
    .slice(0, limit);
}
