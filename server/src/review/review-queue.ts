import { OperatorSchema } from '../../../shared/master-data';
import type { ReviewItem, ReviewQueue, ReviewResolution } from '../../../shared/review';
import type { Db } from '../db/database';
import { bookingFromRow, type BookingRow } from '../bookings/booking-row';
import { rejectionOf } from '../bookings/push-items';
import type { MasterDataStore } from '../master-data/store';
import { SERVER_TERMINAL_ID } from './server-terminal';

/** The queue shows the oldest open items of each kind; `openCount` says how many there are in all. */
export const MAX_ITEMS_PER_KIND = 200;
const MAX_RESOLVED_SHOWN = 50;
/** A rejected item's JSON text up to this length is listed as the item; a longer one only as its start. */
export const MAX_REJECTED_TEXT = 16_000;

interface QuarantineRow {
  rowid: number;
  id: string;
  terminal_id: string;
  station_id: string | null;
  seq: number;
  conflicts_with_id: string;
  kind: string;
  booking: string;
  received_at: number;
}

interface GapRow {
  terminal_id: string;
  station_id: string;
  epoch: string;
  acked_up_to: number;
  max_seq: number;
  gap_since: number | null;
}

interface RejectedRow {
  rowid: number;
  terminal_id: string;
  station_id: string;
  epoch: string;
  seq: number | null;
  reason: string;
  received_at: number;
  raw_length: number;
  raw_start: string;
  named_station: unknown;
}

export const flaggedItemId = (bookingId: string) => `booking:${bookingId}`;
export const quarantineItemId = (rowid: number) => `quarantine:${rowid}`;
export const gapItemId = (terminalId: string, epoch: string, ackedUpTo: number) =>
  `gap:${terminalId}:${epoch}:${ackedUpTo}`;
export const rejectedItemId = (rowid: number) => `rejected:${rowid}`;

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

/** Read side of the review queue: open items with what the server knows about each, and recent decisions. */
export function createReviewQueue(db: Db, store: MasterDataStore) {
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

  const operatorName = (id: unknown): string | undefined =>
    typeof id === 'string' ? OperatorSchema.safeParse(store.get('operators', id)).data?.name : undefined;

  const toFlagged = (row: BookingRow): ReviewItem => {
    const reversedBy = reversalOf.get(row.id) as string | undefined;
    const name = operatorName(row.operator_id);
    return {
      id: flaggedItemId(row.id),
      kind: 'flagged',
      stationId: row.station_id,
      receivedAt: row.received_at,
      findings: (row.review ?? '').split('; '),
      booking: bookingFromRow(row),
      ...(name === undefined ? {} : { operatorName: name }),
      ...(reversedBy === undefined ? {} : { reversedBy }),
    };
  };

  const toQuarantined = (row: QuarantineRow): ReviewItem => {
    const booking = JSON.parse(row.booking) as Record<string, unknown>;
    const stationId = typeof booking.stationId === 'string' ? booking.stationId : (row.station_id ?? '');
    return {
      id: quarantineItemId(row.rowid),
      kind: 'quarantined',
      stationId,
      receivedAt: row.received_at,
      conflict: row.kind,
      conflictsWithId: row.conflicts_with_id,
      booking,
    };
  };

  const toGap = (row: GapRow): ReviewItem => {
    const stored = storedAfter.get({ t: row.terminal_id, e: row.epoch, s: row.acked_up_to }) as number;
    return {
      id: gapItemId(row.terminal_id, row.epoch, row.acked_up_to),
      kind: 'gap',
      stationId: row.station_id,
      terminalId: row.terminal_id,
      epoch: row.epoch,
      firstMissing: row.acked_up_to + 1,
      maxSeq: row.max_seq,
      missing: Math.max(1, row.max_seq - row.acked_up_to - stored),
      since: row.gap_since,
    };
  };

  const toRejected = (row: RejectedRow): ReviewItem => {
    const isWhole = row.raw_length <= MAX_REJECTED_TEXT;
    const sent: unknown = isWhole ? JSON.parse(row.raw_start) : undefined;
    const booking =
      typeof sent === 'object' && sent !== null && !Array.isArray(sent) ? (sent as Record<string, unknown>) : undefined;
    const named = booking ? booking.stationId : row.named_station;
    return {
      id: rejectedItemId(row.rowid),
      kind: 'rejected',
      stationId: row.station_id,
      receivedAt: row.received_at,
      terminalId: row.terminal_id,
      epoch: row.epoch,
      ...(row.seq === null ? {} : { seq: row.seq }),
      rejection: rejectionOf(row.reason),
      reason: row.reason,
      ...(typeof named === 'string' ? { bookingStationId: named } : {}),
      ...(booking ? { booking } : { excerpt: row.raw_start }),
    };
  };

  return {
    list(): ReviewQueue {
      return db.transaction(() => ({
        items: [
          ...(flagged.all(MAX_ITEMS_PER_KIND) as BookingRow[]).map(toFlagged),
          ...(quarantined.all(MAX_ITEMS_PER_KIND) as QuarantineRow[]).map(toQuarantined),
          ...(gaps.all(MAX_ITEMS_PER_KIND) as GapRow[]).map(toGap),
          ...(rejected.all(MAX_ITEMS_PER_KIND) as RejectedRow[]).map(toRejected),
        ],
        openCount: counts.get() as number,
        resolved: (resolutions.all(MAX_RESOLVED_SHOWN) as ResolutionRow[]).map(resolutionFromRow),
      }))();
    },
    /** The booking.reverse that already reverses `bookingId`, if any. */
    reversalOf: (bookingId: string) => reversalOf.get(bookingId) as string | undefined,
  };
}

export interface ResolutionRow {
  item_id: string;
  decision: 'accept' | 'reverse';
  reason: string;
  resolved_by: string;
  resolved_by_name: string;
  resolved_at: number;
  reversal_booking_id: string | null;
}

export function resolutionFromRow(row: ResolutionRow): ReviewResolution {
  return {
    itemId: row.item_id,
    decision: row.decision,
    reason: row.reason,
    resolvedBy: row.resolved_by,
    resolvedByName: row.resolved_by_name,
    resolvedAt: row.resolved_at,
    ...(row.reversal_booking_id === null ? {} : { reversalBookingId: row.reversal_booking_id }),
  };
}

export type ReviewQueueReader = ReturnType<typeof createReviewQueue>;
