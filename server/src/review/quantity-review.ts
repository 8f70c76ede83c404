import type { Booking } from '../../../shared/booking';
import { OperationSchema, OrderSchema, StationSchema } from '../../../shared/master-data';
import { DEFAULT_TOLERANCE_PERCENT, quantityPlausibility, type QuantityFinding } from '../../../shared/work';
import type { Db } from '../db/database';
import type { MasterDataStore } from '../master-data/store';

// The terminal asks its operator about an implausible quantity (shared/work/quantity-plausibility.ts); the
// server flags, with the same rule, what reached it anyway for the shift lead's review queue: a "yes" to a
// typo, a booking captured offline or on an outdated terminal. Unlike one terminal, the server counts what
// every terminal booked on the operation. A quantity a lead approved at the terminal (`approvedBy`) was
// already decided and is not flagged again.

const QUANTITY_TYPES = new Set<Booking['type']>([
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

export function createQuantityReview(db: Db, store: MasterDataStore) {
  // What the operation has booked before: good pieces not reversed, and the business time it last produced
  // (start in production, resume, good pieces), as the terminal's activity counts them. Stored bookings of
  // the same push are already in the table: the ingest inserts each before judging the next.
  const goodSoFar = db
    .prepare(
      `SELECT COALESCE(SUM(json_extract(b.payload, '$.quantity')), 0) FROM bookings b
        WHERE b.operation_id = ? AND b.type IN ('quantity.good', 'operation.finish')
          AND NOT EXISTS (SELECT 1 FROM bookings r WHERE r.type = 'booking.reverse'
                            AND json_extract(r.payload, '$.reversedBookingId') = b.id)`,
    )
    .pluck();
  const lastProductionAt = db
    .prepare(
      `SELECT MAX(occurred_at + clock_offset_ms) FROM bookings
        WHERE operation_id = @operationId AND occurred_at + clock_offset_ms <= @at
          AND (type IN ('quantity.good', 'operation.resume')
            OR (type = 'operation.start' AND json_extract(payload, '$.phase') = 'production')
            OR (type = 'operation.finish' AND json_extract(payload, '$.quantity') IS NOT NULL))`,
    )
    .pluck();

  return function findingsFor(booking: Booking): string[] {
    if (!QUANTITY_TYPES.has(booking.type) || booking.operationId === undefined) return [];
    const payload = booking.payload as { quantity?: number; approvedBy?: string };
    if (payload.quantity === undefined || payload.approvedBy !== undefined) return [];
    const operation = OperationSchema.safeParse(store.get('operations', booking.operationId)).data;
    const order = OrderSchema.safeParse(store.get('orders', operation?.orderId ?? booking.orderId ?? '')).data;
    // Without the plan there is nothing to measure against; the unknown order or operation is flagged anyway.
    if (operation === undefined || order === undefined) return [];
    const station = StationSchema.safeParse(store.get('stations', booking.stationId)).data;
    const at = booking.occurredAt + booking.clockOffsetMs;
    const finding = quantityPlausibility({
      entered: payload.quantity,
      planned: order.quantity,
      activity: {
        good: goodSoFar.get(booking.operationId) as number,
        lastProductionAt: (lastProductionAt.get({ operationId: booking.operationId, at }) as number | null) ?? null,
      },
      cycleSeconds: operation.cycleSeconds,
      tolerancePercent: station?.quantityTolerancePercent ?? DEFAULT_TOLERANCE_PERCENT,
      now: at,
      isBoundByCycle: booking.type === 'quantity.good' || booking.type === 'operation.finish',
    });
    return finding === null ? [] : quantityFindings(finding);
  };
}
