import { z } from 'zod';
import { hasValidGs1CheckDigit } from '../barcode/gs1/check-digit';
import { BADGE_UID_FORMATS } from '../scan/badge-uid';
import { PIN_KDF } from '../security/pin-credential';

// Master data the terminal keeps locally so it can work offline for days. The server owns it; the
// terminal only ever replaces it with what the server sends (pull), never edits it.

const id = z.string().trim().min(1).max(64);
const text = z.string().max(200);
// German and English are required; Polish and Turkish texts are optional (a terminal falls back to German).
const localizedText = z.strictObject({ de: text, en: text, pl: text.optional(), tr: text.optional() });

const pattern = z.string().min(1).max(200);

/** How this plant's own barcodes look (regex sources), so the terminal can tell an order from an operation. */
export const ScanPatternsSchema = z.strictObject({
  orderPattern: pattern.optional(),
  operationPattern: pattern.optional(),
  badgePattern: pattern.optional(),
  /** How this station's keyboard-wedge badge reader writes a UID; normalised to uppercase hex. */
  badgeFormat: z.enum(BADGE_UID_FORMATS).optional(),
  commandPrefix: z.string().min(1).max(16).optional(),
});

export const LOGIN_MODES = ['badge', 'badge+pin'] as const;
export type LoginMode = (typeof LOGIN_MODES)[number];
export const OPERATOR_LANGUAGES = ['de', 'en', 'pl', 'tr'] as const;

/** How the station's machine is judged and booked (docs/machine-bookings.md); every field has a default. */
export const StationMachineSchema = z.strictObject({
  /** A stop shorter than this is a micro-stop, a longer one an unplanned stop that asks for its reason (default 120). */
  microStopSeconds: z.number().int().min(1).max(86_400).optional(),
  /** Running below this share of the cycle-time rate is reduced speed (default 80). */
  reducedSpeedPercent: z.number().int().min(1).max(100).optional(),
  /** The time over which the running rate is measured (default 300). */
  rateWindowSeconds: z.number().int().min(10).max(86_400).optional(),
  /** One `machine.count` booking per this many seconds at most (default 60). */
  countIntervalSeconds: z.number().int().min(5).max(3_600).optional(),
  /** A run-state change is booked once it held this long (default 2). */
  stateHoldSeconds: z.number().min(0).max(60).optional(),
});

export const StationSchema = z.strictObject({
  id,
  name: text,
  area: text.optional(),
  scanPatterns: ScanPatternsSchema.optional(),
  /** Assembly benches may run several operations at once; a lathe runs one (the default). */
  allowsParallelOperations: z.boolean().optional(),
  /** A quantity above this share of the open quantity asks for a confirmation (default 150 %). */
  quantityTolerancePercent: z.number().int().min(100).max(10_000).optional(),
  /** `badge+pin`: every login needs the PIN as well (default `badge`; a typed badge number always needs it). */
  loginMode: z.enum(LOGIN_MODES).optional(),
  /** Minutes without input after which the team is logged out (default 10). */
  idleLogoutMinutes: z.number().int().min(1).max(720).optional(),
  /** Thresholds of machine data acquisition, for a station whose machine is wired to the terminal. */
  machine: StationMachineSchema.optional(),
});

export const OperatorSchema = z.strictObject({
  id,
  name: text,
  role: z.enum(['operator', 'lead']),
  /** Hex SHA-256 of `badgeSalt + canonical badge UID`: a stolen terminal disk leaks no badge ids. */
  badgeHash: z.string().regex(/^[0-9a-f]{64}$/),
  badgeSalt: z.string().min(8).max(64),
  /** PBKDF2-SHA256 over badge UID and PIN (shared/security/pin-credential.ts), for logins and lead approvals. */
  pin: z
    .strictObject({
      hash: z.string().regex(/^[0-9a-f]{64}$/),
      salt: z.string().min(8).max(64),
      iterations: z.number().int().min(100_000).max(10_000_000),
      /** Absent on hashes of the PIN alone from before badge binding; terminals do not accept those. */
      kdf: z.literal(PIN_KDF).optional(),
    })
    .optional(),
  /** The terminal switches to this language when the operator logs in. */
  language: z.enum(OPERATOR_LANGUAGES).optional(),
});

export const OrderSchema = z.strictObject({
  id,
  number: text,
  material: text,
  materialText: text,
  quantity: z.number().nonnegative(),
  unit: z.string().min(1).max(16),
  dueDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  status: z.enum(['released', 'in-progress', 'closed']),
});

export const OperationSchema = z.strictObject({
  id,
  orderId: id,
  number: z.string().regex(/^\d{1,6}$/),
  text,
  stationId: id,
  setupMinutes: z.number().nonnegative(),
  cycleSeconds: z.number().nonnegative(),
  status: z.enum(['released', 'in-progress', 'closed']),
  qualityPlanId: id.optional(),
});

export const ReasonSchema = z.strictObject({
  id,
  /**
   * `reversal`: why a booking is taken back (a storno needs a reason the plant can evaluate);
   * `defect`: what is wrong with a part that failed an attribute inspection (a defect code).
   */
  kind: z.enum(['scrap', 'rework', 'interrupt', 'downtime', 'reversal', 'defect']),
  text: localizedText,
});

/** When a characteristic must be inspected: at production start, every N good pieces, at the finish. */
export const DueRuleSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('start') }),
  z.strictObject({ kind: z.literal('every'), pieces: z.number().int().min(1).max(1_000_000) }),
  z.strictObject({ kind: z.literal('finish') }),
]);

export const CharacteristicSchema = z.strictObject({
  id,
  name: localizedText,
  kind: z.enum(['variable', 'attribute']),
  nominal: z.number().finite().optional(),
  lower: z.number().finite().optional(),
  upper: z.number().finite().optional(),
  unit: z.string().max(16).optional(),
  /** Decimals the gauge shows; limits and values are displayed with them (default: as many as the limits have). */
  decimals: z.number().int().min(0).max(6).optional(),
  /** A value further than this many tolerance bands outside the limits is taken for a typing error (default 10). */
  plausibleBands: z.number().min(1).max(1000).optional(),
  due: z.array(DueRuleSchema).max(3).optional(),
});

export const QualityPlanSchema = z.strictObject({
  id,
  name: text,
  characteristics: z.array(CharacteristicSchema).max(200),
});

const wallClock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a local time HH:MM');

/** A recurring window inside a shift, in local wall-clock time; one that ends at or before its start runs over midnight. */
export const ShiftWindowSchema = z.strictObject({ start: wallClock, end: wallClock, name: text.optional() });

/** IANA time zone names such as Europe/Berlin; checked against the runtime's own zone database. */
const timeZone = z.string().min(1).max(64).refine(isKnownTimeZone, 'an IANA time zone such as Europe/Berlin');

export const ShiftSchema = z.strictObject({
  id,
  name: text,
  start: z.string().regex(/^\d{2}:\d{2}$/),
  end: z.string().regex(/^\d{2}:\d{2}$/),
  // Breaks and planned downtime (e.g. weekly maintenance) are not planned busy time: they never count
  // against availability, and nothing booked in them counts as production time (docs/kpi.md). Optional, so
  // calendars from before they existed stay valid.
  breaks: z.array(ShiftWindowSchema).max(20).optional(),
  plannedDowntime: z.array(ShiftWindowSchema).max(20).optional(),
  /** The plant's time zone the wall-clock times are in; every shift of a plant names the same (default: the server's). */
  timeZone: timeZone.optional(),
});

function isKnownTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** One component an operation consumes: found by its GTIN (from a GS1 label) and/or the plant's material number. */
export const BomComponentSchema = z
  .strictObject({
    /** Position in the bill of materials, e.g. "0010"; unique within the BOM. */
    id,
    name: text,
    gtin: z
      .string()
      .regex(/^\d{14}$/, 'a GTIN-14 (pad shorter GTINs with leading zeros)')
      .refine(hasValidGs1CheckDigit, 'GTIN check digit is wrong')
      .optional(),
    materialNumber: id.optional(),
    /** How much one unit of the order's product needs, in `unit`. */
    quantityPerUnit: z.number().positive().max(1_000_000),
    unit: z.string().trim().min(1).max(16),
    isLotRequired: z.boolean().optional(),
    isSerialRequired: z.boolean().optional(),
  })
  .refine((c) => c.gtin !== undefined || c.materialNumber !== undefined, {
    message: 'a component needs a GTIN or a material number',
  });

/** What an operation consumes; one bill of materials per operation. */
export const BillOfMaterialsSchema = z
  .strictObject({
    id,
    operationId: id,
    components: z.array(BomComponentSchema).min(1).max(500),
  })
  .refine((bom) => new Set(bom.components.map((c) => c.id)).size === bom.components.length, {
    message: 'component ids must be unique within a bill of materials',
    path: ['components'],
  });

export const DATASET_SCHEMAS = {
  stations: StationSchema,
  operators: OperatorSchema,
  orders: OrderSchema,
  operations: OperationSchema,
  reasons: ReasonSchema,
  qualityPlans: QualityPlanSchema,
  shifts: ShiftSchema,
  boms: BillOfMaterialsSchema,
} as const;

export type DatasetName = keyof typeof DATASET_SCHEMAS;
export const DATASET_NAMES = Object.keys(DATASET_SCHEMAS) as DatasetName[];

export type Station = z.infer<typeof StationSchema>;
export type StationScanPatterns = z.infer<typeof ScanPatternsSchema>;
export type StationMachine = z.infer<typeof StationMachineSchema>;
export type Operator = z.infer<typeof OperatorSchema>;
export type Order = z.infer<typeof OrderSchema>;
export type Operation = z.infer<typeof OperationSchema>;
export type Reason = z.infer<typeof ReasonSchema>;
export type QualityPlan = z.infer<typeof QualityPlanSchema>;
export type Characteristic = z.infer<typeof CharacteristicSchema>;
export type DueRule = z.infer<typeof DueRuleSchema>;
export type Shift = z.infer<typeof ShiftSchema>;
export type ShiftWindowTimes = z.infer<typeof ShiftWindowSchema>;
export type BomComponent = z.infer<typeof BomComponentSchema>;
export type BillOfMaterials = z.infer<typeof BillOfMaterialsSchema>;

export interface DatasetRecords {
  stations: Station;
  operators: Operator;
  orders: Order;
  operations: Operation;
  reasons: Reason;
  qualityPlans: QualityPlan;
  shifts: Shift;
  boms: BillOfMaterials;
}

export function isDatasetName(value: unknown): value is DatasetName {
  return typeof value === 'string' && (DATASET_NAMES as string[]).includes(value);
}
