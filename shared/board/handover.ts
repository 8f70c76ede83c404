import { z } from 'zod';
import { BoardLocalizedTextSchema } from './board-types';
import { ShiftWindowInfoSchema } from './station-detail';

// The shift handover (docs/board-api.md): the server gathers a shift's facts, the lead writes and signs the
// handover, the next shift's lead reads it. Facts are recomputed by the server when the lead signs, so
// what is stored is what the bookings said, not what a browser sent.

const time = z.number().int().min(0);
const count = z.number().finite().min(0);

export const HANDOVER_TEXT_MAX = 4000;

export const HandoverFactsSchema = z.strictObject({
  from: time,
  to: time,
  totals: z.strictObject({ good: count, scrap: count, rework: count, downtimeMinutes: count }),
  stations: z.array(
    z.strictObject({
      stationId: z.string(),
      name: z.string(),
      good: count,
      scrap: count,
      rework: count,
      downtimeMinutes: count,
    }),
  ),
  /** Downtime minutes by reason over all stations, longest first. */
  downtimes: z.array(
    z.strictObject({ reasonCode: z.string(), reasonTexts: BoardLocalizedTextSchema.optional(), minutes: count }),
  ),
  /** Review items still open when the facts were gathered. */
  openReview: count,
  /** Quality results with a `fail` verdict in the shift (not reversed). */
  qualityAlarms: z.array(
    z.strictObject({
      stationId: z.string(),
      characteristicId: z.string(),
      name: BoardLocalizedTextSchema.optional(),
      value: z.number().optional(),
      attribute: z.enum(['ok', 'nok']).optional(),
      unit: z.string().optional(),
      occurredAt: time,
    }),
  ),
  /** Operators' shift notes of the shift. */
  notes: z.array(
    z.strictObject({ stationId: z.string(), operatorName: z.string().optional(), text: z.string(), occurredAt: time }),
  ),
});
export type HandoverFacts = z.infer<typeof HandoverFactsSchema>;

export const HandoverSchema = z.strictObject({
  id: z.string(),
  shift: ShiftWindowInfoSchema,
  text: z.string(),
  facts: HandoverFactsSchema,
  /** Operator id of the signing lead, or `admin`. */
  authorId: z.string(),
  authorName: z.string(),
  signedAt: time,
});
export type Handover = z.infer<typeof HandoverSchema>;

export const HandoverDraftSchema = z.strictObject({
  shift: ShiftWindowInfoSchema,
  facts: HandoverFactsSchema,
  /** The handover already signed for this shift, if any (a shift is handed over once). */
  signed: HandoverSchema.nullable(),
});
export type HandoverDraft = z.infer<typeof HandoverDraftSchema>;

export const HandoverListSchema = z.strictObject({ handovers: z.array(HandoverSchema) });
export type HandoverList = z.infer<typeof HandoverListSchema>;

export const SignHandoverRequestSchema = z.strictObject({
  /** The start of the shift handed over, as the draft named it. */
  shiftStart: time,
  text: z.string().trim().min(1).max(HANDOVER_TEXT_MAX),
});
export type SignHandoverRequest = z.infer<typeof SignHandoverRequestSchema>;

/** `GET /api/v1/board/shifts`: the shift running now and the one before it, from the shift calendar. */
export const BoardShiftsSchema = z.strictObject({
  serverTime: time,
  current: ShiftWindowInfoSchema.nullable(),
  previous: ShiftWindowInfoSchema.nullable(),
});
export type BoardShifts = z.infer<typeof BoardShiftsSchema>;
