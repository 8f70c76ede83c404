import type { Booking } from '@shared/booking';
import { OperationSchema, OrderSchema, StationSchema } from '@shared/master-data';
import { DEFAULT_TOLERANCE_PERCENT, quantityPlausibility, type QuantityFinding } from '@shared/work';
import type { Db } from '../db/database';
import type { MasterDataStore } from '../master-data/store';

// The terminal asks its operator about an implausible quantity (shared/work/quantity-plausibility.ts); the
// server flags, with the same rule, what reached it anyway for the shift lead's review queue: a "yes" to a
// typo, a booking captured offline or on an outdated terminal. Unlike one terminal, the server counts what
// every terminal booked on the operation. A quantity a lead approved at the terminal (`approvedBy`) was
// already decided and is not flagged again.

export const QUANTITY_TYPES = new Set<Booking['type']>([
  'quantity.good',
  'quantity.scrap',
  'quantity.rework',
  'operation.finish',
]);

/** Up to three decimals: a limit of 1.5 × 7 pieces reads 10.5, not 10.500000000000002. */
const shown = (value: number) => String(Math.round(value * 1000) / 1000);

/** `quantity-above-open(5000 > 180)`, `quantity-above-cycle(40 > 3)`: what was entered against the limit it broke. */
export function quantityFindings(finding: QuantityFinding): string[] {
  return finding.exceeds.map((limit) =>
    limit === 'open'
      ? `quantity-above-open(${shown(finding.entered)} > ${shown(finding.openLimit)})`
      : `quantity-above-cycle(${shown(finding.entered)} > ${shown(finding.cycleLimit ?? 0)})`,
  );
}

/** What an operation booked before the booking judged, as the terminal's activity counts it. */
export interface QuantityHistory {
  /** Good pieces booked and not reversed. */
  good: number;
  /** The latest business time the operation produced (start in production, resume, good pieces); null: never. */
  lastProductionAt: number | null;
}

interface OperationSoFar extends QuantityHistory {
  /** The rows up to this server_seq are counted. */
  seenUpTo: number;
}

/** Good pieces a booking adds to its operation (a reversal takes them away again). */
export function goodOf(type: string, payload: { quantity?: unknown }): number {
  return (type === 'quantity.good' || type === 'operation.finish') && typeof payload.quantity === 'number'
    ? payload.quantity
    : 0;
}

/** Whether a booking shows its operation producing at its business time. */
export function isProduction(type: string, payload: { quantity?: unknown; phase?: unknown }): boolean {
  return (
    goodOf(type, payload) > 0 ||
    type === 'operation.resume' ||
    (type === 'operation.start' && payload.phase === 'production')
  );
}

/** The operation a booking's quantity is judged on, or undefined when the rule does not look at it. */
export function judgedOperation(booking: Booking): string | undefined {
  if (!QUANTITY_TYPES.has(booking.type) || booking.operationId === undefined) return undefined;
  const payload = booking.payload as { quantity?: number; approvedBy?: string };
  if (payload.quantity === undefined || payload.approvedBy !== undefined) return undefined;
  return booking.operationId;
}

/**
 * The rule once the operation's history is known, for both stores: the findings for one booking, given what its
 * operation booked before it. `historyOf` is only called for a booking the rule judges.
 */
export function judgeQuantity(
  booking: Booking,
  store: Pick<MasterDataStore, 'get'>,
  historyOf: (operationId: string) => QuantityHistory,
): string[] {
  const operationId = judgedOperation(booking);
  if (operationId === undefined) return [];
  const payload = booking.payload as { quantity: number };
  const operation = OperationSchema.safeParse(store.get('operations', operationId)).data;
  const order = OrderSchema.safeParse(store.get('orders', operation?.orderId ?? booking.orderId ?? '')).data;
  // Without the plan there is nothing to measure against; the unknown order or operation is flagged anyway.
  if (operation === undefined || order === undefined) return [];
  const station = StationSchema.safeParse(store.get('stations', booking.stationId)).data;
  const at = booking.occurredAt + booking.clockOffsetMs;
  const known = historyOf(operationId);
  const finding = quantityPlausibility({
    entered: payload.quantity,
    planned: order.quantity,
    activity: {
      good: Math.max(0, known.good),
      // A booking from before the operation's latest production (sent late) is not judged by the cycle time:
      // how much ran before it is not known here.
      lastProductionAt: known.lastProductionAt !== null && known.lastProductionAt <= at ? known.lastProductionAt : null,
    },
    cycleSeconds: operation.cycleSeconds,
    tolerancePercent: station?.quantityTolerancePercent ?? DEFAULT_TOLERANCE_PERCENT,
    now: at,
    isBoundByCycle: booking.type === 'quantity.good' || booking.type === 'operation.finish',
  });
  return finding === null ? [] : quantityFindings(finding);
}

interface OperationRow {
  server_seq: number;
  type: string;
  payload: string;
  at: number;
}

export function createQuantityReview(db: Db, store: MasterDataStore) {
  // What each operation has booked before, as the terminal's activity counts it, kept per operation and
  // caught up on the rows stored since (the ingest inserts each booking before judging the next, so earlier
  // bookings of the same push count too): a push costs a few index reads however long the operation ran.
  const rowsSince = db.prepare(
    `SELECT server_seq, type, payload, occurred_at + clock_offset_ms AS at FROM bookings
      WHERE operation_id = ? AND server_seq > ? ORDER BY server_seq`,
  );
  const reversedRow = db.prepare('SELECT type, payload FROM bookings WHERE id = ? AND operation_id = ?');
  const operations = new Map<string, OperationSoFar>();

  function soFar(operationId: string): OperationSoFar {
    let known = operations.get(operationId);
    if (!known) {
      known = { good: 0, lastProductionAt: null, seenUpTo: 0 };
      operations.set(operationId, known);
    }
    for (const row of rowsSince.iterate(operationId, known.seenUpTo) as IterableIterator<OperationRow>) {
      known.seenUpTo = row.server_seq;
      const payload = JSON.parse(row.payload) as { quantity?: unknown; phase?: unknown; reversedBookingId?: unknown };
      if (row.type === 'booking.reverse') {
        const reversed = reversedRow.get(payload.reversedBookingId, operationId) as
          { type: string; payload: string } | undefined;
        if (reversed) known.good -= goodOf(reversed.type, JSON.parse(reversed.payload) as { quantity?: unknown });
        continue;
      }
      known.good += goodOf(row.type, payload);
      if (isProduction(row.type, payload)) known.lastProductionAt = Math.max(known.lastProductionAt ?? row.at, row.at);
    }
    return known;
  }

  return function findingsFor(booking: Booking): string[] {
    return judgeQuantity(booking, store, soFar);
  };
}
