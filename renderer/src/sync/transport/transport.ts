import type { TerminalHeartbeat, TerminalHeartbeatResponse } from '@shared/board';
import type {
  HealthOutcome,
  LineOutcome,
  PullOutcome,
  PullQuery,
  PushOutcome,
  PushRequest,
  SyncOutcome,
} from '@shared/protocol';

// The seam between the sync engine and the network. In a browser the engine uses fetch with the token it
// stored at enrollment; in Electron the main process holds the token and makes the request over IPC.
// Either way the outcomes are the shared protocol's (`shared/protocol/outcome.ts`).

export type HeartbeatOutcome = SyncOutcome<TerminalHeartbeatResponse>;

export interface TransportCallOptions {
  /** Aborts the call when the engine stops; a transport that cannot abort may ignore it. */
  signal?: AbortSignal;
}

/** Implementations resolve every failure to an outcome; they do not throw. */
export interface SyncTransport {
  push(request: PushRequest, options?: TransportCallOptions): Promise<PushOutcome>;
  pull(query: PullQuery, options?: TransportCallOptions): Promise<PullOutcome>;
  /** Asks the server's health, without the token. A transport without it leaves recovery to the backoff. */
  probe?(options?: TransportCallOptions): Promise<HealthOutcome>;
  /** Reports the terminal's health for the board. A transport without it sends none. */
  heartbeat?(body: TerminalHeartbeat, options?: TransportCallOptions): Promise<HeartbeatOutcome>;
  /** The board and the stations' notes for a lead's Line view (with the terminal's token). */
  line?(options?: TransportCallOptions): Promise<LineOutcome>;
}
