import { clearInterval, setInterval } from 'node:timers';
import type { BoardSnapshot, BoardStation, TerminalHeartbeat } from '@shared/board';
import type { Booking } from '@shared/booking';
import { bookingFromRow, type BookingRow } from '../bookings/booking-row';
import type { PushBatch, IngestOutcome } from '../bookings/ingest';
import type { Db } from '../db/database';
import type { MasterDataStore } from '../master-data/store';
import { SERVER_TERMINAL_ID } from '../review/server-terminal';
import { createBoardEventRing, type BoardEvent } from './board-event-ring';
import type { BoardFeedPort } from './board-feed-port';
import { createBoardMasterData } from './board-master-data';
import { createBoardStations } from './board-stations';
import type { TerminalCounts } from './station-projection';

// Timers from node:timers, so a test's fake timers cannot stall the offline check (as in group-commit.ts).

export const DEFAULT_OFFLINE_AFTER_MS = 2 * 60_000;
const DEFAULT_RING_SIZE = 2_000;

export interface BoardFeedOptions {
  db: Db;
  store: MasterDataStore;
  now: () => number;
  /** A station whose terminals were silent this long is `offline` (default 2 minutes). */
  offlineAfterMs?: number;
  /** How many station events are kept for `Last-Event-ID` replay. */
  ringSize?: number;
}

/**
 * The board's live state: built from the database once at start, then kept up to date by the ingest hook
 * (`afterPush`) and terminal heartbeats. Publishes a `station` event whenever a station's board object
 * changes, and when a station goes offline (or a new one appears) without any booking.
 */
export function createBoardFeed(options: BoardFeedOptions) {
  const { db, now } = options;
  const offlineAfterMs = options.offlineAfterMs ?? DEFAULT_OFFLINE_AFTER_MS;
  const latestChange = db.prepare('SELECT COALESCE(MAX(seq), 0) FROM master_records').pluck();
  const masterData = createBoardMasterData(() => ({ store: options.store, version: latestChange.get() }));
  const startedAt = now();
  const stations = createBoardStations({ masterData, offlineAfterMs, startedAt, now });
  const { projection } = stations;
  const ring = createBoardEventRing(options.ringSize ?? DEFAULT_RING_SIZE, startedAt.toString(36));
  const toEvent = (station: BoardStation): BoardEvent => ring.add(station);
  const touchTerminal = db.prepare('UPDATE terminals SET last_seen_at = ? WHERE id = ?');

  const selectBookingById = db.prepare('SELECT * FROM bookings WHERE id = ?');
  const lastSeenOf = db.prepare('SELECT last_seen_at FROM terminals WHERE id = ?').pluck();
  const countRejected = db.prepare('SELECT COUNT(*) FROM rejected_bookings WHERE terminal_id = ?').pluck();
  const countQuarantined = db.prepare('SELECT COUNT(*) FROM quarantined_bookings WHERE terminal_id = ?').pluck();
  // Missing slots of the epochs that have a gap: the range past ackedUpTo minus what is stored or rejected there.
  const gapsOf = `
    SELECT e.terminal_id AS terminalId, SUM(MAX(0, e.max_seq - e.acked_up_to
      - (SELECT COUNT(*) FROM bookings b WHERE b.terminal_id = e.terminal_id AND b.epoch = e.epoch AND b.seq > e.acked_up_to)
      - (SELECT COUNT(DISTINCT r.seq) FROM rejected_bookings r WHERE r.terminal_id = e.terminal_id AND r.epoch = e.epoch
           AND r.seq > e.acked_up_to AND r.seq <= e.max_seq))) AS gaps
    FROM terminal_epochs e WHERE e.acked_up_to < e.max_seq`;
  const countGaps = db.prepare(`${gapsOf} AND e.terminal_id = ?`);

  const reversedBy = (booking: Booking): Booking | undefined => {
    if (booking.type !== 'booking.reverse') return undefined;
    const row = selectBookingById.get((booking.payload as { reversedBookingId: string }).reversedBookingId) as
      BookingRow | undefined;
    return row === undefined ? undefined : (bookingFromRow(row) as Booking);
  };

  function load(): void {
    // Stored bookings passed validation on the way in; server order is the order they were folded in live.
    const rows = db.prepare('SELECT * FROM bookings ORDER BY server_seq').iterate() as IterableIterator<BookingRow>;
    for (const row of rows) {
      const booking = bookingFromRow(row) as Booking;
      projection.apply(booking, reversedBy(booking));
    }
    const terminals = db
      .prepare('SELECT id, station_id AS stationId, last_seen_at AS lastSeenAt FROM terminals')
      .all() as Array<{ id: string; stationId: string; lastSeenAt: number | null }>;
    const gaps = new Map(
      (db.prepare(`${gapsOf} GROUP BY e.terminal_id`).all() as Array<{ terminalId: string; gaps: number }>).map(
        (row) => [row.terminalId, row.gaps],
      ),
    );
    for (const terminal of terminals) {
      // The server's own identity (reversals decided in the review queue) is no station's terminal.
      if (terminal.id === SERVER_TERMINAL_ID) continue;
      if (terminal.lastSeenAt !== null) projection.recordContact(terminal.stationId, terminal.id, terminal.lastSeenAt);
      const counts = countsOf(terminal.id, gaps.get(terminal.id) ?? 0);
      if (counts.gaps + counts.quarantined + counts.rejected > 0)
        projection.recordTerminalCounts(terminal.stationId, terminal.id, counts);
    }
    stations.rememberAll();
  }

  function countsOf(terminalId: string, gaps: number): TerminalCounts {
    return {
      gaps,
      quarantined: countQuarantined.get(terminalId) as number,
      rejected: countRejected.get(terminalId) as number,
    };
  }

  const publishStations = (stationIds: Iterable<string>) => stations.publishStations(stationIds, toEvent);
  const checkOffline = () => stations.checkOffline(toEvent);

  load();
  const offlineTimer = setInterval(checkOffline, Math.min(5_000, Math.max(250, offlineAfterMs / 4)));
  offlineTimer.unref();

  return {
    offlineAfterMs,

    /** The ingest hook: folds in what a committed push stored and refreshes the pushing terminal's health. */
    afterPush(batch: PushBatch, outcome: IngestOutcome): void {
      const touched = new Set<string>([batch.enrolledStationId]);
      for (const booking of outcome.accepted) touched.add(projection.apply(booking, reversedBy(booking)));
      // A reversal the server books for a lead says nothing about the station's terminal being reachable.
      if (batch.terminalId === SERVER_TERMINAL_ID) {
        publishStations(touched);
        return;
      }
      // The contact time the push stored, so the board shows the same last contact before and after a restart.
      const lastSeenAt = (lastSeenOf.get(batch.terminalId) as number | null | undefined) ?? now();
      projection.recordContact(batch.enrolledStationId, batch.terminalId, lastSeenAt);
      const gaps = (countGaps.get(batch.terminalId) as { gaps: number | null } | undefined)?.gaps ?? 0;
      // Accepted bookings and exact duplicates add no evidence; only then are the evidence tables counted again.
      const hasEvidence = outcome.results.some(
        (result) => result.status === 'quarantined' || result.status === 'rejected' || result.reason !== undefined,
      );
      const counts = hasEvidence ? countsOf(batch.terminalId, gaps) : { gaps };
      projection.recordTerminalCounts(batch.enrolledStationId, batch.terminalId, counts);
      publishStations(touched);
    },

    /** Stored like a push's contact, so a restarted server knows who was online. */
    heartbeat(terminal: { id: string; stationId: string }, heartbeat: TerminalHeartbeat): number {
      const at = now();
      touchTerminal.run(at, terminal.id);
      projection.recordHeartbeat(terminal.stationId, terminal.id, heartbeat, at);
      publishStations([terminal.stationId]);
      return at;
    },

    snapshot: (): BoardSnapshot => stations.snapshot(),

    /**
     * What a (re)connecting SSE client needs first: the events after its `Last-Event-ID` while the ring still
     * has them, else the current state of every station under the newest id.
     */
    catchUp(lastEventId: string | undefined): BoardEvent[] {
      const missed = lastEventId === undefined ? undefined : ring.after(lastEventId);
      if (missed !== undefined) return missed;
      const id = ring.latestId();
      return this.snapshot().stations.map((station) => ({ id, station }));
    },

    subscribe: stations.subscribe,

    /** Runs the offline check now (the timer does it every few seconds). */
    checkOffline,

    close(): void {
      clearInterval(offlineTimer);
      stations.close();
    },
  };
}

export type BoardFeed = ReturnType<typeof createBoardFeed>;

/** SQLite's feed behind the port the routes take (it answers at once; the port is asynchronous for PostgreSQL). */
export function sqliteBoardFeedPort(feed: BoardFeed): BoardFeedPort {
  return {
    heartbeat: async (terminal, heartbeat) => feed.heartbeat(terminal, heartbeat),
    snapshot: async () => feed.snapshot(),
    catchUp: async (lastEventId) => feed.catchUp(lastEventId),
    subscribe: (listener) => feed.subscribe(listener),
  };
}
