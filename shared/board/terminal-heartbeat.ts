import { z } from 'zod';

// `POST /api/v1/terminals/heartbeat`: what a terminal reports about itself on a timer and after pushes,
// so the board can tell a quiet station from a terminal that cannot deliver (docs/board-api.md).

const MAX_SCANNERS = 16;

export const HeartbeatScannerSchema = z.strictObject({
  deviceId: z.string().min(1).max(128),
  kind: z.string().min(1).max(32),
  state: z.enum(['connected', 'connecting', 'disconnected', 'error']),
});
export type HeartbeatScanner = z.infer<typeof HeartbeatScannerSchema>;

export const TerminalHeartbeatSchema = z.strictObject({
  /** Bookings in the outbox not yet acknowledged by the server. */
  pending: z.number().int().min(0).max(100_000_000),
  /** Business time (terminal clock + its offset) of the oldest pending booking; null when none is pending. */
  oldestPendingAt: z.number().int().min(0).max(8_640_000_000_000_000).nullable(),
  appVersion: z.string().min(1).max(64),
  scanners: z.array(HeartbeatScannerSchema).max(MAX_SCANNERS),
});
export type TerminalHeartbeat = z.infer<typeof TerminalHeartbeatSchema>;

export const TerminalHeartbeatResponseSchema = z.strictObject({ serverTime: z.number().int() });
export type TerminalHeartbeatResponse = z.infer<typeof TerminalHeartbeatResponseSchema>;
