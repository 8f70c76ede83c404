import type { z } from 'zod';
import {
  TerminalHeartbeatResponseSchema,
  type TerminalHeartbeat,
  type TerminalHeartbeatResponse,
} from '../board/terminal-heartbeat';
import { LINE_ROUTES, LineNotesSchema, type LineView } from '../board/line-notes';
import { BoardSnapshotSchema } from '../board/board-types';
import {
  NOT_ENROLLED,
  type EnrollOutcome,
  type HealthOutcome,
  type PullOutcome,
  type PushOutcome,
  type SyncOutcome,
} from './outcome';
import { PROTOCOL_VERSION_HEADER, SYNC_ROUTES } from './routes';
import {
  ApiErrorSchema,
  EnrollResponseSchema,
  HealthResponseSchema,
  PROTOCOL_VERSION,
  PullResponseSchema,
  PushResponseSchema,
  RotateResponseSchema,
  type EnrollRequest,
  type PullQuery,
  type PushRequest,
  type RotateResponse,
} from './sync';

// The one client of the sync protocol, used by Electron main, the browser terminal and the tests. The
// network is injected (`fetch`), so each side brings its own and tests bring a real server. Every call
// resolves to an outcome and never throws: the callers retry, they do not unwind.

export interface SyncClientOptions {
  /** Origin of the central server, optionally with a path prefix (a reverse proxy's), e.g. `https://mes/takt`. */
  baseUrl: string;
  /** The browser's or Node's `fetch`, or a test's. */
  fetch: (url: string, init: RequestInit) => Promise<Response>;
  /**
   * The token for a push, of the terminal its envelope names (bookings of an earlier enrollment still go
   * with that enrollment's token); for a pull `terminalId` is undefined and the current token is meant.
   * Undefined while not enrolled: nothing is sent and the call answers `not-enrolled`. Not needed for
   * `health` and `enroll`.
   */
  getToken?: (terminalId?: string) => string | undefined | Promise<string | undefined>;
  /** For push, pull and enroll; 30 s unless set. */
  timeoutMs?: number;
}

export interface SyncCallOptions {
  /** Aborts the call (it then answers a network error), e.g. when the sync engine stops. */
  signal?: AbortSignal;
}

export interface SyncClient {
  push(request: PushRequest, options?: SyncCallOptions): Promise<PushOutcome>;
  pull(query: PullQuery, options?: SyncCallOptions): Promise<PullOutcome>;
  /** The server's health, asked without the token: cheap enough to ask every few seconds while offline. */
  health(options?: SyncCallOptions): Promise<HealthOutcome>;
  enroll(request: EnrollRequest, options?: SyncCallOptions): Promise<EnrollOutcome>;
  /** Reports the terminal's health for the shift leads' board, with the current token. */
  heartbeat(body: TerminalHeartbeat, options?: SyncCallOptions): Promise<SyncOutcome<TerminalHeartbeatResponse>>;
  /** The board and the stations' recent notes, with the current token, for a lead's Line view at the terminal. */
  line(options?: SyncCallOptions): Promise<SyncOutcome<LineView>>;
  /**
   * A new token for the current one. The server keeps the current token valid until the new one is first
   * used: store the new one durably before using it, and after a lost answer simply ask again.
   */
  rotate(options?: SyncCallOptions): Promise<SyncOutcome<RotateResponse>>;
}

const DEFAULT_TIMEOUT_MS = 30_000;
/** Short: a health probe that hangs would only delay the next one. */
const HEALTH_TIMEOUT_MS = 2_000;

export function createSyncClient(options: SyncClientOptions): SyncClient {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const protocolHeader = { [PROTOCOL_VERSION_HEADER]: String(PROTOCOL_VERSION) };

  async function exchange<T>(
    path: string,
    init: RequestInit,
    schema: z.ZodType<T>,
    limitMs: number,
    signal: AbortSignal | undefined,
  ): Promise<SyncOutcome<T>> {
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), limitMs);
    const onAbort = () => timeout.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) timeout.abort();
    try {
      const response = await options.fetch(joinUrl(options.baseUrl, path), { ...init, signal: timeout.signal });
      const body: unknown = await response.json().catch(() => undefined);
      if (!response.ok)
        return { kind: 'http-error', status: response.status, code: apiErrorCodeOf(body, response.status) };
      const parsed = schema.safeParse(body);
      return parsed.success
        ? { kind: 'ok', value: parsed.data }
        : { kind: 'http-error', status: response.status, code: 'bad-response' };
    } catch (error) {
      const message = signal?.aborted
        ? 'aborted'
        : timeout.signal.aborted
          ? `timeout after ${limitMs} ms`
          : error instanceof Error
            ? error.message
            : 'network error';
      return { kind: 'network-error', message };
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  async function withToken<T>(
    terminalId: string | undefined,
    send: (authorization: string) => Promise<SyncOutcome<T>>,
  ): Promise<SyncOutcome<T>> {
    const token = await options.getToken?.(terminalId);
    return token === undefined ? NOT_ENROLLED : send(`Bearer ${token}`);
  }

  return {
    push: (request, call) =>
      withToken(request.terminalId, (authorization) =>
        exchange(
          SYNC_ROUTES.push,
          {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization, ...protocolHeader },
            body: JSON.stringify(request),
          },
          PushResponseSchema,
          timeoutMs,
          call?.signal,
        ),
      ),
    pull: (query, call) =>
      withToken(undefined, (authorization) =>
        exchange(
          `${SYNC_ROUTES.pull}?${pullParams(query)}`,
          { method: 'GET', headers: { authorization, ...protocolHeader } },
          PullResponseSchema,
          timeoutMs,
          call?.signal,
        ),
      ),
    heartbeat: (body, call) =>
      withToken(undefined, (authorization) =>
        exchange(
          SYNC_ROUTES.heartbeat,
          {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization, ...protocolHeader },
            body: JSON.stringify(body),
          },
          TerminalHeartbeatResponseSchema,
          timeoutMs,
          call?.signal,
        ),
      ),
    line: (call) =>
      withToken(undefined, async (authorization) => {
        const get = { method: 'GET', headers: { authorization, ...protocolHeader } };
        const [board, notes] = await Promise.all([
          exchange(LINE_ROUTES.board, get, BoardSnapshotSchema, timeoutMs, call?.signal),
          exchange(LINE_ROUTES.notes, get, LineNotesSchema, timeoutMs, call?.signal),
        ]);
        if (board.kind !== 'ok') return board;
        if (notes.kind !== 'ok') return notes;
        return { kind: 'ok', value: { board: board.value, notes: notes.value.notes } };
      }),
    rotate: (call) =>
      withToken(undefined, (authorization) =>
        exchange(
          SYNC_ROUTES.rotate,
          { method: 'POST', headers: { authorization, ...protocolHeader } },
          RotateResponseSchema,
          timeoutMs,
          call?.signal,
        ),
      ),
    // No `cache` option (Node's fetch has none): the server answers every API request with `no-store`.
    health: (call) =>
      exchange(SYNC_ROUTES.health, { method: 'GET' }, HealthResponseSchema, HEALTH_TIMEOUT_MS, call?.signal),
    enroll: (request, call) =>
      exchange(
        SYNC_ROUTES.enroll,
        { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request) },
        EnrollResponseSchema,
        timeoutMs,
        call?.signal,
      ),
  };
}

function pullParams(query: PullQuery): string {
  const params = new URLSearchParams({ dataset: query.dataset });
  if (query.cursor !== undefined) params.set('cursor', query.cursor);
  if (query.limit !== undefined) params.set('limit', String(query.limit));
  return params.toString();
}

/** Keeps a path prefix in the base URL (`new URL(path, base)` would drop it). */
function joinUrl(baseUrl: string, path: string): string {
  return baseUrl.replace(/\/+$/, '') + path;
}

/** The server's stable error code, or `http-<status>` when the body is no ApiError (a proxy's page, say). */
export function apiErrorCodeOf(body: unknown, status: number): string {
  const parsed = ApiErrorSchema.safeParse(body);
  return parsed.success ? parsed.data.error.code : `http-${status}`;
}
