import { randomBytes } from 'node:crypto';
import { clearInterval, clearTimeout, setInterval, setTimeout } from 'node:timers';
import pg from 'pg';
import type { BoardStation, TerminalHeartbeat } from '@shared/board';
import type { Booking } from '@shared/booking';
import type { BoardEvent } from '../../board/board-event-ring';
import { DEFAULT_OFFLINE_AFTER_MS } from '../../board/board-feed';
import type { BoardFeedPort } from '../../board/board-feed-port';
import { createBoardMasterData } from '../../board/board-master-data';
import { createBoardStations, type BoardStations } from '../../board/board-stations';
import type { IngestOutcome, PushBatch } from '../../bookings/ingest';
import { bookingFromRow, type BookingRow } from '../../bookings/booking-row';
import type { MasterDataStore } from '../../master-data/store';
import type { PgMasterDataReader } from './pg-master-data-reader';
import { pgServerTerminalId } from './pg-review';

// The live board on PostgreSQL, correct with any number of instances. Every push and heartbeat, on whichever
// instance, appends a row to the plant's change feed (board_changes, migration 4) whose position comes from
// the plant's counter row in the same statement: positions commit in order and without gaps. Each instance
// folds the feed in position order into its own projection (the same pure rules as on SQLite) and publishes
// to its SSE clients. NOTIFY on a dedicated connection wakes the instances; a poll covers a lost
// notification or a dropped connection, which is reopened. An event's id is `<feed id>-<position>`: the same
// on every instance, so a client that reconnects to another instance is sent what changed after it.

const CHANNEL = 'takt_board';
const PAGE = 500;
/** Changes older than this (and not among the newest KEEP_CHANGES) are deleted; a follower that far behind reloads. */
const KEEP_MS = 15 * 60_000;
const KEEP_CHANGES = 10_000;
const PRUNE_EVERY = 1_000;
const MAX_RECONNECT_MS = 5_000;
const EVENT_ID = /^([0-9a-z]+)-(\d{1,15})$/;
const CLOCK_MARGIN_MS = 5_000;

export interface PgBoardFeedOptions {
  pool: pg.Pool;
  /** For the LISTEN connection, which stays open and is not the pool's. */
  connectionString: string;
  plantId: string;
  masterData: PgMasterDataReader;
  now: () => number;
  offlineAfterMs?: number;
  /** How often the feed is read without a notification (default 2 s). */
  pollMs?: number;
  log: { warn(object: object, message: string): void; error(object: object, message: string): void };
}

export interface PgBoardFeed extends BoardFeedPort {
  /** After a push committed: appends it to the feed (the instances fold the terminal's new bookings from there). */
  recordPush(batch: PushBatch, outcome: IngestOutcome): Promise<void>;
  /** Reads and folds what the feed has now; resolves when this instance is up to date with it. */
  drain(): Promise<void>;
  close(): Promise<void>;
}

interface ChangeRow {
  position: number;
  kind: 'push' | 'heartbeat';
  terminal_id: string;
  station_id: string;
  has_evidence: boolean;
  heartbeat: string | null;
  at: number;
}

interface TerminalFacts {
  last_seen_at: number | null;
  gaps: number;
  quarantined: number | null;
  rejected: number | null;
}

/** Missing slots of a terminal's epochs past ackedUpTo, minus what is stored or rejected there (as on SQLite). */
const GAPS = `COALESCE((SELECT SUM(GREATEST(0, e.max_seq - e.acked_up_to
    - (SELECT COUNT(*) FROM bookings b WHERE b.plant_id = e.plant_id AND b.terminal_id = e.terminal_id
         AND b.epoch = e.epoch AND b.seq > e.acked_up_to)
    - (SELECT COUNT(DISTINCT r.seq) FROM rejected_bookings r WHERE r.plant_id = e.plant_id
         AND r.terminal_id = e.terminal_id AND r.epoch = e.epoch AND r.seq > e.acked_up_to AND r.seq <= e.max_seq)))
  FROM terminal_epochs e WHERE e.plant_id = t.plant_id AND e.terminal_id = t.id AND e.acked_up_to < e.max_seq), 0)::bigint`;
/** $2: the terminals (NULL: all); $3: those whose evidence tables are counted again (NULL: all). */
const TERMINAL_FACTS = `SELECT t.id, t.station_id, t.last_seen_at, ${GAPS} AS gaps,
    CASE WHEN $3::text[] IS NULL OR t.id = ANY($3) THEN (SELECT COUNT(*) FROM quarantined_bookings q
      WHERE q.plant_id = t.plant_id AND q.terminal_id = t.id) END AS quarantined,
    CASE WHEN $3::text[] IS NULL OR t.id = ANY($3) THEN (SELECT COUNT(*) FROM rejected_bookings j
      WHERE j.plant_id = t.plant_id AND j.terminal_id = t.id) END AS rejected
  FROM terminals t WHERE t.plant_id = $1 AND ($2::text[] IS NULL OR t.id = ANY($2))`;

/**
 * The bookings of the given terminals ($2) past what this instance folded of each ($3), in server order. One
 * index range per terminal (a LATERAL subquery, kept apart by OFFSET 0): the planner cannot tell how few rows
 * `server_seq > after` leaves, and as a plain join it hashed a scan of the plant's whole table per feed page
 * (23 ms for 100 new bookings after 40,000).
 */
export const NEW_BOOKINGS_OF_TERMINALS = `SELECT b.* FROM unnest($2::text[], $3::bigint[]) AS f(terminal_id, after)
  CROSS JOIN LATERAL (SELECT * FROM bookings n
                       WHERE n.plant_id = $1 AND n.terminal_id = f.terminal_id AND n.server_seq > f.after
                      OFFSET 0) AS b
  ORDER BY b.server_seq`;

/** By id alone (unique across plants), then by plant: as the quantity check's read (pg-quantity-review.ts). */
const BOOKINGS_BY_ID = `SELECT * FROM (SELECT * FROM bookings WHERE id = ANY($2) OFFSET 0) AS b WHERE b.plant_id = $1`;

export async function openPgBoardFeed(options: PgBoardFeedOptions): Promise<PgBoardFeed> {
  const { pool, plantId, now, log } = options;
  const offlineAfterMs = options.offlineAfterMs ?? DEFAULT_OFFLINE_AFTER_MS;
  /** The plant's own identity for reversals decided in the review queue: no station's terminal. */
  const serverTerminalId = pgServerTerminalId(plantId);
  await pool.query(
    'INSERT INTO board_counters (plant_id, position, feed_id) VALUES ($1, 0, $2) ON CONFLICT DO NOTHING',
    [plantId, randomBytes(6).readUIntBE(0, 6).toString(36)],
  );

  let view: MasterDataStore = await options.masterData.current();
  const refreshView = async () => {
    view = await options.masterData.current();
  };
  // The read view is replaced when master data changed, so the view itself is the version.
  const masterData = createBoardMasterData(() => ({ store: view, version: view }));
  const listeners = new Set<(event: BoardEvent) => void>();

  let feedId = '';
  /** The last position folded in, and the one the projection was loaded at (replay starts there). */
  let applied = 0;
  let loadedAt = 0;
  let stations: BoardStations;
  /** Per terminal, the newest server_seq folded: a terminal's pushes take turns, so its seqs grow in commit order. */
  let folded = new Map<string, number>();
  /** Per station, the position of the last change that touched it. */
  let changedAt = new Map<string, number>();
  const toEvent =
    (position: number) =>
    (station: BoardStation): BoardEvent => ({
      id: `${feedId}-${position}`,
      station,
    });

  async function reversedTargets(client: pg.PoolClient | pg.Pool, bookings: Booking[]): Promise<Map<string, Booking>> {
    const ids = bookings.flatMap((booking) =>
      booking.type === 'booking.reverse' ? [(booking.payload as { reversedBookingId: string }).reversedBookingId] : [],
    );
    if (ids.length === 0) return new Map();
    const result = await client.query<BookingRow>(BOOKINGS_BY_ID, [plantId, ids]);
    return new Map(result.rows.map((row) => [row.id, bookingFromRow(row) as Booking]));
  }

  function fold(target: BoardStations, rows: BookingRow[], reversed: Map<string, Booking>): Set<string> {
    const touched = new Set<string>();
    for (const row of rows) {
      const booking = bookingFromRow(row) as Booking;
      const reversedBooking =
        booking.type === 'booking.reverse'
          ? reversed.get((booking.payload as { reversedBookingId: string }).reversedBookingId)
          : undefined;
      touched.add(target.projection.apply(booking, reversedBooking));
      folded.set(row.terminal_id, Math.max(folded.get(row.terminal_id) ?? 0, row.server_seq));
    }
    return touched;
  }

  /** `isLoad`: at a load a terminal with nothing open adds no station (a push always records, as on SQLite). */
  function recordTerminal(
    target: BoardStations,
    facts: TerminalFacts & { id: string; station_id: string },
    isLoad: boolean,
  ): void {
    if (facts.id === serverTerminalId) return;
    if (facts.last_seen_at !== null) target.projection.recordContact(facts.station_id, facts.id, facts.last_seen_at);
    if (isLoad && facts.gaps + (facts.quarantined ?? 0) + (facts.rejected ?? 0) === 0) return;
    target.projection.recordTerminalCounts(facts.station_id, facts.id, {
      gaps: facts.gaps,
      ...(facts.quarantined === null ? {} : { quarantined: facts.quarantined }),
      ...(facts.rejected === null ? {} : { rejected: facts.rejected }),
    });
  }

  /** Builds the projection from the database in one snapshot, with the feed position it stands for. */
  async function load(): Promise<BoardStations> {
    await refreshView();
    const next = createBoardStations({ masterData, offlineAfterMs, startedAt: now(), now });
    next.subscribe((event) => {
      for (const listener of listeners) listener(event);
    });
    const foldedBefore = folded;
    folded = new Map();
    let position = 0;
    let loadedFeedId = '';
    const client = await pool.connect();
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const counter = await client.query<{ position: number; feed_id: string }>(
        'SELECT position, feed_id FROM board_counters WHERE plant_id = $1',
        [plantId],
      );
      loadedFeedId = counter.rows[0]?.feed_id ?? '';
      position = counter.rows[0]?.position ?? 0;
      // In pages by server order (the order SQLite folds in), within the one snapshot.
      for (let after = 0; ;) {
        const page = await client.query<BookingRow>(
          'SELECT * FROM bookings WHERE plant_id = $1 AND server_seq > $2 ORDER BY server_seq LIMIT $3',
          [plantId, after, 5_000],
        );
        const bookings = page.rows.map((row) => bookingFromRow(row) as Booking);
        fold(next, page.rows, await reversedTargets(client, bookings));
        if (page.rows.length < 5_000) break;
        after = page.rows.at(-1)?.server_seq ?? after;
      }
      const terminals = await client.query<TerminalFacts & { id: string; station_id: string }>(TERMINAL_FACTS, [
        plantId,
        null,
        null,
      ]);
      for (const terminal of terminals.rows) recordTerminal(next, terminal, true);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      folded = foldedBefore;
      next.close();
      throw error;
    } finally {
      client.release();
    }
    // Only a complete load moves the position: a failed one leaves the feed where the old projection was.
    feedId = loadedFeedId;
    applied = position;
    loadedAt = position;
    changedAt = new Map();
    return next;
  }

  /**
   * Folds one page of the feed with three queries, however many changes it has: the new bookings of its
   * pushing terminals (past what this instance folded of each, in server order), their health, then the
   * heartbeats in feed order. Its events carry the page's last position.
   */
  async function applyPage(changes: ChangeRow[]): Promise<void> {
    const last = changes.at(-1)?.position ?? applied;
    const pushes = changes.filter((change) => change.kind === 'push');
    const pushing = [...new Set(pushes.map((change) => change.terminal_id))];
    const touched = new Set<string>();
    if (pushing.length > 0) {
      const rows = await pool.query<BookingRow>(NEW_BOOKINGS_OF_TERMINALS, [
        plantId,
        pushing,
        pushing.map((terminalId) => folded.get(terminalId) ?? 0),
      ]);
      const bookings = rows.rows.map((row) => bookingFromRow(row) as Booking);
      for (const stationId of fold(stations, rows.rows, await reversedTargets(pool, bookings))) touched.add(stationId);
    }
    // The server's own reversals (review decisions) say nothing about any terminal, nor is it a station.
    const terminals = pushing.filter((terminalId) => terminalId !== serverTerminalId);
    if (terminals.length > 0) {
      // Accepted bookings and exact duplicates add no evidence; only then are the evidence tables counted again.
      const withEvidence = [...new Set(pushes.filter((c) => c.has_evidence).map((c) => c.terminal_id))];
      const facts = await pool.query<TerminalFacts & { id: string; station_id: string }>(TERMINAL_FACTS, [
        plantId,
        terminals,
        withEvidence,
      ]);
      for (const terminal of facts.rows) {
        recordTerminal(stations, terminal, false);
        touched.add(terminal.station_id);
      }
    }
    for (const change of changes) {
      if (change.kind !== 'heartbeat' || change.heartbeat === null) continue;
      const heartbeat = JSON.parse(change.heartbeat) as TerminalHeartbeat;
      stations.projection.recordHeartbeat(change.station_id, change.terminal_id, heartbeat, change.at);
      touched.add(change.station_id);
    }
    for (const stationId of touched) changedAt.set(stationId, last);
    stations.publishStations(touched, toEvent(last));
  }

  async function drainOnce(): Promise<void> {
    await refreshView();
    for (;;) {
      const page = await pool.query<ChangeRow>(
        `SELECT position, kind, terminal_id, station_id, has_evidence, heartbeat, at FROM board_changes
          WHERE plant_id = $1 AND position > $2 ORDER BY position LIMIT $3`,
        [plantId, applied, PAGE],
      );
      const first = page.rows[0];
      if (first !== undefined && first.position !== applied + 1) {
        // Pruned before this instance read it (it was cut off for long): start again from the database.
        log.warn(
          { applied, next: first.position },
          'board feed: changes were pruned before this instance read them; reloading',
        );
        const before = stations;
        stations = await load();
        before.close();
        // The reloaded state is news to the clients: every station goes out once under the new position.
        stations.publishStations(stations.projection.stationIds(), toEvent(applied));
        return;
      }
      if (page.rows.length > 0) {
        await applyPage(page.rows);
        applied = page.rows.at(-1)?.position ?? applied;
      }
      if (page.rows.length < PAGE) return;
    }
  }

  // One reader at a time; a call while one runs waits for a fresh round, so it sees what committed before it.
  let running: Promise<void> | undefined;
  let queued: Promise<void> | undefined;
  function drain(): Promise<void> {
    if (queued) return queued;
    if (running) {
      queued = running
        .catch(() => undefined)
        .then(() => {
          queued = undefined;
          return drain();
        });
      return queued;
    }
    running = drainOnce().finally(() => {
      running = undefined;
    });
    return running;
  }
  const drainLogged = () =>
    drain().catch((error: unknown) => log.error({ err: error }, 'board feed: reading the change feed failed'));

  stations = await load();
  stations.rememberAll();

  let isClosed = false;
  let listenClient: pg.Client | undefined;
  let reconnectTimer: NodeJS.Timeout | undefined;
  let reconnectMs = 100;

  function reconnectLater(client: pg.Client): void {
    if (isClosed || client !== listenClient) return;
    listenClient = undefined;
    client.end().catch(() => undefined);
    reconnectTimer = setTimeout(() => {
      reconnectTimer = undefined;
      void listen();
    }, reconnectMs);
    reconnectMs = Math.min(MAX_RECONNECT_MS, reconnectMs * 2);
  }

  async function listen(): Promise<void> {
    const client = new pg.Client({ connectionString: options.connectionString, application_name: 'takt-board-listen' });
    listenClient = client;
    client.on('notification', (message) => {
      if (message.payload === plantId) void drainLogged();
    });
    client.on('error', (error) => {
      log.warn({ err: error }, 'board feed: the LISTEN connection failed; reconnecting');
      reconnectLater(client);
    });
    client.on('end', () => reconnectLater(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      reconnectMs = 100;
      // What was committed while nobody listened.
      void drainLogged();
    } catch (error) {
      log.warn({ err: error }, 'board feed: could not LISTEN; retrying');
      reconnectLater(client);
    }
  }
  await listen();

  const pollTimer = setInterval(() => void drainLogged(), options.pollMs ?? 2_000);
  pollTimer.unref();
  // Time moves stations to `offline`; each instance decides it the same way from the same contacts.
  const offlineTimer = setInterval(
    () =>
      void drainLogged().then(() => {
        if (!isClosed) stations.checkOffline(toEvent(applied));
      }),
    Math.min(5_000, Math.max(250, offlineAfterMs / 4)),
  );
  offlineTimer.unref();

  let appended = 0;
  /** Appends a change and wakes every instance; the counter row orders it (see the file's comment). */
  async function append(
    kind: ChangeRow['kind'],
    terminalId: string,
    stationId: string,
    hasEvidence: boolean,
    heartbeat: string | null,
    at: number,
    contact: boolean,
  ): Promise<void> {
    const result = await pool.query<{ position: number }>(
      `WITH contact AS (
         UPDATE terminals SET last_seen_at = $7 WHERE $6 AND plant_id = $1 AND id = $3
       ), next AS (
         UPDATE board_counters SET position = position + 1 WHERE plant_id = $1 RETURNING position
       )
       INSERT INTO board_changes (plant_id, position, kind, terminal_id, station_id, has_evidence, heartbeat, at)
       SELECT $1, next.position, $2, $3, $4, $5, $8, $7 FROM next
       RETURNING position, pg_notify('${CHANNEL}', $1)`,
      [plantId, kind, terminalId, stationId, hasEvidence, contact, at, heartbeat],
    );
    appended += 1;
    const position = result.rows[0]?.position ?? 0;
    if (appended % PRUNE_EVERY === 0) {
      await pool.query('DELETE FROM board_changes WHERE plant_id = $1 AND position <= $2 AND at < $3', [
        plantId,
        position - KEEP_CHANGES,
        now() - KEEP_MS,
      ]);
    }
  }

  return {
    async recordPush(batch, outcome) {
      const hasEvidence = outcome.results.some(
        (result) => result.status === 'quarantined' || result.status === 'rejected' || result.reason !== undefined,
      );
      // The push stored the contact time already (pg-sync-storage); the change only points at the terminal.
      await append('push', batch.terminalId, batch.enrolledStationId, hasEvidence, null, now(), false);
    },

    async heartbeat(terminal, heartbeat) {
      const at = now();
      // Stored like a push's contact, so a restarted server (or another instance) knows who was online.
      await append('heartbeat', terminal.id, terminal.stationId, false, JSON.stringify(heartbeat), at, true);
      return at;
    },

    async snapshot() {
      await drain();
      return stations.snapshot();
    },

    async catchUp(lastEventId) {
      await drain();
      const match = lastEventId === undefined ? null : EVENT_ID.exec(lastEventId);
      const seen = match ? Number(match[2]) : Number.NaN;
      const stationsNow = stations.snapshot().stations;
      const id = `${feedId}-${applied}`;
      const everything = () => stationsNow.map((station) => ({ id, station }));
      if (!match || match[1] !== feedId || seen < loadedAt || seen > applied) return everything();
      // Position 0 is the empty feed: since then, any time.
      const change =
        seen === 0
          ? undefined
          : await pool.query<{ at: number }>('SELECT at FROM board_changes WHERE plant_id = $1 AND position = $2', [
              plantId,
              seen,
            ]);
      const seenAt = change === undefined ? Number.NEGATIVE_INFINITY : change.rows[0]?.at;
      if (seenAt === undefined) return everything();
      // What changed after the client's position, and what went offline since: time alone does that, without
      // a change in the feed, and the client may have missed that event on another instance. (A margin for
      // the instances' clocks; a station sent twice is harmless.)
      const wentOfflineSince = (station: BoardStation) =>
        station.state === 'offline' &&
        station.terminal.lastSeenAt !== null &&
        station.terminal.lastSeenAt + offlineAfterMs > seenAt - CLOCK_MARGIN_MS;
      return stationsNow
        .filter((station) => (changedAt.get(station.stationId) ?? 0) > seen || wentOfflineSince(station))
        .map((station) => ({ id, station }));
    },

    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    drain,

    async close() {
      isClosed = true;
      clearInterval(pollTimer);
      clearInterval(offlineTimer);
      if (reconnectTimer) clearTimeout(reconnectTimer);
      const client = listenClient;
      listenClient = undefined;
      await client?.end().catch(() => undefined);
      await running?.catch(() => undefined);
      stations.close();
      listeners.clear();
    },
  };
}
