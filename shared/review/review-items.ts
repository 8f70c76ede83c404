import { z } from 'zod';

// The shift lead's review queue (`GET /api/v1/review`): what the server stored but a person must look at.
// Item ids are stable: `booking:<booking id>`, `quarantine:<row>`, `gap:<terminal>:<epoch>:<acked up to>`,
// `rejected:<row>`.

export const REVIEW_DECISIONS = ['accept', 'reverse'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

const booking = z.record(z.string(), z.unknown());

/**
 * Why the server refused an item at ingest: a booking for another station than the terminal's token, a
 * booking whose terminalId/epoch differ from its push, or one that fails the booking schema.
 */
export const REJECTIONS = ['station-mismatch', 'envelope-mismatch', 'invalid'] as const;
export type Rejection = (typeof REJECTIONS)[number];

export const ReviewItemSchema = z.discriminatedUnion('kind', [
  /** A stored booking that broke a business rule (closed order, tolerance, unknown reason, clock ...). */
  z.strictObject({
    id: z.string(),
    kind: z.literal('flagged'),
    stationId: z.string(),
    receivedAt: z.number(),
    /** Machine-readable findings, e.g. `order-closed(FA1)` (server/src/bookings/review-rules.ts). */
    findings: z.array(z.string()),
    booking,
    operatorName: z.string().optional(),
    /** A booking.reverse that already reverses it (by a terminal or an earlier decision). */
    reversedBy: z.string().optional(),
  }),
  /** A booking whose slot or id was taken by another: the terminal may have lost data. Kept as evidence. */
  z.strictObject({
    id: z.string(),
    kind: z.literal('quarantined'),
    stationId: z.string(),
    receivedAt: z.number(),
    conflict: z.string(),
    conflictsWithId: z.string(),
    booking,
  }),
  /** Sequence numbers of a terminal that never arrived while later ones did. */
  z.strictObject({
    id: z.string(),
    kind: z.literal('gap'),
    stationId: z.string(),
    terminalId: z.string(),
    epoch: z.string(),
    /** The first missing seq. */
    firstMissing: z.number(),
    /** Highest seq received in the epoch. */
    maxSeq: z.number(),
    missing: z.number(),
    since: z.number().nullable(),
  }),
  /**
   * An item the server refused at ingest and never stored: the operator's work is not booked. Only `accept`
   * (acknowledged) applies; nothing is stored or reversed by deciding it.
   */
  z.strictObject({
    id: z.string(),
    kind: z.literal('rejected'),
    /** The station the terminal is enrolled for. */
    stationId: z.string(),
    receivedAt: z.number(),
    terminalId: z.string(),
    epoch: z.string(),
    seq: z.number().optional(),
    rejection: z.enum(REJECTIONS),
    /** The reason the terminal was answered, e.g. `station-mismatch: booking for ST-20, …` or schema issues. */
    reason: z.string(),
    /** The station the item named, when it names one. */
    bookingStationId: z.string().optional(),
    /** The item as sent, when it is a JSON object of listable size. */
    booking: booking.optional(),
    /** Otherwise the start of its JSON text as received (all of it: GET /api/v1/admin/rejected). */
    excerpt: z.string().optional(),
  }),
]);
export type ReviewItem = z.infer<typeof ReviewItemSchema>;

export const ReviewResolutionSchema = z.strictObject({
  itemId: z.string(),
  decision: z.enum(REVIEW_DECISIONS),
  reason: z.string(),
  resolvedBy: z.string(),
  resolvedByName: z.string(),
  resolvedAt: z.number(),
  /** The booking.reverse the server wrote (or found) for a `reverse` decision. */
  reversalBookingId: z.string().optional(),
});
export type ReviewResolution = z.infer<typeof ReviewResolutionSchema>;

export const ReviewQueueSchema = z.strictObject({
  items: z.array(ReviewItemSchema),
  /** Open items in total; `items` holds at most the oldest few hundred. */
  openCount: z.number(),
  /** The latest decisions, newest first. */
  resolved: z.array(ReviewResolutionSchema),
});
export type ReviewQueue = z.infer<typeof ReviewQueueSchema>;

export const ResolveRequestSchema = z.strictObject({
  decision: z.enum(REVIEW_DECISIONS),
  reason: z.string().trim().min(1).max(500),
});
export type ResolveRequest = z.infer<typeof ResolveRequestSchema>;
