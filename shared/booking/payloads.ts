import { z } from 'zod';
import { identifierSchema } from '../id/well-formed';
import { COUNTER_BITS, counterRange, isCounterValue, MACHINE_RUN_STATES } from '../machine/signals';

// One schema per booking type. The terminal, the IPC contract and the server all validate with these,
// so a booking that the terminal accepted is one the server can read.

// Codes are looked up in master data like any other identifier.
const code = identifierSchema;
const quantity = z.number().finite().positive().max(1_000_000_000);
const unit = z.string().trim().min(1).max(16);
const epochMs = z.number().int().min(0).max(8_640_000_000_000_000);

export const BOOKING_PAYLOADS = {
  'operator.login': z.strictObject({ method: z.enum(['badge', 'pin', 'manual']) }),
  'operator.logout': z.strictObject({ reason: z.enum(['manual', 'timeout', 'shift-end', 'replaced']) }),
  // A booking a shift lead approved at the terminal (badge + PIN) names that lead in `approvedBy`: a restart
  // of a finished operation, a quantity above the open one, a material override, a reversal of someone
  // else's booking. Optional, so older bookings stay valid.
  'operation.start': z.strictObject({ phase: z.enum(['setup', 'production']), approvedBy: code.optional() }),
  'operation.interrupt': z.strictObject({ reasonCode: code }),
  'operation.resume': z.strictObject({}),
  // A partial confirmation books the good quantity made since the last one; optional, so older bookings stay valid.
  'operation.finish': z
    .strictObject({
      mode: z.enum(['final', 'partial']),
      quantity: quantity.optional(),
      unit: unit.optional(),
      approvedBy: code.optional(),
    })
    .refine((p) => (p.quantity === undefined) === (p.unit === undefined), {
      message: 'a confirmed quantity needs its unit',
    }),
  'quantity.good': z.strictObject({ quantity, unit, approvedBy: code.optional() }),
  'quantity.scrap': z.strictObject({ quantity, unit, reasonCode: code, approvedBy: code.optional() }),
  'quantity.rework': z.strictObject({ quantity, unit, reasonCode: code, approvedBy: code.optional() }),
  'quality.result': z
    .strictObject({
      characteristicId: code,
      value: z.number().finite().optional(),
      attribute: z.enum(['ok', 'nok']).optional(),
      defectCount: z.number().int().min(0).max(1_000_000).optional(),
      /** A `defect` reason: what was wrong with a part that failed an attribute inspection. */
      defectCode: code.optional(),
      verdict: z.enum(['pass', 'fail']),
    })
    .refine((p) => p.value !== undefined || p.attribute !== undefined, {
      message: 'a quality result needs a measured value or an attribute',
    }),
  'downtime.start': z.strictObject({ reasonCode: code }),
  'downtime.end': z.strictObject({}),
  'material.consume': z
    .strictObject({
      gtin: z
        .string()
        .regex(/^\d{14}$/)
        .optional(),
      materialNumber: code.optional(),
      lot: z.string().min(1).max(20).optional(),
      serial: z.string().min(1).max(20).optional(),
      expiry: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/)
        .optional(),
      quantity,
      unit,
      approvedBy: code.optional(),
    })
    .refine((p) => p.gtin !== undefined || p.materialNumber !== undefined, {
      message: 'material needs a GTIN or a material number',
    }),
  'transport.request': z.strictObject({
    destination: z.string().trim().max(64).optional(),
    containerSscc: z
      .string()
      .regex(/^\d{18}$/)
      .optional(),
    note: z.string().max(500).optional(),
  }),
  'shift.note': z.strictObject({ text: z.string().trim().min(1).max(2000) }),
  'booking.reverse': z.strictObject({
    reversedBookingId: z.string().uuid(),
    reason: z.string().trim().min(1).max(500),
    approvedBy: code.optional(),
  }),
  // Machine data (docs/machine-bookings.md): written by the terminal's collectors, not by a person. `signal` names
  // the configured signal of the station's machine; times are the terminal's clock like `occurredAt`.
  'machine.state': z.strictObject({ signal: code, state: z.enum(MACHINE_RUN_STATES), since: epochMs }),
  'machine.count': z
    .strictObject({
      signal: code,
      /** The last reading at `startValue` and the reading of `endValue`: the pieces were made in between. */
      from: epochMs,
      to: epochMs,
      bits: z.literal(COUNTER_BITS),
      startValue: z.number().int().min(0),
      endValue: z.number().int().min(0),
      pieces: z.number().int().min(0).max(1_000_000_000),
      /** How often the counter went back to a small number (reset) or over its top (wrap) in the interval. */
      resets: z.number().int().min(0).max(1_000_000),
      wraps: z.number().int().min(0).max(1_000_000),
    })
    .refine((p) => p.from <= p.to, { message: 'from must not be after to', path: ['to'] })
    .refine((p) => isCounterValue(p.startValue, p.bits) && isCounterValue(p.endValue, p.bits), {
      message: 'counter values must fit the counter width',
      path: ['bits'],
    })
    .refine((p) => p.resets > 0 || p.pieces === p.endValue - p.startValue + p.wraps * counterRange(p.bits), {
      message: 'without a reset, pieces must be endValue - startValue plus one counter range per wrap',
      path: ['pieces'],
    })
    .refine((p) => p.resets === 0 || p.pieces >= p.endValue, {
      message: 'after a reset the counter counted up from 0, so pieces must be at least endValue',
      path: ['pieces'],
    }),
} as const;

export type BookingType = keyof typeof BOOKING_PAYLOADS;
export const BOOKING_TYPES = Object.keys(BOOKING_PAYLOADS) as BookingType[];
export type BookingPayload<T extends BookingType> = z.infer<(typeof BOOKING_PAYLOADS)[T]>;

/** Types that only make sense against an operation (and so its order). */
export const OPERATION_BOUND_TYPES: ReadonlySet<BookingType> = new Set<BookingType>([
  'operation.start',
  'operation.interrupt',
  'operation.resume',
  'operation.finish',
  'quantity.good',
  'quantity.scrap',
  'quantity.rework',
  'quality.result',
  'material.consume',
]);

/** Types the terminal's machine collectors book, not a person: no operator, and never reversed. */
export const MACHINE_BOOKING_TYPES: ReadonlySet<BookingType> = new Set<BookingType>(['machine.state', 'machine.count']);
