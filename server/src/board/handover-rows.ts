import type { Db } from '../db/database';
import type { MasterDataStore } from '../master-data/store';
import { createReviewQueue } from '../review/review-queue';

// What the shift handover reads and writes in a store (SQLite here, storage/pg/pg-board-reads.ts for
// PostgreSQL): the notes and quality results of a shift, and the signed handovers (`shift_handovers`).

export interface HandoverFactRow {
  id: string;
  type: 'quality.result' | 'shift.note';
  at: number;
  operatorId: string | null;
  operationId: string | null;
  payload: string;
}

export interface HandoverRow {
  id: string;
  shift_id: string;
  shift_name: string;
  shift_start: number;
  shift_end: number;
  text: string;
  facts: string;
  author_id: string;
  author_name: string;
  signed_at: number;
}

export interface HandoverRows {
  /** Quality results and notes in [from, to) of business time, without those reversed since `from`; by time. */
  facts(stationId: string, from: number, to: number): Promise<HandoverFactRow[]>;
  signedFor(shiftStart: number): Promise<HandoverRow | undefined>;
  /** Newest shift first. */
  latest(limit: number): Promise<HandoverRow[]>;
  /** Stores the handover unless its shift has one; then that one is returned and nothing is written. */
  insertUnlessSigned(row: HandoverRow): Promise<HandoverRow | undefined>;
  /** Open items of the review queue, for the handover's facts. */
  openReviewCount(): Promise<number>;
}

const BUSINESS_TIME = 'occurred_at + clock_offset_ms';

export function createSqliteHandoverRows(db: Db, store: MasterDataStore): HandoverRows {
  // Per station on the index of migration 5; the reversals are taken out like everywhere else.
  const selectFacts = db.prepare<[string, number, number, string, number], HandoverFactRow>(
    `SELECT id, type, ${BUSINESS_TIME} AS at, operator_id AS operatorId, operation_id AS operationId, payload
       FROM bookings
      WHERE station_id = ? AND type IN ('quality.result', 'shift.note')
        AND ${BUSINESS_TIME} >= ? AND ${BUSINESS_TIME} < ?
        AND id NOT IN (SELECT json_extract(payload, '$.reversedBookingId') FROM bookings
                        WHERE station_id = ? AND type = 'booking.reverse' AND ${BUSINESS_TIME} >= ?
                          AND json_extract(payload, '$.reversedBookingId') IS NOT NULL)
      ORDER BY at`,
  );
  const insert = db.prepare(
    `INSERT INTO shift_handovers (id, shift_id, shift_name, shift_start, shift_end, text, facts, author_id,
       author_name, signed_at) VALUES (@id, @shift_id, @shift_name, @shift_start, @shift_end, @text, @facts,
       @author_id, @author_name, @signed_at)`,
  );
  const byStart = db.prepare<[number], HandoverRow>('SELECT * FROM shift_handovers WHERE shift_start = ?');
  const latest = db.prepare<[number], HandoverRow>('SELECT * FROM shift_handovers ORDER BY shift_start DESC LIMIT ?');
  const review = createReviewQueue(db, store);
  return {
    facts: async (stationId, from, to) => selectFacts.all(stationId, from, to, stationId, from),
    signedFor: async (shiftStart) => byStart.get(shiftStart),
    latest: async (limit) => latest.all(limit),
    insertUnlessSigned: async (row) =>
      db.transaction(() => {
        const existing = byStart.get(row.shift_start);
        if (existing) return existing;
        insert.run(row);
        return undefined;
      })(),
    openReviewCount: async () => review.list().openCount,
  };
}
