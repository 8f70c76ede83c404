import {
  EnrollResponseSchema,
  HealthResponseSchema,
  PullResponseSchema,
  PushResponseSchema,
  type HealthResponse,
  type PullQuery,
  type PullResponse,
  type PushRequest,
  type PushResponse,
} from '../../../shared/protocol/sync';
import type { z } from 'zod';

// Main's side of the sync transport: the token never leaves this process. Each call resolves to an
// outcome object (never throws), which main passes to the renderer over `sync:push` / `sync:pull` /
// `sync:probe`.

export type TransportOutcome<T> =
  | { kind: 'ok'; value: T }
  | { kind: 'http-error'; status: number; code: string }
  | { kind: 'network-error'; message: string };

export interface TerminalCredentials {
  terminalId: string;
  token: string;
}

export interface ServerClient {
  push(request: PushRequest): Promise<TransportOutcome<PushResponse>>;
  pull(query: PullQuery): Promise<TransportOutcome<PullResponse>>;
  /** The server's health, asked without the token: cheap enough to ask every few seconds while offline. */
  probe(): Promise<TransportOutcome<HealthResponse>>;
}

export interface ServerClientOptions {
  baseUrl: string;
  getCredentials: () => TerminalCredentials | null;
  timeoutMs?: number;
  fetchImpl?: typeof fetch;
}

const PROBE_TIMEOUT_MS = 2_000;

export function createServerClient(options: ServerClientOptions): ServerClient {
  const fetchImpl = options.fetchImpl ?? fetch;
  const timeoutMs = options.timeoutMs ?? 30_000;

  async function call<T>(path: string, init: RequestInit, schema: z.ZodType<T>): Promise<TransportOutcome<T>> {
    const credentials = options.getCredentials();
    if (!credentials) return { kind: 'http-error', status: 401, code: 'not-enrolled' };
    return request(
      path,
      { ...init, headers: { ...init.headers, authorization: `Bearer ${credentials.token}` } },
      schema,
      timeoutMs,
    );
  }

  async function request<T>(
    path: string,
    init: RequestInit,
    schema: z.ZodType<T>,
    requestTimeoutMs: number,
  ): Promise<TransportOutcome<T>> {
    let response: Response;
    try {
      response = await fetchImpl(new URL(path, options.baseUrl), {
        ...init,
        signal: AbortSignal.timeout(requestTimeoutMs),
      });
    } catch (error) {
      return { kind: 'network-error', message: error instanceof Error ? error.message : 'network error' };
    }
    const body: unknown = await response.json().catch(() => undefined);
    if (!response.ok) return { kind: 'http-error', status: response.status, code: errorCodeOf(body) };
    const parsed = schema.safeParse(body);
    if (!parsed.success) return { kind: 'http-error', status: response.status, code: 'bad-response' };
    return { kind: 'ok', value: parsed.data };
  }

  return {
    push: (request) =>
      call(
        '/api/v1/sync/push',
        { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request) },
        PushResponseSchema,
      ),
    pull: (query) => {
      const params = new URLSearchParams({ dataset: query.dataset });
      if (query.cursor !== undefined) params.set('cursor', query.cursor);
      if (query.limit !== undefined) params.set('limit', String(query.limit));
      return call(`/api/v1/sync/pull?${params.toString()}`, { method: 'GET' }, PullResponseSchema);
    },
    // Short timeout: a probe that hangs would only delay the next one.
    probe: () => request('/api/v1/health', { method: 'GET' }, HealthResponseSchema, PROBE_TIMEOUT_MS),
  };
}

export async function enrollTerminal(
  baseUrl: string,
  stationId: string,
  enrollmentCode: string,
  fetchImpl: typeof fetch = fetch,
): Promise<TransportOutcome<TerminalCredentials>> {
  let response: Response;
  try {
    response = await fetchImpl(new URL('/api/v1/terminals/enroll', baseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ stationId, enrollmentCode }),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    return { kind: 'network-error', message: error instanceof Error ? error.message : 'network error' };
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (response.status !== 201) return { kind: 'http-error', status: response.status, code: errorCodeOf(body) };
  const parsed = EnrollResponseSchema.safeParse(body);
  return parsed.success
    ? { kind: 'ok', value: parsed.data }
    : { kind: 'http-error', status: response.status, code: 'bad-response' };
}

function errorCodeOf(body: unknown): string {
  if (typeof body === 'object' && body !== null && 'error' in body) {
    const error = (body as { error: unknown }).error;
    if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') {
      return error.code;
    }
  }
  return 'http-error';
}
