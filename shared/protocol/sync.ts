import { z } from 'zod';
import { identifierSchema } from '../id/well-formed';
import { DATASET_NAMES, type DatasetName } from '../master-data/datasets';

// Sync protocol v1 between terminal and central server. Documented in docs/sync-protocol.md.

export const PROTOCOL_VERSION = 1;
export const MAX_PUSH_BATCH = 500;
export const MAX_PULL_LIMIT = 5_000;

const ref = identifierSchema;

export const EnrollRequestSchema = z.strictObject({
  stationId: ref,
  enrollmentCode: z.string().min(1).max(128),
});
export type EnrollRequest = z.infer<typeof EnrollRequestSchema>;

export const EnrollResponseSchema = z.strictObject({
  terminalId: ref,
  token: z.string().min(32).max(256),
});
export type EnrollResponse = z.infer<typeof EnrollResponseSchema>;

/**
 * A rotated token: the old one stays valid until this one is first used, so a terminal that loses the answer
 * asks again with the old token (and the unused token of the lost answer stops working).
 */
export const RotateResponseSchema = z.strictObject({
  terminalId: ref,
  token: z.string().min(32).max(256),
});
export type RotateResponse = z.infer<typeof RotateResponseSchema>;

/** The envelope is validated as a whole (400 when broken); each booking in it is judged on its own. */
export const PushRequestSchema = z.strictObject({
  terminalId: ref,
  epoch: ref,
  bookings: z.array(z.unknown()).min(1).max(MAX_PUSH_BATCH),
});
export type PushRequest = z.infer<typeof PushRequestSchema>;

export const PUSH_STATUSES = ['accepted', 'duplicate', 'quarantined', 'rejected'] as const;
export type PushStatus = (typeof PUSH_STATUSES)[number];

export const PushResultSchema = z.strictObject({
  id: z.string().max(128),
  status: z.enum(PUSH_STATUSES),
  reason: z.string().max(2_000).optional(),
});
export type PushResult = z.infer<typeof PushResultSchema>;

export const PushResponseSchema = z.strictObject({
  results: z.array(PushResultSchema).max(MAX_PUSH_BATCH),
  ackedUpTo: z.number().int().min(0),
  serverTime: z.number().int(),
});
export type PushResponse = z.infer<typeof PushResponseSchema>;

export const PullQuerySchema = z.strictObject({
  dataset: z.enum(DATASET_NAMES as [DatasetName, ...DatasetName[]]),
  cursor: z.string().max(128).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PULL_LIMIT).optional(),
});
export type PullQuery = z.infer<typeof PullQuerySchema>;

export const ChangeSchema = z.strictObject({
  key: z.string().min(1).max(128),
  op: z.enum(['put', 'delete']),
  value: z.unknown().optional(),
});
export type Change = z.infer<typeof ChangeSchema>;

export const PullResponseSchema = z.strictObject({
  changes: z.array(ChangeSchema),
  cursor: z.string().max(128),
  hasMore: z.boolean(),
  reset: z.boolean().optional(),
  serverTime: z.number().int(),
});
export type PullResponse = z.infer<typeof PullResponseSchema>;

export const HealthResponseSchema = z.strictObject({
  status: z.enum(['ok', 'degraded']),
  version: z.string(),
  protocol: z.number().int(),
  database: z.strictObject({ status: z.enum(['ok', 'error']), schemaVersion: z.number().int() }),
  /** Optional for servers before storage checks; `degraded` above already sums them up. */
  storage: z
    .strictObject({
      writable: z.boolean(),
      diskFreeBytes: z.number().nullable(),
      lastStorageError: z.strictObject({ code: z.string(), at: z.number().int() }).optional(),
    })
    .optional(),
  serverTime: z.number().int(),
});
export type HealthResponse = z.infer<typeof HealthResponseSchema>;

/** Every error body the server sends: a stable code the terminal can translate, and a human message. */
export const ApiErrorSchema = z.strictObject({
  error: z.strictObject({ code: z.string(), message: z.string(), details: z.array(z.string()).optional() }),
});
export type ApiError = z.infer<typeof ApiErrorSchema>;
