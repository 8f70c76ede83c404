import { describe, expect, it } from 'vitest';
import { createServerClient } from './server-client';

const health = {
  status: 'ok',
  version: '1.0.0',
  protocol: 1,
  database: { status: 'ok', schemaVersion: 3 },
  serverTime: 5,
};

function client(respond: (url: string, init: RequestInit) => Promise<Response>, isEnrolled = true) {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(input), init: init ?? {} });
    return respond(String(input), init ?? {});
  }) as typeof fetch;
  const serverClient = createServerClient({
    baseUrl: 'http://srv:8080',
    getCredentials: () => (isEnrolled ? { terminalId: 'T-1', token: 'secret-token' } : null),
    fetchImpl,
  });
  return { serverClient, calls };
}

describe('server client probe', () => {
  it('asks the health route without sending the token', async () => {
    const { serverClient, calls } = client(async () => Response.json(health));
    expect(await serverClient.probe()).toEqual({ kind: 'ok', value: health });
    expect(calls[0]?.url).toBe('http://srv:8080/api/v1/health');
    expect(JSON.stringify(calls[0]?.init.headers ?? {})).not.toContain('secret-token');
    const notEnrolled = client(async () => Response.json(health), false);
    expect(await notEnrolled.serverClient.probe()).toEqual({ kind: 'ok', value: health });
  });

  it('turns a refused connection, a degraded server and a foreign answer into outcomes', async () => {
    const refused = client(() => Promise.reject(new TypeError('fetch failed')));
    expect(await refused.serverClient.probe()).toMatchObject({ kind: 'network-error' });
    const degraded = client(async () => Response.json({ ...health, status: 'degraded' }, { status: 503 }));
    expect(await degraded.serverClient.probe()).toMatchObject({ kind: 'http-error', status: 503 });
    const foreign = client(async () => new Response('<html>proxy login</html>', { status: 200 }));
    expect(await foreign.serverClient.probe()).toMatchObject({ kind: 'http-error', code: 'bad-response' });
  });
});
