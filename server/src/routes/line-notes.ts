import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { LINE_NOTES_WINDOW_MS, type LineNote, type LineNotes } from '../../../shared/board/line-notes';
import { OperatorSchema } from '../../../shared/master-data';
import { requireBoardReader } from '../board/board-auth';
import { parseOrFail } from '../http/api-error';
import type { RouteContext } from './route-context';

// GET /api/v1/board/notes: the newest shift notes and transport requests of all stations, for whoever may
// read the board (a lead at a terminal too). Newest first; `since` is business time, default 12 h ago.
// Notes and requests that were reversed later are not listed.

const MAX_NOTES = 200;
const NotesQuerySchema = z.strictObject({
  since: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
});

interface NoteRow {
  id: string;
  type: LineNote['type'];
  station_id: string;
  operator_id: string | null;
  business_at: number;
  payload: string;
}

export function registerLineNoteRoutes(app: FastifyInstance, ctx: RouteContext): void {
  // The WHERE clause repeats the partial index's (migration 8) word for word, so SQLite can use it. A reversed
  // note or request was withdrawn: it is left out in SQL, so it takes no place under the limit. A reversal may
  // come at any later time, so all reversals count; SQLite reads them once per request from their partial index
  // (migration 6). (A NULL in the list would make every NOT IN unknown, so none is let in.)
  const select = ctx.db.prepare(
    `SELECT id, type, station_id, operator_id, occurred_at + clock_offset_ms AS business_at, payload
       FROM bookings
      WHERE type IN ('shift.note', 'transport.request') AND occurred_at + clock_offset_ms >= ?
        AND id NOT IN (SELECT json_extract(payload, '$.reversedBookingId') FROM bookings
                        WHERE type = 'booking.reverse' AND json_extract(payload, '$.reversedBookingId') IS NOT NULL)
      ORDER BY server_seq DESC LIMIT ${MAX_NOTES}`,
  );
  const operatorName = (id: string | null) =>
    id === null ? undefined : OperatorSchema.safeParse(ctx.store.get('operators', id)).data?.name;

  app.get('/api/v1/board/notes', async (request): Promise<LineNotes> => {
    requireBoardReader(request);
    const query = parseOrFail(NotesQuerySchema, request.query, 'query');
    const rows = select.all(query.since ?? ctx.now() - LINE_NOTES_WINDOW_MS) as NoteRow[];
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
