import { z } from 'zod';

// The board's event stream sends a named `heartbeat` event at a fixed interval (and once right after the
// catch-up), so a client can tell a quiet plant from a half-open connection: a link that stays silent for
// BOARD_HEARTBEAT_MISSES intervals is treated as lost (docs/board-api.md).

/** The SSE event name of the stream's heartbeat; it carries no id, so Last-Event-ID stays the last station's. */
export const BOARD_HEARTBEAT_EVENT = 'heartbeat';

/** This many heartbeat intervals without any event and the client treats the link as lost and reconnects. */
export const BOARD_HEARTBEAT_MISSES = 3;

/** Not strict: a newer server may add fields without breaking an open board. */
export const BoardHeartbeatSchema = z.object({
  /** The server's clock when the heartbeat was sent. */
  serverTime: z.number().int().min(0),
  /** How often the server sends one on this stream. */
  intervalMs: z.number().int().positive(),
});
export type BoardHeartbeat = z.infer<typeof BoardHeartbeatSchema>;
