import type pg from 'pg';
import type { Booking } from '@shared/booking';
import type { MasterDataStore } from '../../master-data/store';
import {
  goodOf,
  isProduction,
  judgedOperation,
  judgeQuantity,
  type QuantityHistory,
} from '../../review/quantity-review';

// The quantity check of the review queue on PostgreSQL: the same rule as on SQLite (judgeQuantity), with what
// each judged operation has booked so far read in one statement before takt_push: its operation_progress rows
// (one per terminal that booked on it, kept by a trigger on bookings, migration 5), not its history. The push's own
// bookings are counted in TypeScript, in push order, as SQLite counts them by inserting each before judging
// the next; those of them already stored (a resend) are taken out of the row first, so none counts twice.
//
// Read outside the terminal's lock: two terminals pushing to the same operation at the same moment, on two
// instances, may not see each other's uncommitted bookings, and both quantities are judged without the other.
// SQLite serialises pushes and has no such window. The check is a review aid for the shift lead (a flag), never
// a booking rule, so that is accepted.

type Query = Pick<pg.PoolClient, 'query'>;

/**
 * Rows: per operation its progress ('operation'); what the push's already stored bookings added to it
 * ('stored', taken out again); and the good pieces of the stored bookings the push's reversals name ('target').
 *
 * The bookings are found by id alone (the primary key; ids are unique across plants) inside an OFFSET 0
 * subquery, and only then filtered by plant and operation: with `plant_id = $1 AND id = ANY($3)` side by side,
 * the prepared statement's generic plan ANDed a bitmap of the plant's whole index with the ids, a cost that grew
 * with the plant's history (14 of 17 ms of database time per 25-booking push after 17,000 bookings).
 */
export const QUANTITY_HISTORY_QUERY = {
  name: 'takt-quantity-progress',
  text: `SELECT 'operation' AS kind, operation_id, NULL AS id, SUM(good) AS good, MAX(last_production_at) AS at
           FROM operation_progress WHERE plant_id = $1 AND operation_id = ANY($2::text[])
          GROUP BY operation_id
         UNION ALL
         SELECT 'stored', p.operation_id, NULL, p.good, NULL
           FROM takt_progress_of((SELECT COALESCE(jsonb_agg(to_jsonb(b)), '[]')
                                    FROM (SELECT * FROM bookings WHERE id = ANY($3::text[]) OFFSET 0) AS b
                                   WHERE b.plant_id = $1 AND b.operation_id = ANY($2::text[]))) AS p
         UNION ALL
         SELECT 'target', r.operation_id, r.id, takt_good(r.type, r.payload::jsonb), NULL
           FROM (SELECT * FROM bookings WHERE id = ANY($4::text[]) OFFSET 0) AS r
          WHERE r.plant_id = $1 AND r.operation_id = ANY($2::text[])`,
};

interface HistoryRow {
  kind: 'operation' | 'stored' | 'target';
  operation_id: string;
  id: string | null;
  good: number | string | null;
  at: number | string | null;
}

/**
 * The quantity findings of a push's valid bookings: call the returned function once per booking, in push
 * order. One query, and only when the push holds a quantity booking the rule judges.
 */
export async function createPgQuantityReview(
  db: Query,
  plantId: string,
  store: Pick<MasterDataStore, 'get'>,
  bookings: Booking[],
): Promise<(booking: Booking) => string[]> {
  const operations = new Set(bookings.flatMap((booking) => judgedOperation(booking) ?? []));
  if (operations.size === 0) return () => [];

  const reversedIdOf = (booking: Booking): string | undefined => {
    const id = (booking.payload as { reversedBookingId?: unknown }).reversedBookingId;
    return booking.type === 'booking.reverse' && typeof id === 'string' ? id : undefined;
  };
  const result = await db.query<HistoryRow>({
    ...QUANTITY_HISTORY_QUERY,
    values: [
      plantId,
      [...operations],
      bookings.map((booking) => booking.id),
      bookings.flatMap((booking) =>
        booking.operationId !== undefined && operations.has(booking.operationId) ? (reversedIdOf(booking) ?? []) : [],
      ),
    ],
  });

  const history = new Map<string, QuantityHistory>();
  const historyOf = (operationId: string): QuantityHistory => {
    let known = history.get(operationId);
    if (!known) {
      known = { good: 0, lastProductionAt: null };
      history.set(operationId, known);
    }
    return known;
  };
  /** Good pieces of the bookings a reversal may name: stored ones it names, and the push's own so far. */
  const goods = new Map<string, { operationId: string; good: number }>();
  for (const row of result.rows) {
    const good = Number(row.good ?? 0);
    if (row.kind === 'target' && row.id !== null) {
      goods.set(row.id, { operationId: row.operation_id, good });
      continue;
    }
    const known = historyOf(row.operation_id);
    if (row.kind === 'stored') known.good -= good;
    else {
      known.good += good;
      known.lastProductionAt = row.at === null ? null : Number(row.at);
    }
  }

  const count = (booking: Booking): void => {
    const operationId = booking.operationId;
    if (operationId === undefined || !operations.has(operationId)) return;
    const known = historyOf(operationId);
    const reversedId = reversedIdOf(booking);
    if (reversedId !== undefined) {
      const reversed = goods.get(reversedId);
      if (reversed?.operationId === operationId) known.good -= reversed.good;
      return;
    }
    if (booking.type === 'booking.reverse') return;
    const payload = booking.payload as { quantity?: unknown; phase?: unknown };
    const good = goodOf(booking.type, payload);
    known.good += good;
    goods.set(booking.id, { operationId, good });
    if (isProduction(booking.type, payload)) {
      const at = booking.occurredAt + booking.clockOffsetMs;
      known.lastProductionAt = Math.max(known.lastProductionAt ?? at, at);
    }
  };

  return (booking) => {
    const findings = judgeQuantity(booking, store, historyOf);
    count(booking);
    return findings;
  };
}
