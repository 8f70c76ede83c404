import type { BoardSnapshot, BoardStation } from '@shared/board';
import type { BoardEvent } from './board-event-ring';
import type { createBoardMasterData } from './board-master-data';
import { createStationProjection } from './station-projection';

/**
 * The board's rules around the projection, the same for both stores: a station is published only when its
 * board object changed, time alone moves a station to `offline`, and a snapshot is every station now. Where
 * the event ids come from is the store's business (board-feed.ts: an in-memory ring; PostgreSQL: the
 * plant's change feed, storage/pg/pg-board-feed.ts).
 */
export function createBoardStations(options: {
  masterData: ReturnType<typeof createBoardMasterData>;
  offlineAfterMs: number;
  startedAt: number;
  now: () => number;
}) {
  const { masterData, now } = options;
  const projection = createStationProjection({
    masterData,
    offlineAfterMs: options.offlineAfterMs,
    startedAt: options.startedAt,
  });
  const listeners = new Set<(event: BoardEvent) => void>();
  /** What was last published per station (JSON), and its state, to publish changes only. */
  const published = new Map<string, { json: string; state: BoardStation['state'] }>();

  function remember(station: BoardStation): string {
    const json = JSON.stringify(station);
    published.set(station.stationId, { json, state: station.state });
    return json;
  }

  function publish(station: BoardStation, toEvent: (station: BoardStation) => BoardEvent): void {
    const before = published.get(station.stationId)?.json;
    if (remember(station) === before) return;
    const event = toEvent(station);
    for (const listener of listeners) listener(event);
  }

  return {
    projection,

    /** After a load: what every station is now counts as published (a client starts from a snapshot). */
    rememberAll(): void {
      masterData.refresh();
      const at = now();
      for (const stationId of projection.stationIds()) remember(projection.station(stationId, at));
    },

    publishStations(stationIds: Iterable<string>, toEvent: (station: BoardStation) => BoardEvent): void {
      masterData.refresh();
      const at = now();
      for (const stationId of stationIds) publish(projection.station(stationId, at), toEvent);
    },

    /** Time moves stations to `offline` without any booking; targets moving with time are not events. */
    checkOffline(toEvent: (station: BoardStation) => BoardEvent): void {
      masterData.refresh();
      const at = now();
      for (const stationId of projection.stationIds()) {
        const station = projection.station(stationId, at);
        if (published.get(stationId)?.state !== station.state) publish(station, toEvent);
      }
    },

    snapshot(): BoardSnapshot {
      masterData.refresh();
      const at = now();
      return { generatedAt: at, stations: projection.stationIds().map((id) => projection.station(id, at)) };
    },

    subscribe(listener: (event: BoardEvent) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    close(): void {
      listeners.clear();
    },
  };
}

export type BoardStations = ReturnType<typeof createBoardStations>;
