import { z } from 'zod';
import { UUID_PATTERN } from '../id/uuidv7';
import { identifierSchema, isWellFormedText, WELL_FORMED_MESSAGE } from '../id/well-formed';
import {
  BOOKING_PAYLOADS,
  BOOKING_TYPES,
  OPERATION_BOUND_TYPES,
  type BookingPayload,
  type BookingType,
} from './payloads';

const id = z.string().regex(UUID_PATTERN, 'must be a lowercase UUID');
const ref = identifierSchema;

const bookingEnvelope = z.strictObject({
  id,
  terminalId: ref,
  epoch: ref,
  seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  type: z.enum(BOOKING_TYPES as [BookingType, ...BookingType[]]),
  occurredAt: z.number().int().min(0).max(8_640_000_000_000_000),
  clockOffsetMs: z
    .number()
    .int()
    .min(-10 * 365 * 86_400_000)
    .max(10 * 365 * 86_400_000),
  stationId: ref,
  operatorId: ref.optional(),
  orderId: ref.optional(),
  operationId: ref.optional(),
  masterDataVersion: z.string().max(256).refine(isWellFormedText, WELL_FORMED_MESSAGE),
  payload: z.unknown(),
});

/** A booking: an immutable fact from the shop floor. Corrections are `booking.reverse`, never edits. */
export type Booking<T extends BookingType = BookingType> = Omit<z.infer<typeof bookingEnvelope>, 'type' | 'payload'> & {
  type: T;
  payload: BookingPayload<T>;
};

/** What a workflow hands to capture: everything except what the outbox assigns (id, seq, epoch, clock). */
export type BookingDraft<T extends BookingType = BookingType> = Pick<
  Booking<T>,
  'type' | 'payload' | 'stationId' | 'operatorId' | 'orderId' | 'operationId'
>;

export type BookingValidation = { ok: true; booking: Booking } | { ok: false; issues: string[] };

/** Validates anything (from IndexedDB, IPC or the network) as a booking, payload included. */
export function validateBooking(input: unknown): BookingValidation {
  const envelope = bookingEnvelope.safeParse(input);
  if (!envelope.success) return { ok: false, issues: formatIssues(envelope.error) };
  const value = envelope.data;
  const payload = BOOKING_PAYLOADS[value.type].safeParse(value.payload);
  if (!payload.success) return { ok: false, issues: formatIssues(payload.error, 'payload') };
  if (OPERATION_BOUND_TYPES.has(value.type) && (!value.orderId || !value.operationId)) {
    return { ok: false, issues: [`${value.type} needs orderId and operationId`] };
  }
  return { ok: true, booking: { ...value, payload: payload.data } as Booking };
}

function formatIssues(error: z.ZodError, prefix?: string): string[] {
  return error.issues.slice(0, 10).map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    return path ? `${path}: ${issue.message}` : issue.message;
  });
}
