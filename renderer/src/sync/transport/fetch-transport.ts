import type { z } from 'zod';
import { TerminalHeartbeatResponseSchema } from '../../../../shared/board';
import {
  ApiErrorSchema,
  HealthResponseSchema,
  PullResponseSchema,
  PushResponseSchema,
} from '../../../../shared/protocol';
import type { ProbeOutcome, PullOutcome, PushOutcome, SyncTransport, TransportCallOptions } from './transport';

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

type Outcome<T> =
  | { kind: 'ok'; value: T }
  | { kind: 'http-error'; status: number; code: string }
  | { kind: 'network-error'; message: string };

export function createFetchTransport(options: FetchTransportOptions): SyncTransport {
  const fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
  const timeoutMs = options.timeoutMs ?? 30_000;

  async function call<T>(
    path: string,
    init: RequestInit,
    schema: z.ZodType<T>,
    callOptions: TransportCallOptions | undefined,
    terminalId?: string,
  ): Promise<Outcome<T>> {
    const token = await options.getToken(terminalId);
    if (token === undefined) return { kind: 'http-error', status: 401, code: 'not-enrolled' };
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), timeoutMs);
    const onAbort = () => timeout.abort();
    callOptions?.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const response = await fetchImpl(joinUrl(options.baseUrl, path), {
        ...init,
        headers: { ...init.headers, authorization: `Bearer ${token}` },
        signal: timeout.signal,
      });
      const body: unknown = await response.json().catch(() => undefined);
      if (!response.ok)
        return { kind: 'http-error', status: response.status, code: apiErrorCode(body, response.status) };
      const parsed = schema.safeParse(body);
      return parsed.success
        ? { kind: 'ok', value: parsed.data }
        : { kind: 'http-error', status: response.status, code: 'bad-response' };
    } catch (error) {
      const message = timeout.signal.aborted
        ? 'timeout or aborted'
        : error instanceof Error
          ? error.message
          : 'network error';
      return { kind: 'network-error', message };
    } finally {
      clearTimeout(timer);
      callOptions?.signal?.removeEventListener('abort', onAbort);
    }
  }

  return {
    push: (request, callOptions): Promise<PushOutcome> =>
      call(
        '/api/v1/sync/push',
        { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request) },
        PushResponseSchema,
        callOptions,
        request.terminalId,
      ),
    pull: (query, callOptions): Promise<PullOutcome> => {
      const params = new URLSearchParams({ dataset: query.dataset });
      if (query.cursor !== undefined) params.set('cursor', query.cursor);
      if (query.limit !== undefined) params.set('limit', String(query.limit));
      return call(`/api/v1/sync/pull?${params.toString()}`, { method: 'GET' }, PullResponseSchema, callOptions);
    },
    probe: () => probeHealth(options.baseUrl, fetchImpl),
    heartbeat: (body, callOptions) =>
      call(
        '/api/v1/terminals/heartbeat',
        { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
        TerminalHeartbeatResponseSchema,
        callOptions,
      ),
  };
}

const PROBE_TIMEOUT_MS = 2_000;

/** The health route needs no token; a short timeout because a hanging probe only delays the next one. */
async function probeHealth(baseUrl: string, fetchImpl: typeof fetch): Promise<ProbeOutcome> {
  try {
    const response = await fetchImpl(joinUrl(baseUrl, '/api/v1/health'), {
      method: 'GET',
      cache: 'no-store',
      signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
    });
    const body: unknown = await response.json().catch(() => undefined);
    if (!response.ok) return { kind: 'http-error', status: response.status, code: apiErrorCode(body, response.status) };
    const parsed = HealthResponseSchema.safeParse(body);
    return parsed.success
      ? { kind: 'ok', value: parsed.data }
      : { kind: 'http-error', status: response.status, code: 'bad-response' };
  } catch (error) {
    return { kind: 'network-error', message: error instanceof Error ? error.message : 'network error' };
  }
}

export function joinUrl(baseUrl: string, path: string): string {
  return baseUrl.replace(/\/+$/, '') + path;
}

/** The server's stable error code, or `http-<status>` when the body is not an ApiError. */
export function apiErrorCode(body: unknown, status: number): string {
  const parsed = ApiErrorSchema.safeParse(body);
  return parsed.success ? parsed.data.error.code : `http-${status}`;
}
