import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { LINE_NOTES_WINDOW_MS, type LineNote, type LineNotes } from '@shared/board/line-notes';
import { OperatorSchema } from '@shared/master-data';
import { requireBoardReader } from '../board/board-auth';
import type { Db } from '../db/database';
import { parseOrFail } from '../http/api-error';
import type { MasterDataSource } from '../master-data/master-data-source';

// GET /api/v1/board/notes: the newest shift notes and transport requests of all stations, for whoever may
// read the board (a lead at a terminal too). Newest first; `since` is business time, default 12 h ago.
// Notes and requests that were reversed later are not listed.

const MAX_NOTES = 200;
const NotesQuerySchema = z.strictObject({
  since: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
});

export interface NoteRow {
  id: string;
  type: LineNote['type'];
  station_id: string;
  operator_id: string | null;
  business_at: number;
  payload: string;
}

/** What the notes read from a store (SQLite below, storage/pg/pg-board-reads.ts for PostgreSQL). */
export interface LineNoteRows {
  /** Notes and requests from `since` (business time) on, not reversed, newest first (server order), at most `limit`. */
  newest(since: number, limit: number): Promise<NoteRow[]>;
}

export function createSqliteLineNoteRows(db: Db): LineNoteRows {
  // The WHERE clause repeats the partial index's (migration 8) word for word, so SQLite can use it. A reversed
  // note or request was withdrawn: it is left out in SQL, so it takes no place under the limit. A reversal may
  // come at any later time, so all reversals count; SQLite reads them once per request from their partial index
  // (migration 6). (A NULL in the list would make every NOT IN unknown, so none is let in.)
  const select = db.prepare<[number, number], NoteRow>(
    `SELECT id, type, station_id, operator_id, occurred_at + clock_offset_ms AS business_at, payload
       FROM bookings
      WHERE type IN ('shift.note', 'transport.request') AND occurred_at + clock_offset_ms >= ?
        AND id NOT IN (SELECT json_extract(payload, '$.reversedBookingId') FROM bookings
                        WHERE type = 'booking.reverse' AND json_extract(payload, '$.reversedBookingId') IS NOT NULL)
      ORDER BY server_seq DESC LIMIT ?`,
  );
  return { newest: async (since, limit) => select.all(since, limit) };
}

export function registerLineNoteRoutes(
  app: FastifyInstance,
  deps: { rows: LineNoteRows; masterData: MasterDataSource; now: () => number },
): void {
  app.get('/api/v1/board/notes', async (request): Promise<LineNotes> => {
    await requireBoardReader(request);
    const query = parseOrFail(NotesQuerySchema, request.query, 'query');
    const store = await deps.masterData.current();
    const operatorName = (id: string | null) =>
      id === null ? undefined : OperatorSchema.safeParse(store.get('operators', id)).data?.name;
    const rows = await deps.rows.newest(query.since ?? deps.now() - LINE_NOTES_WINDOW_MS, MAX_NOTES);
    return { notes: rows.map((row) => noteFromRow(row, operatorName(row.operator_id))) };
  });
}

function noteFromRow(row: NoteRow, operatorName: string | undefined): LineNote {
  const payload = JSON.parse(row.payload) as {
    text?: string;
    note?: string;
    destination?: string;
    containerSscc?: string;
  };
  const text = row.type === 'shift.note' ? payload.text : payload.note;
  return {
    id: row.id,
    type: row.type,
    stationId: row.station_id,
    ...(row.operator_id === null ? {} : { operatorId: row.operator_id }),
    ...(operatorName === undefined ? {} : { operatorName }),
    occurredAt: Math.max(0, row.business_at),
    ...(text === undefined ? {} : { text }),
    ...(payload.destination === undefined ? {} : { destination: payload.destination }),
    ...(payload.containerSscc === undefined ? {} : { containerSscc: payload.containerSscc }),
  };
}
