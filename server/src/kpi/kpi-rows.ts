import type { BookingType } from '@shared/booking';
import type { Db } from '../db/database';
import type { MachineCountRow, MachineStateRow } from './machine-figures';

// What the KPI engine reads from a store: one station's bookings of a few types over a business-time range.
// The engine itself (station-kpis.ts, shared/kpi) is the same for both stores; PostgreSQL's rows come from
// storage/pg/pg-board-reads.ts.

export const STATE_TYPES: readonly BookingType[] = [
  'operation.start',
  'operation.interrupt',
  'operation.resume',
  'operation.finish',
  'downtime.start',
  'downtime.end',
];
export const QUANTITY_TYPES: readonly BookingType[] = ['quantity.good', 'quantity.scrap', 'quantity.rework'];
/** Only the payload fields the engine reads: extracted by the database, cheaper than parsing every payload. */
export const KPI_PAYLOAD_FIELDS = ['phase', 'mode', 'reasonCode', 'quantity', 'reversedBookingId'] as const;

export interface KpiEventRow {
  id: string;
  serverSeq: number;
  type: BookingType;
  occurredAt: number;
  clockOffsetMs: number;
  operationId: string | null;
  phase: string | null;
  mode: string | null;
  reasonCode: string | null;
  quantity: number | null;
  reversedBookingId: string | null;
}

export interface KpiQuantityRow {
  operationId: string | null;
  type: BookingType;
  quantity: number;
}

export interface KpiRows {
  /** State bookings in [lookback, to) and every reversal from `lookback` on (a later correction counts). */
  stateEvents(stationId: string, lookback: number, to: number): Promise<KpiEventRow[]>;
  /** Quantities in [from, to) summed per operation and type, without those reversed since `lookback`. */
  quantitySums(stationId: string, from: number, to: number, lookback: number): Promise<KpiQuantityRow[]>;
  /** `machine.state` bookings booked in [from, to). */
  machineStates(stationId: string, from: number, to: number): Promise<MachineStateRow[]>;
  /** `machine.count` bookings booked in [from, to). */
  machineCounts(stationId: string, from: number, to: number): Promise<MachineCountRow[]>;
}

const placeholders = (count: number): string => Array.from({ length: count }, () => '?').join(', ');
const COLUMNS = `id, server_seq AS serverSeq, type, occurred_at AS occurredAt, clock_offset_ms AS clockOffsetMs,
  operation_id AS operationId, ${KPI_PAYLOAD_FIELDS.map((f) => `json_extract(payload, '$.${f}') AS ${f}`).join(', ')}`;
// Spelled exactly like the index of migration 5, so SQLite uses it.
const BUSINESS_TIME = 'occurred_at + clock_offset_ms';

export function createSqliteKpiRows(db: Db): KpiRows {
  // (A NULL in the list would make every NOT IN unknown, so none is let in.)
  const reversals = `SELECT json_extract(payload, '$.reversedBookingId') FROM bookings
     WHERE station_id = ? AND type = 'booking.reverse' AND ${BUSINESS_TIME} >= ?
       AND json_extract(payload, '$.reversedBookingId') IS NOT NULL`;
  const selectEvents = db.prepare<Array<string | number>, KpiEventRow>(`
    SELECT ${COLUMNS} FROM bookings
     WHERE station_id = ? AND type IN (${placeholders(STATE_TYPES.length)})
       AND ${BUSINESS_TIME} >= ? AND ${BUSINESS_TIME} < ?
    UNION ALL
    SELECT ${COLUMNS} FROM bookings
     WHERE station_id = ? AND type = 'booking.reverse' AND ${BUSINESS_TIME} >= ?
  `);
  const sumQuantities = db.prepare<Array<string | number>, KpiQuantityRow>(`
    SELECT operation_id AS operationId, type, SUM(json_extract(payload, '$.quantity')) AS quantity FROM bookings
     WHERE station_id = ? AND type IN (${placeholders(QUANTITY_TYPES.length)})
       AND ${BUSINESS_TIME} >= ? AND ${BUSINESS_TIME} < ?
       AND id NOT IN (${reversals})
     GROUP BY operation_id, type
  `);
  const selectMachineStates = db.prepare<Array<string | number>, MachineStateRow>(`
    SELECT json_extract(payload, '$.signal') AS signal, json_extract(payload, '$.state') AS state,
           json_extract(payload, '$.since') + clock_offset_ms AS since FROM bookings
     WHERE station_id = ? AND type = 'machine.state' AND ${BUSINESS_TIME} >= ? AND ${BUSINESS_TIME} < ?
  `);
  const selectMachineCounts = db.prepare<Array<string | number>, MachineCountRow>(`
    SELECT json_extract(payload, '$.to') + clock_offset_ms AS at, json_extract(payload, '$.pieces') AS pieces
      FROM bookings
     WHERE station_id = ? AND type = 'machine.count' AND ${BUSINESS_TIME} >= ? AND ${BUSINESS_TIME} < ?
  `);
  return {
    stateEvents: async (stationId, lookback, to) =>
      selectEvents.all(stationId, ...STATE_TYPES, lookback, to, stationId, lookback),
    quantitySums: async (stationId, from, to, lookback) =>
      sumQuantities.all(stationId, ...QUANTITY_TYPES, from, to, stationId, lookback),
    machineStates: async (stationId, from, to) => selectMachineStates.all(stationId, from, to),
    machineCounts: async (stationId, from, to) => selectMachineCounts.all(stationId, from, to),
  };
}
