import type { Db } from '../db/database';

// What the material trace reads from a store (SQLite here, storage/pg/pg-trace.ts for PostgreSQL): stored
// `material.consume` bookings that no `booking.reverse` cancelled, in business order.

export interface ConsumeRow {
  id: string;
  occurred_at: number;
  station_id: string;
  operator_id: string | null;
  order_id: string | null;
  operation_id: string | null;
  payload: string;
}

export interface TraceRows {
  consumptionsOfOrder(orderId: string): Promise<ConsumeRow[]>;
  consumptionsOfLot(lot: string, gtin: string | undefined): Promise<ConsumeRow[]>;
  /** The id of the order (master data) with this number, if one has it. */
  orderIdByNumber(orderNumber: string): Promise<string | undefined>;
}

const NOT_REVERSED = `NOT EXISTS (
  SELECT 1 FROM bookings AS reversal
   WHERE reversal.type = 'booking.reverse' AND json_extract(reversal.payload, '$.reversedBookingId') = bookings.id)`;

export function createSqliteTraceRows(db: Db): TraceRows {
  const byOrder = db.prepare<[string], ConsumeRow>(
    `SELECT id, occurred_at, station_id, operator_id, order_id, operation_id, payload FROM bookings
      WHERE type = 'material.consume' AND order_id = ? AND ${NOT_REVERSED} ORDER BY occurred_at, server_seq`,
  );
  // A full scan of the consumptions; an expression index on the lot is the next step if plants need it.
  const byLot = db.prepare<[{ lot: string; gtin: string | null }], ConsumeRow>(
    `SELECT id, occurred_at, station_id, operator_id, order_id, operation_id, payload FROM bookings
      WHERE type = 'material.consume' AND json_extract(payload, '$.lot') = @lot
        AND (@gtin IS NULL OR json_extract(payload, '$.gtin') = @gtin) AND ${NOT_REVERSED}
      ORDER BY occurred_at, server_seq`,
  );
  const orderIdByNumber = db
    .prepare<[string], string>(
      `SELECT key FROM master_records WHERE dataset = 'orders' AND value IS NOT NULL
        AND json_extract(value, '$.number') = ? LIMIT 1`,
    )
    .pluck();
  return {
    consumptionsOfOrder: async (orderId) => byOrder.all(orderId),
    consumptionsOfLot: async (lot, gtin) => byLot.all({ lot, gtin: gtin ?? null }),
    orderIdByNumber: async (orderNumber) => orderIdByNumber.get(orderNumber),
  };
}
