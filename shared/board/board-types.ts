import { z } from 'zod';
import { BOOKING_TYPES, type BookingType } from '../booking/payloads';
import { MACHINE_RUN_STATES } from '../machine/signals';
import { HeartbeatScannerSchema } from './terminal-heartbeat';

// What the line board shows per station: `GET /api/v1/board` and the SSE `station` event carry exactly this
// (docs/board-api.md). All times are epoch milliseconds in business time (the terminal's corrected clock)
// except `lastSeenAt` and `generatedAt`, which are the server's clock. Fields are only ever added, never renamed.

const count = z.number().finite().min(0);
const time = z.number().int().min(0);
const text = z.string().max(200);

export const BOARD_STATION_STATES = ['producing', 'setup', 'interrupted', 'down', 'idle', 'offline'] as const;
export type BoardStationState = (typeof BOARD_STATION_STATES)[number];

/** `interrupted`: the operation was interrupted and not yet resumed (it still belongs to the station). */
export const BOARD_OPERATION_PHASES = ['setup', 'production', 'interrupted'] as const;
export type BoardOperationPhase = (typeof BOARD_OPERATION_PHASES)[number];

/** Master-data texts: German and English always, Polish and Turkish where the plant wrote them. */
export const BoardLocalizedTextSchema = z.strictObject({
  de: text,
  en: text,
  pl: text.optional(),
  tr: text.optional(),
});

export const BoardOperatorSchema = z.strictObject({ id: text, name: text });
export type BoardOperator = z.infer<typeof BoardOperatorSchema>;

export const BoardOperationSchema = z.strictObject({
  orderNumber: text,
  operationNumber: text,
  phase: z.enum(BOARD_OPERATION_PHASES),
  good: count,
  scrap: count,
  rework: count,
  /** The order quantity. */
  planned: count,
  /** Good pieces expected by now: elapsed production time / cycle time (0 without a cycle time). */
  target: count,
  orderId: text,
  operationId: text,
  unit: text,
  /** When the current phase started (business time). */
  since: time,
});
export type BoardOperation = z.infer<typeof BoardOperationSchema>;

export const BoardTerminalHealthSchema = z.strictObject({
  /** Last push or heartbeat (server clock); null when this station's terminal was never heard from. */
  lastSeenAt: time.nullable(),
  /** Bookings waiting in the terminal's outbox, as it last reported (null: never reported). */
  pending: count.nullable(),
  /** The oldest of those (business time); null when none is pending or nothing was reported. */
  oldestPendingAt: time.nullable(),
  /** Missing sequence numbers the server saw in this station's terminal streams. */
  gaps: count,
  quarantined: count,
  rejected: count,
  /** The scanners the most recently heard terminal last reported; absent until one reported any. */
  scanners: z.array(HeartbeatScannerSchema).max(16).optional(),
});
export type BoardTerminalHealth = z.infer<typeof BoardTerminalHealthSchema>;

export const BoardLastBookingSchema = z.strictObject({
  id: text,
  type: z.enum(BOOKING_TYPES as [BookingType, ...BookingType[]]),
  occurredAt: time,
  operatorId: text.optional(),
});
export type BoardLastBooking = z.infer<typeof BoardLastBookingSchema>;

/** The station's machine as its own bookings tell it (docs/board-api.md, "Machine"); absent without machine data. */
export const BoardMachineSchema = z.strictObject({
  /** Of several machines, a stopped one wins, then one not reachable (`unknown`), then running. */
  state: z.enum(MACHINE_RUN_STATES),
  /** When the machine entered `state` (business time). */
  since: time,
  /** The station's current operation: the open one started last; null when none is open. */
  operationId: text.nullable(),
  /** Pieces the machine counted for that operation since it was started; null when none is open. */
  count: count.nullable(),
  /** End of the last counted interval (business time); null before the first count. */
  countedUntil: time.nullable(),
});
export type BoardMachine = z.infer<typeof BoardMachineSchema>;

export const BoardStationSchema = z.strictObject({
  stationId: text,
  name: text,
  area: text,
  state: z.enum(BOARD_STATION_STATES),
  /** Since when the station is in `state` (business time; for `offline`, the last contact). */
  since: time,
  reasonCode: text.optional(),
  /** The reason's German text (the plant's language); `reasonTexts` has all languages. */
  reasonText: text.optional(),
  reasonTexts: BoardLocalizedTextSchema.optional(),
  operators: z.array(BoardOperatorSchema),
  operations: z.array(BoardOperationSchema),
  terminal: BoardTerminalHealthSchema,
  lastBooking: BoardLastBookingSchema.nullable(),
  machine: BoardMachineSchema.optional(),
});
export type BoardStation = z.infer<typeof BoardStationSchema>;

export const BoardSnapshotSchema = z.strictObject({
  generatedAt: time,
  stations: z.array(BoardStationSchema),
});
export type BoardSnapshot = z.infer<typeof BoardSnapshotSchema>;

/** The SSE event name that carries one `BoardStation` as JSON. */
export const BOARD_STATION_EVENT = 'station';
