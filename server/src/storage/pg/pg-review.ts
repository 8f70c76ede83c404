import type pg from 'pg';
import type { IngestOutcome, PushBatch } from '../../bookings/ingest';
import type { BookingRow } from '../../bookings/booking-row';
import {
  MAX_REJECTED_TEXT,
  RESOLUTION_COLUMNS,
  resolutionValues,
  type FlaggedRow,
  type GapRow,
  type OpenItem,
  type QuarantineRow,
  type RejectedRow,
  type ResolutionRow,
  type ReviewStore,
} from '../../review/review-store';
import { SERVER_TERMINAL_ID } from '../../review/server-terminal';
import { appendPgAudit } from './pg-audit';
import { pgTransaction } from './pg-transaction';

/**
 * The server terminal of a plant on PostgreSQL. Terminal ids are unique across plants, so each plant has its
 * own; move-to-postgres renames a SQLite database's `takt-server` to it.
 */
export const pgServerTerminalId = (plantId: string) => `${SERVER_TERMINAL_ID}@${plantId}`;

// $1 is the plant, $2 the server terminal ids (their bookings are decisions already taken, see SQLite's).
const OPEN_FLAGGED = `FROM bookings b WHERE b.plant_id = $1 AND b.review IS NOT NULL AND b.terminal_id <> ALL($2::text[])
  AND NOT EXISTS (SELECT 1 FROM review_resolutions r WHERE r.plant_id = $1 AND r.item_id = 'booking:' || b.id)`;
const OPEN_QUARANTINED = `FROM quarantined_bookings q LEFT JOIN terminals t ON t.id = q.terminal_id
  WHERE q.plant_id = $1
    AND NOT EXISTS (SELECT 1 FROM review_resolutions r WHERE r.plant_id = $1 AND r.item_id = 'quarantine:' || q.row_id)`;
const OPEN_GAPS = `FROM terminal_epochs e JOIN terminals t ON t.id = e.terminal_id
  WHERE e.plant_id = $1 AND e.acked_up_to < e.max_seq AND NOT EXISTS (SELECT 1 FROM review_resolutions r
    WHERE r.plant_id = $1 AND r.item_id = 'gap:' || e.terminal_id || ':' || e.epoch || ':' || e.acked_up_to)`;
const OPEN_REJECTED = `FROM rejected_bookings j JOIN terminals t ON t.id = j.terminal_id
  WHERE j.plant_id = $1
    AND NOT EXISTS (SELECT 1 FROM review_resolutions r WHERE r.plant_id = $1 AND r.item_id = 'rejected:' || j.row_id)`;
const OPEN_COUNT = `SELECT ((SELECT COUNT(*) ${OPEN_FLAGGED}) + (SELECT COUNT(*) ${OPEN_QUARANTINED})
  + (SELECT COUNT(*) ${OPEN_GAPS}) + (SELECT COUNT(*) ${OPEN_REJECTED}))::int AS count`;
const REVERSAL_OF = `SELECT id FROM bookings WHERE plant_id = $1 AND type = 'booking.reverse'
  AND (payload::jsonb) ->> 'reversedBookingId' = $2 ORDER BY server_seq LIMIT 1`;

/** Arbitrary but fixed: review decisions of one plant take turns across instances. */
const REVIEW_LOCK = 'takt-review:';

/** The review queue's rows of one plant in PostgreSQL; decisions take turns on an advisory lock. */
export function createPgReviewStore(deps: {
  pool: pg.Pool;
  plantId: string;
  ingest: (batch: PushBatch) => Promise<IngestOutcome>;
}): ReviewStore {
  const { pool, plantId } = deps;
  const serverTerminalId = pgServerTerminalId(plantId);
  const serverIds = [serverTerminalId];

  return {
    serverTerminalId,

    readOpen: (limitPerKind, resolutionsShown) =>
      pgTransaction(pool, async (client) => {
        // One snapshot for the lists, the count and the decisions, as SQLite's read transaction.
        await client.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
        const flagged = await client.query<FlaggedRow>(
          `SELECT b.*, (${REVERSAL_OF.replace('$2', 'b.id')}) AS reversed_by ${OPEN_FLAGGED}
            ORDER BY b.server_seq LIMIT $3`,
          [plantId, serverIds, limitPerKind],
        );
        const quarantined = await client.query<QuarantineRow>(
          `SELECT q.row_id AS rowid, q.*, t.station_id ${OPEN_QUARANTINED} ORDER BY q.row_id LIMIT $2`,
          [plantId, limitPerKind],
        );
        const gaps = await client.query<GapRow>(
          `SELECT e.terminal_id, t.station_id, e.epoch, e.acked_up_to, e.max_seq, e.gap_since,
             ((SELECT COUNT(*) FROM bookings s
                WHERE s.plant_id = $1 AND s.terminal_id = e.terminal_id AND s.epoch = e.epoch AND s.seq > e.acked_up_to)
              + (SELECT COUNT(DISTINCT j.seq) FROM rejected_bookings j
                WHERE j.plant_id = $1 AND j.terminal_id = e.terminal_id AND j.epoch = e.epoch AND j.seq > e.acked_up_to)
             )::int AS stored_after
           ${OPEN_GAPS} ORDER BY e.first_seen_at LIMIT $2`,
          [plantId, limitPerKind],
        );
        // Only the start of a long text is read; its station is read by the database (takt_named_station).
        const rejected = await client.query<RejectedRow>(
          `SELECT j.row_id AS rowid, j.terminal_id, t.station_id, j.epoch, j.seq, j.reason, j.received_at,
             length(j.raw) AS raw_length, substr(j.raw, 1, ${MAX_REJECTED_TEXT}) AS raw_start,
             CASE WHEN length(j.raw) > ${MAX_REJECTED_TEXT} THEN takt_named_station(j.raw) END AS named_station
           ${OPEN_REJECTED} ORDER BY j.row_id LIMIT $2`,
          [plantId, limitPerKind],
        );
        const count = await client.query<{ count: number }>(OPEN_COUNT, [plantId, serverIds]);
        const resolutions = await client.query<ResolutionRow>(
          `SELECT ${RESOLUTION_COLUMNS.join(', ')}
             FROM review_resolutions WHERE plant_id = $1 ORDER BY resolved_at DESC, item_id COLLATE "C" DESC LIMIT $2`,
          [plantId, resolutionsShown],
        );
        return {
          flagged: flagged.rows,
          quarantined: quarantined.rows,
          gaps: gaps.rows,
          rejected: rejected.rows,
          openCount: count.rows[0]?.count ?? 0,
          resolutions: resolutions.rows,
        };
      }),

    async openCount() {
      const result = await pool.query<{ count: number }>(OPEN_COUNT, [plantId, serverIds]);
      return result.rows[0]?.count ?? 0;
    },

    async findOpenItem(ref): Promise<OpenItem | undefined> {
      switch (ref.kind) {
        case 'flagged': {
          const result = await pool.query<BookingRow>(
            `SELECT * FROM bookings WHERE plant_id = $1 AND id = $2 AND review IS NOT NULL
               AND terminal_id <> ALL($3::text[])`,
            [plantId, ref.bookingId, serverIds],
          );
          const booking = result.rows[0];
          return booking ? { kind: 'flagged', booking } : undefined;
        }
        case 'quarantined': {
          const result = await pool.query('SELECT 1 FROM quarantined_bookings WHERE plant_id = $1 AND row_id = $2', [
            plantId,
            ref.rowId,
          ]);
          return result.rowCount ? { kind: 'quarantined' } : undefined;
        }
        case 'rejected': {
          const result = await pool.query('SELECT 1 FROM rejected_bookings WHERE plant_id = $1 AND row_id = $2', [
            plantId,
            ref.rowId,
          ]);
          return result.rowCount ? { kind: 'rejected' } : undefined;
        }
        case 'gap': {
          const result = await pool.query(
            `SELECT 1 FROM terminal_epochs WHERE plant_id = $1 AND terminal_id = $2 AND epoch = $3
               AND acked_up_to = $4 AND acked_up_to < max_seq`,
            [plantId, ref.terminalId, ref.epoch, ref.ackedUpTo],
          );
          return result.rowCount ? { kind: 'gap' } : undefined;
        }
      }
    },

    async resolutionOf(itemId) {
      const result = await pool.query<ResolutionRow>(
        `SELECT ${RESOLUTION_COLUMNS.join(', ')}
           FROM review_resolutions WHERE plant_id = $1 AND item_id = $2`,
        [plantId, itemId],
      );
      return result.rows[0];
    },

    async reversalOf(bookingId) {
      const result = await pool.query<{ id: string }>(REVERSAL_OF, [plantId, bookingId]);
      return result.rows[0]?.id;
    },

    recordResolution: (row, audit) =>
      pgTransaction(pool, async (client) => {
        const inserted = await client.query(
          `INSERT INTO review_resolutions (plant_id, ${RESOLUTION_COLUMNS.join(', ')})
           VALUES ($1, ${RESOLUTION_COLUMNS.map((_, index) => `$${index + 2}`).join(', ')})
           ON CONFLICT (plant_id, item_id) DO NOTHING`,
          [plantId, ...resolutionValues(row)],
        );
        if (inserted.rowCount === 0) return false;
        await appendPgAudit(client, plantId, row.resolved_at, audit);
        return true;
      }),

    async oneAtATime(work) {
      // A session lock on a connection of its own: the work itself uses other connections (the ingest).
      const client = await pool.connect();
      try {
        await client.query('SELECT pg_advisory_lock(hashtext($1))', [REVIEW_LOCK + plantId]);
        try {
          return await work();
        } finally {
          await client.query('SELECT pg_advisory_unlock(hashtext($1))', [REVIEW_LOCK + plantId]);
        }
      } finally {
        client.release();
      }
    },

    async ensureServerTerminal(now) {
      await pool.query(
        `INSERT INTO terminals (id, plant_id, station_id, token_hash, enrolled_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (id) DO NOTHING`,
        [serverTerminalId, plantId, SERVER_TERMINAL_ID, `none:${serverTerminalId}`, now],
      );
    },

    async lastServerSeq(epoch) {
      const result = await pool.query<{ seq: number | null }>(
        `SELECT GREATEST(
           (SELECT MAX(seq) FROM bookings WHERE plant_id = $1 AND terminal_id = $2 AND epoch = $3),
           (SELECT MAX(seq) FROM rejected_bookings WHERE plant_id = $1 AND terminal_id = $2 AND epoch = $3)) AS seq`,
        [plantId, serverTerminalId, epoch],
      );
      return result.rows[0]?.seq ?? 0;
    },

    ingest: (batch) => deps.ingest(batch),
  };
}
