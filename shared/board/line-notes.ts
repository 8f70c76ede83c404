import { z } from 'zod';
import { BoardSnapshotSchema } from './board-types';

// `GET /api/v1/board/notes`: the shift notes and transport requests the stations wrote lately, for the
// shift lead (at a terminal's Line view; the board's drill-down may use it too).

export const LINE_NOTE_TYPES = ['shift.note', 'transport.request'] as const;

const text = z.string().max(2000);

export const LineNoteSchema = z.strictObject({
  id: z.string(),
  type: z.enum(LINE_NOTE_TYPES),
  stationId: z.string(),
  operatorId: z.string().optional(),
  operatorName: z.string().optional(),
  /** Business time (the terminal's corrected clock). */
  occurredAt: z.number().int().min(0),
  /** The note's text, or a transport request's note. */
  text: text.optional(),
  destination: z.string().max(64).optional(),
  containerSscc: z.string().max(18).optional(),
});
export type LineNote = z.infer<typeof LineNoteSchema>;

export const LineNotesSchema = z.strictObject({ notes: z.array(LineNoteSchema).max(200) });
export type LineNotes = z.infer<typeof LineNotesSchema>;

/** The default window: a shift and a half, so the lead also sees what the last shift left. */
export const LINE_NOTES_WINDOW_MS = 12 * 60 * 60 * 1000;

export const LINE_ROUTES = { board: '/api/v1/board', notes: '/api/v1/board/notes' } as const;

/** What a terminal's Line view reads in one go: the board and the notes, each from the server. */
export const LineViewSchema = z.strictObject({ board: BoardSnapshotSchema, notes: LineNotesSchema.shape.notes });
export type LineView = z.infer<typeof LineViewSchema>;
