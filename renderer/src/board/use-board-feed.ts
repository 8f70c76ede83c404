import { useEffect, useState } from 'react';
import { BOARD_STATION_EVENT, BoardStationSchema, type BoardStation } from '@shared/board';
import { BoardApiError, fetchBoard } from './board-api';
import { watchLiveness } from './sse-liveness';

export type FeedConnection = 'connecting' | 'live' | 'stale';

export interface BoardFeed {
  stations: ReadonlyMap<string, BoardStation>;
  connection: FeedConnection;
  /** Client time up to which the shown state is known to be current: its age when the feed is stale. */
  lastUpdateAt: number | null;
  /** Server clock minus client clock, so durations are counted in the server's time. */
  serverOffsetMs: number;
}

/** An EventSource the server closed (restart, expired session) is replaced after this pause. */
const RECONNECT_DELAY_MS = 3_000;

/**
 * One EventSource per window: a snapshot on every (re)connect, then `station` events. On a lost connection
 * the last state stays on screen marked `stale` with its age, and the feed reconnects by itself.
 */
export function useBoardFeed(onUnauthorized: () => void): BoardFeed {
  const [feed, setFeed] = useState<BoardFeed>({
    stations: new Map(),
    connection: 'connecting',
    lastUpdateAt: null,
    serverOffsetMs: 0,
  });

  useEffect(() => {
    let source: EventSource | undefined;
    let stopWatching: (() => void) | undefined;
    let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
    let isStopped = false;
    // Events that arrive while the snapshot is on its way are applied after it, so none is lost.
    let pending: BoardStation[] | undefined;

    // While live the state was current up to this moment (or the last event of a link gone silent); from now on it ages.
    const markStale = (knownUpTo = Date.now()) =>
      setFeed((current) =>
        current.connection === 'stale' ? current : { ...current, connection: 'stale', lastUpdateAt: knownUpTo },
      );
    const apply = (updates: readonly BoardStation[]) =>
      setFeed((current) => {
        const stations = new Map(current.stations);
        for (const station of updates) stations.set(station.stationId, station);
        return { ...current, stations, lastUpdateAt: Date.now() };
      });

    const loadSnapshot = async () => {
      pending = [];
      try {
        const snapshot = await fetchBoard();
        if (isStopped) return;
        const queued = pending;
        pending = undefined;
        setFeed({
          stations: new Map(snapshot.stations.map((station) => [station.stationId, station])),
          connection: 'live',
          lastUpdateAt: Date.now(),
          serverOffsetMs: snapshot.generatedAt - Date.now(),
        });
        apply(queued);
      } catch (error) {
        pending = undefined;
        if (error instanceof BoardApiError && error.status === 401) onUnauthorized();
        else reconnectSoon();
      }
    };

    const connect = () => {
      if (isStopped) return;
      source?.close();
      const next = new EventSource('/api/v1/board/events');
      source = next;
      stopWatching?.();
      // A half-open link never errors: silence past a few heartbeats counts as lost, and a new source replaces it.
      stopWatching = watchLiveness(next, (lastHeardAt) => {
        markStale(lastHeardAt);
        connect();
      });
      next.addEventListener('open', () => {
        void loadSnapshot();
      });
      next.addEventListener(BOARD_STATION_EVENT, (event) => {
        const parsed = BoardStationSchema.safeParse(safeJson((event as MessageEvent<string>).data));
        if (!parsed.success) return;
        if (pending) pending.push(parsed.data);
        else apply([parsed.data]);
      });
      next.addEventListener('error', () => {
        markStale();
        // The browser retries by itself unless the server answered with an error (then the source is closed).
        if (next.readyState === EventSource.CLOSED) reconnectSoon();
      });
    };

    const reconnectSoon = () => {
      markStale();
      clearTimeout(reconnectTimer);
      reconnectTimer = setTimeout(connect, RECONNECT_DELAY_MS);
    };

    connect();
    return () => {
      isStopped = true;
      clearTimeout(reconnectTimer);
      stopWatching?.();
      source?.close();
    };
  }, [onUnauthorized]);

  return feed;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Re-renders every `intervalMs` so running durations and ages count up. */
export function useNow(intervalMs = 1_000): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** `1:02:03` or `2:03` for a duration in ms (never negative). */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const mm = hours > 0 ? String(minutes).padStart(2, '0') : String(minutes);
  return `${hours > 0 ? `${hours}:` : ''}${mm}:${String(seconds).padStart(2, '0')}`;
}
