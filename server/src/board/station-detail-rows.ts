import { BOOKING_TYPES, type BookingType } from '@shared/booking';
import type { Db } from '../db/database';
import { STATE_TYPES } from '../kpi/kpi-rows';

// What the drill-down reads from a store (SQLite here, storage/pg/pg-board-reads.ts for PostgreSQL): one
// station's bookings over a window, on the station/type/business-time index of each store.

export interface DetailRow {
  id: string;
  serverSeq: number;
  type: BookingType;
  occurredAt: number;
  clockOffsetMs: number;
  operatorId: string | null;
  orderId: string | null;
  operationId: string | null;
  /** The payload's JSON text. */
  payload: string;
}

export interface StationDetailRows {
  /** Bookings of every known type in [from, until) of business time. */
  inWindow(stationId: string, from: number, until: number): Promise<DetailRow[]>;
  /** State bookings in [lookback, from): the state at the window's start. */
  stateBefore(stationId: string, lookback: number, from: number): Promise<DetailRow[]>;
  /** Reversals from `lookback` on: a reversal counts whenever it came, also after the window. */
  reversals(stationId: string, lookback: number): Promise<DetailRow[]>;
  hasBookings(stationId: string): Promise<boolean>;
}

const BUSINESS_TIME = 'occurred_at + clock_offset_ms';
const placeholders = (count: number): string => Array.from({ length: count }, () => '?').join(', ');
const COLUMNS = `id, server_seq AS serverSeq, type, occurred_at AS occurredAt, clock_offset_ms AS clockOffsetMs,
    operator_id AS operatorId, order_id AS orderId, operation_id AS operationId, payload`;

export function createSqliteStationDetailRows(db: Db): StationDetailRows {
  const selectWindow = db.prepare<Array<string | number>, DetailRow>(
    `SELECT ${COLUMNS} FROM bookings WHERE station_id = ? AND type IN (${placeholders(BOOKING_TYPES.length)})
       AND ${BUSINESS_TIME} >= ? AND ${BUSINESS_TIME} < ?`,
  );
  const selectBefore = db.prepare<Array<string | number>, DetailRow>(
    `SELECT ${COLUMNS} FROM bookings WHERE station_id = ? AND type IN (${placeholders(STATE_TYPES.length)})
       AND ${BUSINESS_TIME} >= ? AND ${BUSINESS_TIME} < ?`,
  );
  const selectReversals = db.prepare<Array<string | number>, DetailRow>(
    `SELECT ${COLUMNS} FROM bookings WHERE station_id = ? AND type = 'booking.reverse' AND ${BUSINESS_TIME} >= ?`,
  );
  const anyBooking = db.prepare('SELECT 1 FROM bookings WHERE station_id = ? LIMIT 1').pluck();
  return {
    inWindow: async (stationId, from, until) => selectWindow.all(stationId, ...BOOKING_TYPES, from, until),
    stateBefore: async (stationId, lookback, from) => selectBefore.all(stationId, ...STATE_TYPES, lookback, from),
    reversals: async (stationId, lookback) => selectReversals.all(stationId, lookback),
    hasBookings: async (stationId) => anyBooking.get(stationId) !== undefined,
  };
}
