import type { TerminalHeartbeat, TerminalHeartbeatResponse } from '../../../../shared/board';
import type { IpcResponse } from '../../../../shared/ipc';
import type { PullQuery, PushRequest } from '../../../../shared/protocol';

// The seam between the sync engine and the network. In a browser the engine uses fetch with the token it
// stored at enrollment; in Electron the main process holds the token and makes the request over IPC.

/** Same shape as the IPC contract's sync answers: the server's answer or a transport failure. */
export type PushOutcome = IpcResponse<'sync:push'>;
export type PullOutcome = IpcResponse<'sync:pull'>;
export type ProbeOutcome = IpcResponse<'sync:probe'>;
export type HeartbeatOutcome =
  | { kind: 'ok'; value: TerminalHeartbeatResponse }
  | { kind: 'http-error'; status: number; code: string }
  | { kind: 'network-error'; message: string };

export interface TransportCallOptions {
  /** Aborts the call when the engine stops; a transport that cannot abort may ignore it. */
  signal?: AbortSignal;
}

/** Implementations resolve every failure to an outcome; they do not throw. */
export interface SyncTransport {
  push(request: PushRequest, options?: TransportCallOptions): Promise<PushOutcome>;
  pull(query: PullQuery, options?: TransportCallOptions): Promise<PullOutcome>;
  /** Asks the server's health, without the token. A transport without it leaves recovery to the backoff. */
  probe?(options?: TransportCallOptions): Promise<ProbeOutcome>;
  /** Reports the terminal's health for the board. A transport without it sends none. */
  heartbeat?(body: TerminalHeartbeat, options?: TransportCallOptions): Promise<HeartbeatOutcome>;
}
