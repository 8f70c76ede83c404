import { z } from 'zod';
import type { IpcChannel, IpcEventChannel } from './channels';
import type { IpcEventPayload } from './events';
import { SCAN_INPUT_ERROR_CODES } from '../scan/scan-input-errors';
import { validateBooking } from '../booking/booking';
import { identifierSchema } from '../id/well-formed';
import { PullQuerySchema, PushRequestSchema } from '../protocol/sync';
import { PendingExportFileSchema } from '../protocol/pending-export';
import { HealthOutcomeSchema, PullOutcomeSchema, PushOutcomeSchema } from '../protocol/outcome';
import { HeartbeatOutcomeSchema, LineOutcomeSchema } from '../protocol/outcome';
import { TerminalHeartbeatSchema } from '../board/terminal-heartbeat';
import { KeystoreStatusSchema, LogTailSchema } from './terminal-health';
import { StationMachineSchema } from '../master-data/datasets';

// The one contract between renderer and main. Channel names are `domain:action`. The preload builds its
// API from this table and main validates every request against it, so neither side can drift.

export const AppInfoSchema = z.strictObject({
  version: z.string(),
  platform: z.string(),
  electronVersion: z.string(),
  isPackaged: z.boolean(),
  stationId: z.string().optional(),
  serverUrl: z.string().optional(),
  /** Known once main has enrolled; the token itself never leaves main. */
  terminalId: z.string().optional(),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

/** How a scan source is doing, for the admin screen. */
export const ScanSourceStatusSchema = z.strictObject({
  deviceId: z.string(),
  kind: z.string(),
  state: z.enum(['connected', 'connecting', 'disconnected', 'error']),
  detail: z.string().optional(),
  /** Why the device is not working, as a code the UI translates. */
  code: z.enum(SCAN_INPUT_ERROR_CODES).optional(),
  lastScanAt: z.number().optional(),
  scans: z.number().int(),
  errors: z.number().int(),
});

/** A booking crossing the bridge, checked by the same validation as capture and the server. */
export const BookingOverIpcSchema = z.unknown().transform((value, ctx) => {
  const validation = validateBooking(value);
  if (validation.ok) return validation.booking;
  ctx.addIssue({ code: 'custom', message: `not a valid booking: ${validation.issues.join('; ')}` });
  return z.NEVER;
});

/** What the booking journal in main still holds, for the renderer to restore what IndexedDB lost. */
export const JournalReplaySchema = z.strictObject({
  bookings: z.array(BookingOverIpcSchema),
  corruptRecords: z.number().int().min(0),
  truncatedSegments: z.number().int().min(0),
  segments: z.number().int().min(0),
});
export type JournalReplayAnswer = z.output<typeof JournalReplaySchema>;

/** The export of pending bookings, for main to save where plant IT chooses (a plain name, no folders). */
export const ExportSaveRequestSchema = z.strictObject({
  fileName: z.string().regex(/^[\w.-]{1,150}\.json$/, 'a plain .json file name'),
  file: PendingExportFileSchema,
});
export type ExportSaveRequest = z.infer<typeof ExportSaveRequestSchema>;
export const ExportSaveAnswerSchema = z.discriminatedUnion('outcome', [
  z.strictObject({ outcome: z.literal('saved'), path: z.string().min(1) }),
  z.strictObject({ outcome: z.literal('cancelled') }),
  /** Nothing (usable) was written; `reason` is for the log and plant IT, in English. */
  z.strictObject({ outcome: z.literal('failed'), reason: z.string() }),
]);
export type ExportSaveAnswer = z.infer<typeof ExportSaveAnswerSchema>;

/**
 * The station's machine thresholds from its master data, for main's acquisition (which has no master data).
 * The station's own schema bounds every field, so main takes nothing master data could not hold.
 */
export const MachineSettingsRequestSchema = z.strictObject({
  stationId: identifierSchema,
  machine: StationMachineSchema,
});
export type MachineSettingsRequest = z.infer<typeof MachineSettingsRequestSchema>;

export const IPC_CONTRACT = {
  'app:info': { request: z.undefined(), response: AppInfoSchema },
  'sync:push': { request: PushRequestSchema, response: PushOutcomeSchema },
  'sync:pull': { request: PullQuerySchema, response: PullOutcomeSchema },
  /** Is the server back? Its health answer, asked without the token (cheap, while offline). */
  'sync:probe': { request: z.undefined(), response: HealthOutcomeSchema },
  'scan:sources': { request: z.undefined(), response: z.array(ScanSourceStatusSchema).max(64) },
  /** Journals a booking IndexedDB has just stored; answers once it is fdatasync'd. */
  'journal:append': { request: BookingOverIpcSchema, response: z.strictObject({ durable: z.literal(true) }) },
  /** Everything the journal holds (acknowledged segments are pruned by main itself, see sync:push). */
  'journal:replay': { request: z.undefined(), response: JournalReplaySchema },
  /** How the terminal token is protected at rest (a warning on the status screen when it is not). */
  'app:keystore': { request: z.undefined(), response: KeystoreStatusSchema },
  /** The newest lines of main's log file, for the admin screen. */
  'log:tail': { request: z.strictObject({ lines: z.number().int().min(1).max(500) }), response: LogTailSchema },
  /** The renderer tells main whether an operator is logged in: an update never restarts under someone. */
  'session:state': {
    request: z.strictObject({ isOperatorLoggedIn: z.boolean() }),
    response: z.strictObject({ received: z.literal(true) }),
  },
  /**
   * The renderer's outbox for the board (after each push run and on its timer): main sends the heartbeat
   * with it, adding what only main knows (app version, scanners), and keeps beating on its own if the renderer
   * goes quiet.
   */
  'sync:heartbeat': {
    request: TerminalHeartbeatSchema.pick({ pending: true, oldestPendingAt: true }),
    response: HeartbeatOutcomeSchema,
  },
  /** The board and the stations' notes, read with the terminal's token, for a lead's Line view. */
  'line:read': { request: z.undefined(), response: LineOutcomeSchema },
  /** Main asks where to save the export (its save dialog), checks it and writes it (0600, synced). */
  'export:save': { request: ExportSaveRequestSchema, response: ExportSaveAnswerSchema },
  /** The admin screen's exit, once a shift lead approved it with badge and PIN; main logs who and quits. */
  'kiosk:exit': {
    request: z.strictObject({ approvedBy: identifierSchema }),
    response: z.strictObject({ exiting: z.literal(true) }),
  },
  /**
   * The renderer loaded (or got new) master data for its station: main counts and debounces by these thresholds
   * from now on. `applied` is false on a terminal with no machine wired to it.
   */
  'machine:settings': {
    request: MachineSettingsRequestSchema,
    response: z.strictObject({ applied: z.boolean() }),
  },
} as const satisfies Record<IpcChannel, { request: z.ZodType; response: z.ZodType }>;
export type IpcRequest<C extends IpcChannel> = z.input<(typeof IPC_CONTRACT)[C]['request']>;
export type IpcResponse<C extends IpcChannel> = z.output<(typeof IPC_CONTRACT)[C]['response']>;
/** A request after main has validated it. */
export type IpcValidRequest<C extends IpcChannel> = z.output<(typeof IPC_CONTRACT)[C]['request']>;

export type IpcErrorCode = 'unknown-channel' | 'forbidden-sender' | 'invalid-request' | 'handler-failed';

/** Errors never cross the bridge as exceptions; every call resolves to one of these. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: { code: IpcErrorCode; message: string } };

/** The API the preload exposes to the page as `takt`: one async function per channel, and event subscription. */
export type TaktBridge = {
  [C in IpcChannel]: (request: IpcRequest<C>) => Promise<IpcResult<IpcResponse<C>>>;
} & {
  subscribe<E extends IpcEventChannel>(channel: E, listener: (payload: IpcEventPayload<E>) => void): () => void;
};
