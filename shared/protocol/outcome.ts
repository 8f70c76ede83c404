import { z } from 'zod';
import { TerminalHeartbeatResponseSchema } from '../board/terminal-heartbeat';
import { LineViewSchema } from '../board/line-notes';
import { EnrollResponseSchema, HealthResponseSchema, PullResponseSchema, PushResponseSchema } from './sync';

// What one exchange with the server came to: its answer, or a failure the caller may retry. Main relays
// these over IPC, so the schemas are the definition and the types are derived from them.

const outcomeSchema = <T extends z.ZodType>(value: T) =>
  z.union([
    z.strictObject({ kind: z.literal('ok'), value }),
    /** `code` is the server's ApiError code, `http-<status>` without one, or `bad-response` / `not-enrolled`. */
    z.strictObject({ kind: z.literal('http-error'), status: z.number().int(), code: z.string() }),
    z.strictObject({ kind: z.literal('network-error'), message: z.string() }),
  ]);

export const PushOutcomeSchema = outcomeSchema(PushResponseSchema);
export const PullOutcomeSchema = outcomeSchema(PullResponseSchema);
export const HealthOutcomeSchema = outcomeSchema(HealthResponseSchema);
export const EnrollOutcomeSchema = outcomeSchema(EnrollResponseSchema);

export type PushOutcome = z.infer<typeof PushOutcomeSchema>;
export type PullOutcome = z.infer<typeof PullOutcomeSchema>;
export type HealthOutcome = z.infer<typeof HealthOutcomeSchema>;
export type EnrollOutcome = z.infer<typeof EnrollOutcomeSchema>;
/** Main relays these for the Electron terminal (heartbeat, the lead's Line view). */
export const HeartbeatOutcomeSchema = outcomeSchema(TerminalHeartbeatResponseSchema);
export const LineOutcomeSchema = outcomeSchema(LineViewSchema);
export type LineOutcome = z.infer<typeof LineOutcomeSchema>;

/** Every way an exchange can fail; the same for each route. */
export type SyncFailure = Exclude<PushOutcome, { kind: 'ok' }>;
export type SyncOutcome<T> = { kind: 'ok'; value: T } | SyncFailure;

/** What a push or pull comes to while no token is known for it: nothing is sent. */
export const NOT_ENROLLED = { kind: 'http-error', status: 401, code: 'not-enrolled' } as const satisfies SyncFailure;
