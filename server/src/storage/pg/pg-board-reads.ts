import type pg from 'pg';
import { BOOKING_TYPES } from '@shared/booking';
import type { HandoverFactRow, HandoverRow, HandoverRows } from '../../board/handover-rows';
import type { DetailRow, StationDetailRows } from '../../board/station-detail-rows';
import { QUANTITY_TYPES, STATE_TYPES, type KpiEventRow, type KpiQuantityRow, type KpiRows } from '../../kpi/kpi-rows';
import type { MachineCountRow, MachineStateRow } from '../../kpi/machine-figures';
import type { LineNoteRows, NoteRow } from '../../routes/line-notes';

// The board's reads on PostgreSQL: the rows behind the KPIs, the drill-down, the handover and the line notes.
// Every query names the plant and, where the SQLite one does, the station; the business-time expression and
// the reversal lookup are spelled exactly like the indexes of migration 4, so the planner uses them.

const BUSINESS_TIME = '(occurred_at + clock_offset_ms)';
const REVERSED_ID = "(payload::jsonb ->> 'reversedBookingId')";

/** Ids the station's reversals from `$lookback` on cancel (none NULL: a NULL would make NOT IN unknown). */
const reversalsOf = (plant: string, station: string, lookback: string) =>
  `SELECT ${REVERSED_ID} FROM bookings
    WHERE plant_id = ${plant} AND station_id = ${station} AND type = 'booking.reverse'
      AND ${BUSINESS_TIME} >= ${lookback} AND ${REVERSED_ID} IS NOT NULL`;

export function createPgKpiRows(pool: pg.Pool, plantId: string): KpiRows {
  const columns = `id, server_seq AS "serverSeq", type, occurred_at AS "occurredAt", clock_offset_ms AS "clockOffsetMs",
    operation_id AS "operationId", p -> 'phase' AS phase, p -> 'mode' AS mode, p -> 'reasonCode' AS "reasonCode",
    p -> 'quantity' AS quantity, p -> 'reversedBookingId' AS "reversedBookingId"`;
  return {
    async stateEvents(stationId, lookback, to) {
      const result = await pool.query<KpiEventRow>(
        `SELECT ${columns} FROM bookings, LATERAL (SELECT payload::jsonb AS p) AS j
          WHERE plant_id = $1 AND station_id = $2 AND type = ANY($3::text[])
            AND ${BUSINESS_TIME} >= $4 AND ${BUSINESS_TIME} < $5
         UNION ALL
         SELECT ${columns} FROM bookings, LATERAL (SELECT payload::jsonb AS p) AS j
          WHERE plant_id = $1 AND station_id = $2 AND type = 'booking.reverse' AND ${BUSINESS_TIME} >= $4`,
        [plantId, stationId, STATE_TYPES, lookback, to],
      );
      return result.rows;
    },
    async quantitySums(stationId, from, to, lookback) {
      const result = await pool.query<KpiQuantityRow>(
        `SELECT operation_id AS "operationId", type, SUM((payload::jsonb ->> 'quantity')::float8) AS quantity
           FROM bookings
          WHERE plant_id = $1 AND station_id = $2 AND type = ANY($3::text[])
            AND ${BUSINESS_TIME} >= $4 AND ${BUSINESS_TIME} < $5
            AND id NOT IN (${reversalsOf('$1', '$2', '$6')})
          GROUP BY operation_id, type`,
        [plantId, stationId, QUANTITY_TYPES, from, to, lookback],
      );
      return result.rows;
    },
    async machineStates(stationId, from, to) {
      const result = await pool.query<MachineStateRow>(
        `SELECT p ->> 'signal' AS signal, p ->> 'state' AS state, (p ->> 'since')::float8 + clock_offset_ms AS since
           FROM bookings, LATERAL (SELECT payload::jsonb AS p) AS j
          WHERE plant_id = $1 AND station_id = $2 AND type = 'machine.state'
            AND ${BUSINESS_TIME} >= $3 AND ${BUSINESS_TIME} < $4`,
        [plantId, stationId, from, to],
      );
      return result.rows;
    },
    async machineCounts(stationId, from, to) {
      const result = await pool.query<MachineCountRow>(
        `SELECT (p ->> 'to')::float8 + clock_offset_ms AS at, (p ->> 'pieces')::float8 AS pieces
           FROM bookings, LATERAL (SELECT payload::jsonb AS p) AS j
          WHERE plant_id = $1 AND station_id = $2 AND type = 'machine.count'
            AND ${BUSINESS_TIME} >= $3 AND ${BUSINESS_TIME} < $4`,
        [plantId, stationId, from, to],
      );
      return result.rows;
    },
  };
}

export function createPgStationDetailRows(pool: pg.Pool, plantId: string): StationDetailRows {
  const columns = `id, server_seq AS "serverSeq", type, occurred_at AS "occurredAt", clock_offset_ms AS "clockOffsetMs",
    operator_id AS "operatorId", order_id AS "orderId", operation_id AS "operationId", payload`;
  const select = async (where: string, values: unknown[]) =>
    (
      await pool.query<DetailRow>(
        `SELECT ${columns} FROM bookings WHERE plant_id = $1 AND station_id = $2 AND ${where}`,
        [plantId, ...values],
      )
    ).rows;
  return {
    inWindow: (stationId, from, until) =>
      select(`type = ANY($3::text[]) AND ${BUSINESS_TIME} >= $4 AND ${BUSINESS_TIME} < $5`, [
        stationId,
        BOOKING_TYPES,
        from,
        until,
      ]),
    stateBefore: (stationId, lookback, from) =>
      select(`type = ANY($3::text[]) AND ${BUSINESS_TIME} >= $4 AND ${BUSINESS_TIME} < $5`, [
        stationId,
        STATE_TYPES,
        lookback,
        from,
      ]),
    reversals: (stationId, lookback) =>
      select(`type = 'booking.reverse' AND ${BUSINESS_TIME} >= $3`, [stationId, lookback]),
    async hasBookings(stationId) {
      const result = await pool.query('SELECT 1 FROM bookings WHERE plant_id = $1 AND station_id = $2 LIMIT 1', [
        plantId,
        stationId,
      ]);
      return (result.rowCount ?? 0) > 0;
    },
  };
}

export function createPgLineNoteRows(pool: pg.Pool, plantId: string): LineNoteRows {
  return {
    async newest(since, limit) {
      // The type list repeats the partial index's (migration 4) word for word; all reversals count, whenever.
      const result = await pool.query<NoteRow>(
        `SELECT id, type, station_id, operator_id, ${BUSINESS_TIME} AS business_at, payload FROM bookings
          WHERE plant_id = $1 AND type IN ('shift.note', 'transport.request') AND ${BUSINESS_TIME} >= $2
            AND id NOT IN (SELECT ${REVERSED_ID} FROM bookings
                            WHERE plant_id = $1 AND type = 'booking.reverse' AND ${REVERSED_ID} IS NOT NULL)
          ORDER BY server_seq DESC LIMIT $3`,
        [plantId, since, limit],
      );
      return result.rows;
    },
  };
}

/** `openReviewCount`: the review queue's (storage/pg/pg-review.ts). */
export function createPgHandoverRows(
  pool: pg.Pool,
  plantId: string,
  openReviewCount: () => Promise<number>,
): HandoverRows {
  const COLUMNS = `id, shift_id, shift_name, shift_start, shift_end, text, facts, author_id, author_name, signed_at`;
  const signedFor = async (shiftStart: number): Promise<HandoverRow | undefined> => {
    const result = await pool.query<HandoverRow>(
      `SELECT ${COLUMNS} FROM shift_handovers WHERE plant_id = $1 AND shift_start = $2`,
      [plantId, shiftStart],
    );
    return result.rows[0];
  };
  return {
    async facts(stationId, from, to) {
      const result = await pool.query<HandoverFactRow>(
        `SELECT id, type, ${BUSINESS_TIME} AS at, operator_id AS "operatorId", operation_id AS "operationId", payload
           FROM bookings
          WHERE plant_id = $1 AND station_id = $2 AND type = ANY($3::text[])
            AND ${BUSINESS_TIME} >= $4 AND ${BUSINESS_TIME} < $5
            AND id NOT IN (${reversalsOf('$1', '$2', '$4')})
          ORDER BY at`,
        [plantId, stationId, ['quality.result', 'shift.note'], from, to],
      );
      return result.rows;
    },
    signedFor,
    async latest(limit) {
      const result = await pool.query<HandoverRow>(
        `SELECT ${COLUMNS} FROM shift_handovers WHERE plant_id = $1 ORDER BY shift_start DESC LIMIT $2`,
        [plantId, limit],
      );
      return result.rows;
    },
    async insertUnlessSigned(row) {
      // The unique key decides between two leads signing at once, on any instance.
      const inserted = await pool.query(
        `INSERT INTO shift_handovers (plant_id, ${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (plant_id, shift_start) DO NOTHING`,
        [
          plantId,
          row.id,
          row.shift_id,
          row.shift_name,
          row.shift_start,
          row.shift_end,
          row.text,
          row.facts,
          row.author_id,
          row.author_name,
          row.signed_at,
        ],
      );
      if ((inserted.rowCount ?? 0) > 0) return undefined;
      return signedFor(row.shift_start);
    },
    openReviewCount,
  };
}
