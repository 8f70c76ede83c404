import type pg from 'pg';
import type { ConsumeRow, TraceRows } from '../../trace/trace-rows';

// The material trace's rows on PostgreSQL (the SQLite ones: trace/trace-rows.ts). Consumptions by order use
// the partial index of migration 4; a lot is found by a scan of the plant's consumptions, as on SQLite.

const NOT_REVERSED = `NOT EXISTS (
  SELECT 1 FROM bookings AS reversal
   WHERE reversal.plant_id = bookings.plant_id AND reversal.type = 'booking.reverse'
     AND (reversal.payload::jsonb ->> 'reversedBookingId') = bookings.id)`;
const COLUMNS = 'id, occurred_at, station_id, operator_id, order_id, operation_id, payload';

export function createPgTraceRows(pool: pg.Pool, plantId: string): TraceRows {
  return {
    async consumptionsOfOrder(orderId) {
      const result = await pool.query<ConsumeRow>(
        `SELECT ${COLUMNS} FROM bookings
          WHERE plant_id = $1 AND type = 'material.consume' AND order_id = $2 AND ${NOT_REVERSED}
          ORDER BY occurred_at, server_seq`,
        [plantId, orderId],
      );
      return result.rows;
    },
    async consumptionsOfLot(lot, gtin) {
      const result = await pool.query<ConsumeRow>(
        `SELECT ${COLUMNS} FROM bookings
          WHERE plant_id = $1 AND type = 'material.consume' AND (payload::jsonb ->> 'lot') = $2
            AND ($3::text IS NULL OR (payload::jsonb ->> 'gtin') = $3) AND ${NOT_REVERSED}
          ORDER BY occurred_at, server_seq`,
        [plantId, lot, gtin ?? null],
      );
      return result.rows;
    },
    async orderIdByNumber(orderNumber) {
      const result = await pool.query<{ key: string }>(
        `SELECT key FROM master_records
          WHERE plant_id = $1 AND dataset = 'orders' AND value IS NOT NULL AND (value::jsonb ->> 'number') = $2
          LIMIT 1`,
        [plantId, orderNumber],
      );
      return result.rows[0]?.key;
    },
  };
}
