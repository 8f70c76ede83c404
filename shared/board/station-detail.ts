import { z } from 'zod';
import { BOOKING_TYPES, type BookingType } from '../booking/payloads';
import { BoardLocalizedTextSchema } from './board-types';

// What the board's drill-down shows for one station and a window (by default the current shift):
// `GET /api/v1/board/stations/:stationId` (docs/board-api.md). Times are business time (the terminal's
// corrected clock), epoch milliseconds.

const time = z.number().int().min(0);
const text = z.string().max(2000);
const count = z.number().finite().min(0);

/** One state per instant; `offline` is not a state of the past (a silent terminal may still have booked). */
export const TIMELINE_STATES = ['producing', 'setup', 'interrupted', 'down', 'idle'] as const;
export type TimelineState = (typeof TIMELINE_STATES)[number];

export const ShiftWindowInfoSchema = z.strictObject({
  shiftId: z.string(),
  name: z.string(),
  start: time,
  end: time,
});
export type ShiftWindowInfo = z.infer<typeof ShiftWindowInfoSchema>;

export const TimelineSegmentSchema = z.strictObject({
  state: z.enum(TIMELINE_STATES),
  start: time,
  end: time,
  reasonCode: z.string().optional(),
  reasonTexts: BoardLocalizedTextSchema.optional(),
});
export type TimelineSegment = z.infer<typeof TimelineSegmentSchema>;

export const DetailBookingSchema = z.strictObject({
  id: z.string(),
  type: z.enum(BOOKING_TYPES as [BookingType, ...BookingType[]]),
  occurredAt: time,
  operatorId: z.string().optional(),
  operatorName: z.string().optional(),
  orderId: z.string().optional(),
  operationId: z.string().optional(),
  quantity: z.number().optional(),
  unit: z.string().optional(),
  reasonCode: z.string().optional(),
  reasonTexts: BoardLocalizedTextSchema.optional(),
  /** Taken back by a `booking.reverse`: counts for nothing. */
  reversed: z.boolean(),
});
export type DetailBooking = z.infer<typeof DetailBookingSchema>;

export const DetailOperationSchema = z.strictObject({
  orderNumber: z.string(),
  operationNumber: z.string(),
  operationId: z.string(),
  unit: z.string(),
  /** Booked in the window. */
  good: count,
  scrap: count,
  rework: count,
  /** The order quantity. */
  planned: count,
  /** Good pieces the cycle time promises for the production time in the window (0 without a cycle time). */
  target: count,
});
export type DetailOperation = z.infer<typeof DetailOperationSchema>;

export const DetailQualityResultSchema = z.strictObject({
  id: z.string(),
  occurredAt: time,
  characteristicId: z.string(),
  name: BoardLocalizedTextSchema.optional(),
  value: z.number().optional(),
  attribute: z.enum(['ok', 'nok']).optional(),
  verdict: z.enum(['pass', 'fail']),
  nominal: z.number().optional(),
  lower: z.number().optional(),
  upper: z.number().optional(),
  unit: z.string().optional(),
  decimals: z.number().int().optional(),
  operatorName: z.string().optional(),
  reversed: z.boolean(),
});
export type DetailQualityResult = z.infer<typeof DetailQualityResultSchema>;

export const DetailNoteSchema = z.strictObject({
  id: z.string(),
  occurredAt: time,
  operatorName: z.string().optional(),
  text,
});
export type DetailNote = z.infer<typeof DetailNoteSchema>;

export const DetailTransportSchema = z.strictObject({
  id: z.string(),
  occurredAt: time,
  operatorName: z.string().optional(),
  destination: z.string().optional(),
  containerSscc: z.string().optional(),
  note: z.string().optional(),
});
export type DetailTransport = z.infer<typeof DetailTransportSchema>;

export const StationDetailSchema = z.strictObject({
  stationId: z.string(),
  name: z.string(),
  area: z.string(),
  from: time,
  /** The window's end; the timeline stops at `until` (now) when the window is not over yet. */
  to: time,
  until: time,
  generatedAt: time,
  shift: ShiftWindowInfoSchema.nullable(),
  /** Breaks and planned downtime of the shift calendar inside the window. */
  plannedStops: z.array(z.strictObject({ start: time, end: time })),
  segments: z.array(TimelineSegmentSchema),
  /** Newest first, at most `BOOKING_LIMIT`. */
  bookings: z.array(DetailBookingSchema),
  bookingsTotal: count,
  operations: z.array(DetailOperationSchema),
  quality: z.array(DetailQualityResultSchema),
  notes: z.array(DetailNoteSchema),
  transports: z.array(DetailTransportSchema),
});
export type StationDetail = z.infer<typeof StationDetailSchema>;

export const STATION_DETAIL_BOOKING_LIMIT = 200;
