import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { TaktBridge } from '@shared/ipc';
import type { TerminalData } from '../../data';
import { goodQuantityDraft, openTestTerminalData } from '../../data/testing/fixtures';
import { enrollTerminal } from './enroll';
import { createFetchTransport } from './fetch-transport';
import { createIpcTransport } from './ipc-transport';

const opened: TerminalData[] = [];
afterEach(() => {
  for (const data of opened.splice(0)) data.close();
});

type Call = { url: string; init: RequestInit };
function fakeFetch(respond: (call: Call) => Response | Promise<Response>) {
  const calls: Call[] = [];
  const impl = async (input: RequestInfo | URL, init?: RequestInit) => {
    const call = { url: String(input), init: init ?? {} };
    calls.push(call);
    return respond(call);
  };
  return { calls, impl: impl as typeof fetch };
}
const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const pushRequest = { terminalId: 'T-1', epoch: 'E-1', bookings: [{ id: 'x' }] };

describe('fetch transport', () => {
  it('posts the push with the bearer token and validates the answer', async () => {
    const answer = { results: [{ id: 'x', status: 'accepted' }], ackedUpTo: 1, serverTime: 123 };
    const fetch = fakeFetch(() => json(200, answer));
    const transport = createFetchTransport({
      baseUrl: 'https://takt.example/',
      getToken: () => 'tok',
      fetch: fetch.impl,
    });
    expect(await transport.push(pushRequest)).toEqual({ kind: 'ok', value: answer });
    expect(fetch.calls[0]?.url).toBe('https://takt.example/api/v1/sync/push');
    expect(fetch.calls[0]?.init).toMatchObject({
      method: 'POST',
      headers: { authorization: 'Bearer tok', 'content-type': 'application/json' },
    });
    expect(JSON.parse(String(fetch.calls[0]?.init.body))).toEqual(pushRequest);
  });

  it('builds the pull query and omits a missing cursor', async () => {
    const fetch = fakeFetch(() => json(200, { changes: [], cursor: 'c2', hasMore: false, serverTime: 1 }));
    const transport = createFetchTransport({ baseUrl: 'http://srv', getToken: async () => 'tok', fetch: fetch.impl });
    await transport.pull({ dataset: 'orders', limit: 500 });
    await transport.pull({ dataset: 'orders', cursor: 'a b&c', limit: 500 });
    expect(fetch.calls.map((c) => c.url)).toEqual([
      'http://srv/api/v1/sync/pull?dataset=orders&limit=500',
      'http://srv/api/v1/sync/pull?dataset=orders&cursor=a+b%26c&limit=500',
    ]);
  });

  it('maps failures to outcomes instead of throwing', async () => {
    const cases: [() => Response | Promise<Response>, unknown][] = [
      [
        () => json(401, { error: { code: 'invalid-token', message: 'no' } }),
        { kind: 'http-error', status: 401, code: 'invalid-token' },
      ],
      [
        () => new Response('<html>Bad gateway</html>', { status: 502 }),
        { kind: 'http-error', status: 502, code: 'http-502' },
      ],
      [() => json(200, { results: 'nope' }), { kind: 'http-error', status: 200, code: 'bad-response' }],
      [() => Promise.reject(new TypeError('Failed to fetch')), { kind: 'network-error', message: 'Failed to fetch' }],
    ];
    for (const [respond, expected] of cases) {
      const transport = createFetchTransport({
        baseUrl: 'http://srv',
        getToken: () => 'tok',
        fetch: fakeFetch(respond).impl,
      });
      expect(await transport.push(pushRequest)).toEqual(expected);
    }
  });

  it('times out a request that hangs', async () => {
    const hang = fakeFetch(
      (call) =>
        new Promise<Response>((_, reject) =>
          call.init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
        ),
    );
    const transport = createFetchTransport({
      baseUrl: 'http://srv',
      getToken: () => 'tok',
      fetch: hang.impl,
      timeoutMs: 20,
    });
    expect(await transport.push(pushRequest)).toMatchObject({ kind: 'network-error' });
  });

  it('pushes with the token of the terminal the envelope names and pulls with the current one', async () => {
    const data = openTestTerminalData();
    opened.push(data);
    await data.saveIdentity({ terminalId: 'T-1', stationId: 'ST-10', token: 'old-token' });
    await data.captureBooking(goodQuantityDraft()); // pending under T-1, so its token is kept
    await data.saveIdentity({ terminalId: 'T-2', stationId: 'ST-20', token: 'new-token' });
    const fetch = fakeFetch(() => json(200, { results: [], ackedUpTo: 0, serverTime: 1 }));
    const transport = createFetchTransport({
      baseUrl: 'http://srv',
      getToken: (terminalId) => data.readToken(terminalId),
      fetch: fetch.impl,
    });
    await transport.push({ ...pushRequest, terminalId: 'T-1' });
    await transport.push({ ...pushRequest, terminalId: 'T-2' });
    await transport.pull({ dataset: 'orders' });
    const tokens = fetch.calls.map((call) => (call.init.headers as Record<string, string>)['authorization']);
    expect(tokens).toEqual(['Bearer old-token', 'Bearer new-token', 'Bearer new-token']);
    // A terminal id it holds no token for is never sent with another terminal's token.
    expect(await transport.push({ ...pushRequest, terminalId: 'T-9' })).toEqual({
      kind: 'http-error',
      status: 401,
      code: 'not-enrolled',
    });
    expect(fetch.calls).toHaveLength(3);
  });

  it('probes the health route without a token, and only a healthy answer counts as ok', async () => {
    const health = {
      status: 'ok',
      version: '1',
      protocol: 1,
      database: { status: 'ok', schemaVersion: 2 },
      serverTime: 9,
    };
    const fetch = fakeFetch(() => json(200, health));
    const transport = createFetchTransport({ baseUrl: 'http://srv/', getToken: () => 'tok', fetch: fetch.impl });
    expect(await transport.probe?.()).toEqual({ kind: 'ok', value: health });
    expect(fetch.calls[0]?.url).toBe('http://srv/api/v1/health');
    expect(JSON.stringify(fetch.calls[0]?.init.headers ?? {})).not.toContain('tok');
    const down = createFetchTransport({
      baseUrl: 'http://srv',
      getToken: () => 'tok',
      fetch: fakeFetch(() => Promise.reject(new TypeError('Failed to fetch'))).impl,
    });
    expect(await down.probe?.()).toMatchObject({ kind: 'network-error' });
    const proxy = createFetchTransport({
      baseUrl: 'http://srv',
      getToken: () => 'tok',
      fetch: fakeFetch(() => new Response('<html>captive portal</html>', { status: 200 })).impl,
    });
    expect(await proxy.probe?.()).toMatchObject({ kind: 'http-error', code: 'bad-response' });
  });

  it('sends nothing before enrollment', async () => {
    const fetch = fakeFetch(() => json(200, {}));
    const transport = createFetchTransport({ baseUrl: 'http://srv', getToken: () => undefined, fetch: fetch.impl });
    expect(await transport.push(pushRequest)).toEqual({ kind: 'http-error', status: 401, code: 'not-enrolled' });
    expect(fetch.calls).toEqual([]);
  });
});

describe('IPC transport', () => {
  it('passes main outcomes through and turns bridge failures into retryable network errors', async () => {
    const outcome = { kind: 'http-error' as const, status: 403, code: 'terminal-revoked' };
    const bridge = {
      'app:info': async () => ({ ok: false, error: { code: 'unknown-channel', message: '' } }),
      'sync:push': async () => ({ ok: true, value: outcome }),
      'sync:pull': async () => ({ ok: false, error: { code: 'handler-failed', message: 'boom' } }),
      'sync:probe': async () => ({ ok: true, value: { kind: 'network-error', message: 'ECONNREFUSED' } }),
    } as unknown as TaktBridge;
    const transport = createIpcTransport(bridge);
    expect(await transport.push(pushRequest)).toEqual(outcome);
    expect(await transport.pull({ dataset: 'orders' })).toEqual({
      kind: 'network-error',
      message: 'ipc handler-failed: boom',
    });
    expect(await transport.probe?.()).toEqual({ kind: 'network-error', message: 'ECONNREFUSED' });
  });
});

describe('IPC transport heartbeat', () => {
  it('hands main only the outbox (main adds version and scanners) and relays its outcome', async () => {
    const sent: unknown[] = [];
    const bridge = {
      'sync:heartbeat': async (request: unknown) => {
        sent.push(request);
        return { ok: true, value: { kind: 'ok', value: { serverTime: 5 } } };
      },
      'line:read': async () => ({ ok: false, error: { code: 'handler-failed', message: 'boom' } }),
    } as unknown as TaktBridge;
    const transport = createIpcTransport(bridge);
    const outcome = await transport.heartbeat?.({
      pending: 2,
      oldestPendingAt: 10,
      appVersion: 'renderer-version',
      scanners: [],
    });
    expect(outcome).toEqual({ kind: 'ok', value: { serverTime: 5 } });
    expect(sent).toEqual([{ pending: 2, oldestPendingAt: 10 }]);
    expect(await transport.line?.()).toEqual({ kind: 'network-error', message: 'ipc handler-failed: boom' });
  });
});

describe('enrollTerminal', () => {
  it('stores terminal id and token after a successful enrollment', async () => {
    const data = openTestTerminalData();
    opened.push(data);
    const token = 't'.repeat(48);
    const fetch = fakeFetch(() => json(201, { terminalId: 'T-42', token }));
    expect(await enrollTerminal('http://srv', 'ST-10', 'ABCD-1234', { fetch: fetch.impl, data })).toEqual({
      terminalId: 'T-42',
      stationId: 'ST-10',
    });
    expect(JSON.parse(String(fetch.calls[0]?.init.body))).toEqual({ stationId: 'ST-10', enrollmentCode: 'ABCD-1234' });
    expect(await data.readIdentity()).toMatchObject({ terminalId: 'T-42', stationId: 'ST-10', token });
  });

  it('reports a wrong code with a stable error code and stores nothing', async () => {
    const data = openTestTerminalData();
    opened.push(data);
    const fetch = fakeFetch(() => json(403, { error: { code: 'invalid-enrollment-code', message: 'wrong' } }));
    await expect(enrollTerminal('http://srv', 'ST-10', 'nope', { fetch: fetch.impl, data })).rejects.toMatchObject({
      code: 'invalid-code',
      serverCode: 'invalid-enrollment-code',
      messageKey: 'enrollment.errors.invalid-code',
    });
    expect(await data.readIdentity()).toBeUndefined();
  });
});
