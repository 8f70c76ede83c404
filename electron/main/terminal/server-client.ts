import type { TerminalHeartbeat } from '@shared/board';
import {
  createSyncClient,
  type HealthOutcome,
  type LineOutcome,
  type SyncOutcome,
  type PullOutcome,
  type PullQuery,
  type PushOutcome,
  type PushRequest,
} from '@shared/protocol';

// Main's side of the sync transport: the token never leaves this process. Main passes each outcome to the
// renderer over `sync:push` / `sync:pull` / `sync:probe`; the requests themselves are the shared client's.

export interface TerminalCredentials {
  terminalId: string;
  token: string;
}

export interface ServerClient {
  push(request: PushRequest): Promise<PushOutcome>;
  pull(query: PullQuery): Promise<PullOutcome>;
  /** The server's health, asked without the token: cheap enough to ask every few seconds while offline. */
  probe(): Promise<HealthOutcome>;
  /** Reports this terminal's health for the board (the current identity's token). */
  heartbeat(body: TerminalHeartbeat): Promise<SyncOutcome<{ serverTime: number }>>;
  /** The board and the stations' notes, for a lead's Line view. */
  line(): Promise<LineOutcome>;
}

export interface ServerClientOptions {
  baseUrl: string;
  getCredentials: () => TerminalCredentials | null;
  timeoutMs?: number;
  fetchImpl?: typeof fetch;
}

export function createServerClient(options: ServerClientOptions): ServerClient {
  const client = createSyncClient({
    baseUrl: options.baseUrl,
    fetch: options.fetchImpl ?? fetch,
    getToken: () => options.getCredentials()?.token,
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  });
  return {
    push: (request) => client.push(request),
    pull: (query) => client.pull(query),
    probe: () => client.health(),
    heartbeat: (body) => client.heartbeat(body),
    line: () => client.line(),
  };
}
