import { createSyncClient } from '@shared/protocol';
import type { SyncTransport } from './transport';

// Browser mode: the renderer talks to the central server itself, with the token from enrollment.

export interface FetchTransportOptions {
  /** Origin of the central server, e.g. `https://takt.plant.local` (same origin in browser mode). */
  baseUrl: string;
  /**
   * The token to send: for a push, the token of the terminal the envelope names (a re-enrolled terminal
   * still sends its old identity's bookings with the old token); for a pull, `terminalId` is undefined and
   * the current identity's token is meant. Undefined while not enrolled, or for a terminal id it does not know.
   */
  getToken: (terminalId?: string) => string | undefined | Promise<string | undefined>;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export function createFetchTransport(options: FetchTransportOptions): SyncTransport {
  const client = createSyncClient({
    baseUrl: options.baseUrl,
    fetch: options.fetch ?? browserFetch,
    getToken: options.getToken,
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  });
  return {
    push: (request, call) => client.push(request, call),
    pull: (query, call) => client.pull(query, call),
    probe: (call) => client.health(call),
    heartbeat: (body, call) => client.heartbeat(body, call),
    line: (call) => client.line(call),
  };
}

/** The page's fetch, called as a plain function: a detached `window.fetch` throws "Illegal invocation". */
export const browserFetch: typeof fetch = (input, init) => fetch(input, init);
