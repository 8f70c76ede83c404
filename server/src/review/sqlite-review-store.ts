import type { AuditEntry } from '../audit/audit-log';
import type { IngestOutcome, PushBatch } from '../bookings/ingest';
import type { BookingRow } from '../bookings/booking-row';
import type { Db } from '../db/database';
import {
  createLocalTurns,
  MAX_REJECTED_TEXT,
  RESOLUTION_COLUMNS,
  resolutionValues,
  type FlaggedRow,
  type GapRow,
  type OpenItem,
  type OpenReviewRows,
  type QuarantineRow,
  type RejectedRow,
  type ResolutionRow,
  type ReviewStore,
} from './review-store';
import { SERVER_TERMINAL_ID } from './server-terminal';

// The server's own bookings are decisions already taken; listing them would put a reversal of a booking on
// a closed order back into the queue as "order closed".
const OPEN_FLAGGED = `FROM bookings b WHERE b.review IS NOT NULL AND b.terminal_id <> '${SERVER_TERMINAL_ID}'
  AND NOT EXISTS (SELECT 1 FROM review_resolutions r WHERE r.item_id = 'booking:' || b.id)`;
const OPEN_QUARANTINED = `FROM quarantined_bookings q LEFT JOIN terminals t ON t.id = q.terminal_id
  WHERE NOT EXISTS (SELECT 1 FROM review_resolutions r WHERE r.item_id = 'quarantine:' || q.rowid)`;
const OPEN_GAPS = `FROM terminal_epochs e JOIN terminals t ON t.id = e.terminal_id
  WHERE e.acked_up_to < e.max_seq AND NOT EXISTS (SELECT 1 FROM review_resolutions r
    WHERE r.item_id = 'gap:' || e.terminal_id || ':' || e.epoch || ':' || e.acked_up_to)`;
// Every refused item, not only station mismatches: schema-invalid and envelope-mismatched ones are terminal
// defects too, and in each case work the operator did is not booked.
const OPEN_REJECTED = `FROM rejected_bookings j JOIN terminals t ON t.id = j.terminal_id
  WHERE NOT EXISTS (SELECT 1 FROM review_resolutions r WHERE r.item_id = 'rejected:' || j.rowid)`;

/** The review rows read synchronously from SQLite, in one read transaction. */
export function createSqliteReviewRows(db: Db) {
  const flagged = db.prepare(`SELECT b.* ${OPEN_FLAGGED} ORDER BY b.server_seq LIMIT ?`);
  const quarantined = db.prepare(`SELECT q.rowid, q.*, t.station_id ${OPEN_QUARANTINED} ORDER BY q.rowid LIMIT ?`);
  const gaps = db.prepare(
    `SELECT e.terminal_id, t.station_id, e.epoch, e.acked_up_to, e.max_seq, e.gap_since ${OPEN_GAPS}
     ORDER BY e.first_seen_at LIMIT ?`,
  );
  // A terminal may send up to a MiB of anything: only the start of a long text is read, and its station is
  // read by SQLite, where json_valid answers 0 for JSON nested deeper than it parses instead of failing the list.
  const rejected = db.prepare(
    `SELECT j.rowid, j.terminal_id, t.station_id, j.epoch, j.seq, j.reason, j.received_at,
       length(j.raw) AS raw_length, substr(j.raw, 1, ${MAX_REJECTED_TEXT}) AS raw_start,
       CASE WHEN length(j.raw) > ${MAX_REJECTED_TEXT} AND json_valid(j.raw) AND json_type(j.raw) = 'object'
         THEN json_extract(j.raw, '$.stationId') END AS named_station
     ${OPEN_REJECTED} ORDER BY j.rowid LIMIT ?`,
  );
  const counts = db
    .prepare(
      `SELECT (SELECT COUNT(*) ${OPEN_FLAGGED}) + (SELECT COUNT(*) ${OPEN_QUARANTINED}) + (SELECT COUNT(*) ${OPEN_GAPS})
         + (SELECT COUNT(*) ${OPEN_REJECTED})`,
    )
    .pluck();
  const storedAfter = db
    .prepare(
      `SELECT (SELECT COUNT(*) FROM bookings WHERE terminal_id = @t AND epoch = @e AND seq > @s)
            + (SELECT COUNT(DISTINCT seq) FROM rejected_bookings WHERE terminal_id = @t AND epoch = @e AND seq > @s)`,
    )
    .pluck();
  const reversalOf = db
    .prepare(
      `SELECT id FROM bookings WHERE type = 'booking.reverse' AND json_extract(payload, '$.reversedBookingId') = ?
       ORDER BY server_seq LIMIT 1`,
    )
    .pluck();
  const resolutions = db.prepare('SELECT * FROM review_resolutions ORDER BY resolved_at DESC, rowid DESC LIMIT ?');

  const readOpen = db.transaction((limitPerKind: number, resolutionsShown: number): OpenReviewRows => ({
    flagged: (flagged.all(limitPerKind) as BookingRow[]).map((row): FlaggedRow => ({
      ...row,
      reversed_by: (reversalOf.get(row.id) as string | undefined) ?? null,
    })),
    quarantined: quarantined.all(limitPerKind) as QuarantineRow[],
    gaps: (gaps.all(limitPerKind) as Array<Omit<GapRow, 'stored_after'>>).map((row): GapRow => ({
      ...row,
      stored_after: storedAfter.get({ t: row.terminal_id, e: row.epoch, s: row.acked_up_to }) as number,
    })),
    rejected: rejected.all(limitPerKind) as RejectedRow[],
    openCount: counts.get() as number,
    resolutions: resolutions.all(resolutionsShown) as ResolutionRow[],
  }));
  return {
    readOpen,
    openCount: () => counts.get() as number,
    reversalOf: (bookingId: string) => reversalOf.get(bookingId) as string | undefined,
  };
}

/** The review queue's rows in the server's SQLite database; decisions take turns in this process. */
export function createSqliteReviewStore(deps: {
  db: Db;
  ingest: (batch: PushBatch) => Promise<IngestOutcome>;
  audit: (entry: AuditEntry) => void;
}): ReviewStore {
  const { db } = deps;
  const rows = createSqliteReviewRows(db);
  const flaggedBooking = db.prepare(
    `SELECT * FROM bookings WHERE id = ? AND review IS NOT NULL AND terminal_id <> '${SERVER_TERMINAL_ID}'`,
  );
  const quarantinedRow = db.prepare('SELECT 1 FROM quarantined_bookings WHERE rowid = ?').pluck();
  const rejectedRow = db.prepare('SELECT 1 FROM rejected_bookings WHERE rowid = ?').pluck();
  const gapRow = db
    .prepare(
      'SELECT 1 FROM terminal_epochs WHERE terminal_id = ? AND epoch = ? AND acked_up_to = ? AND acked_up_to < max_seq',
    )
    .pluck();
  const resolutionOf = db.prepare('SELECT * FROM review_resolutions WHERE item_id = ?');
  const insertResolution = db.prepare(
    `INSERT INTO review_resolutions (${RESOLUTION_COLUMNS.join(', ')})
     VALUES (${RESOLUTION_COLUMNS.map(() => '?').join(', ')}) ON CONFLICT (item_id) DO NOTHING`,
  );
  const ensureTerminal = db.prepare(
    `INSERT INTO terminals (id, station_id, token_hash, enrolled_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
  );
  const lastSeq = db
    .prepare(
      `SELECT MAX(seq) FROM (SELECT MAX(seq) AS seq FROM bookings WHERE terminal_id = @t AND epoch = @e
         UNION ALL SELECT MAX(seq) FROM rejected_bookings WHERE terminal_id = @t AND epoch = @e)`,
    )
    .pluck();
  const inTurn = createLocalTurns();

  return {
    serverTerminalId: SERVER_TERMINAL_ID,
    readOpen: async (limitPerKind, resolutionsShown) => rows.readOpen(limitPerKind, resolutionsShown),
    openCount: async () => rows.openCount(),
    async findOpenItem(ref): Promise<OpenItem | undefined> {
      switch (ref.kind) {
        case 'flagged': {
          const booking = flaggedBooking.get(ref.bookingId) as BookingRow | undefined;
          return booking ? { kind: 'flagged', booking } : undefined;
        }
        case 'quarantined':
          return quarantinedRow.get(ref.rowId) ? { kind: 'quarantined' } : undefined;
        case 'rejected':
          return rejectedRow.get(ref.rowId) ? { kind: 'rejected' } : undefined;
        case 'gap':
          return gapRow.get(ref.terminalId, ref.epoch, ref.ackedUpTo) ? { kind: 'gap' } : undefined;
      }
    },
    resolutionOf: async (itemId) => resolutionOf.get(itemId) as ResolutionRow | undefined,
    reversalOf: async (bookingId) => rows.reversalOf(bookingId),
    recordResolution: async (row, audit) =>
      db.transaction(() => {
        const inserted = insertResolution.run(...resolutionValues(row)).changes;
        if (inserted > 0) deps.audit(audit);
        return inserted > 0;
      })(),
    oneAtATime: inTurn,
    async ensureServerTerminal(now) {
      ensureTerminal.run(SERVER_TERMINAL_ID, SERVER_TERMINAL_ID, `none:${SERVER_TERMINAL_ID}`, now);
    },
    lastServerSeq: async (epoch) => (lastSeq.get({ t: SERVER_TERMINAL_ID, e: epoch }) as number | null) ?? 0,
    ingest: (batch) => deps.ingest(batch),
  };
}
