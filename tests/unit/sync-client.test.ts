import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSyncClient, PROTOCOL_VERSION, PROTOCOL_VERSION_HEADER, type SyncClientOptions } from '@shared/protocol';
import {
  makeBooking,
  startTestServer,
  TEST_ENROLLMENT_CODE,
  type TestServer,
} from '../../server/src/testing/test-server';
import { freePort } from '../support/free-port';

// The shared sync client against the real server over real HTTP: every outcome a caller branches on
// (ok, 401, 403, 413, protocol mismatch, bad answer, refused connection, timeout) comes from the wire.

let server: TestServer;
let baseUrl: string;
let terminal: { terminalId: string; token: string };

beforeAll(async () => {
  server = await startTestServer();
  await server.app.listen({ host: '127.0.0.1', port: 0 });
  baseUrl = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
  const enrolled = await client().enroll({ stationId: 'ST-10', enrollmentCode: TEST_ENROLLMENT_CODE });
  if (enrolled.kind !== 'ok') throw new Error(`enrollment failed: ${JSON.stringify(enrolled)}`);
  terminal = enrolled.value;
});
afterAll(async () => {
  await server.dispose();
});

type Sent = { url: string; init: RequestInit };

/** A client with Node's fetch, recording what it sent; `rewrite` changes a request on its way out. */
function client(overrides: Partial<SyncClientOptions> = {}, rewrite: (init: RequestInit) => RequestInit = (i) => i) {
  const sent: Sent[] = [];
  const sync = createSyncClient({
    baseUrl,
    getToken: () => terminal.token,
    fetch: (url, init) => {
      sent.push({ url, init });
      return fetch(url, rewrite(init));
    },
    ...overrides,
  });
  return Object.assign(sync, { sent });
}

let nextSeq = 1;
const pushOf = (bookings = [makeBooking(terminal.terminalId, 'epoch-client', nextSeq++)]) => ({
  terminalId: terminal.terminalId,
  epoch: 'epoch-client',
  bookings,
});

describe('shared sync client against the real server', () => {
  it('enrolls, pushes, pulls and asks the health, with the protocol version on every push and pull', async () => {
    const sync = client();
    const pushed = await sync.push(pushOf());
    expect(pushed).toMatchObject({ kind: 'ok', value: { results: [{ status: 'accepted' }] } });
    const pulled = await sync.pull({ dataset: 'stations', limit: 10 });
    expect(pulled).toMatchObject({ kind: 'ok', value: { hasMore: expect.any(Boolean) } });
    expect(await sync.health()).toMatchObject({ kind: 'ok', value: { status: 'ok', protocol: PROTOCOL_VERSION } });
    const [push, pull, health] = sync.sent.map((request) => request.init.headers ?? {});
    expect(push).toMatchObject({ [PROTOCOL_VERSION_HEADER]: String(PROTOCOL_VERSION) });
    expect(pull).toMatchObject({ [PROTOCOL_VERSION_HEADER]: String(PROTOCOL_VERSION) });
    expect(JSON.stringify(health)).not.toContain(terminal.token);
  });

  it('answers a wrong enrollment code as a 401 with the server code', async () => {
    expect(await client().enroll({ stationId: 'ST-10', enrollmentCode: 'WRONG-CODE' })).toEqual({
      kind: 'http-error',
      status: 401,
      code: 'invalid-enrollment-code',
    });
  });

  it('gets a translated-code refusal for another protocol version, and nothing is stored', async () => {
    const before = server.countRows().bookings;
    const future = client({}, (init) => ({
      ...init,
      headers: { ...init.headers, [PROTOCOL_VERSION_HEADER]: String(PROTOCOL_VERSION + 1) },
    }));
    expect(await future.push(pushOf())).toEqual({ kind: 'http-error', status: 400, code: 'protocol-mismatch' });
    expect(await future.pull({ dataset: 'stations' })).toMatchObject({ code: 'protocol-mismatch' });
    expect(server.countRows().bookings).toBe(before);
  });

  it('still serves a terminal from before the version header (missing counts as the current version)', async () => {
    const old = client({}, (init) => {
      const headers = new Headers(init.headers);
      headers.delete(PROTOCOL_VERSION_HEADER);
      return { ...init, headers };
    });
    expect(await old.push(pushOf())).toMatchObject({ kind: 'ok', value: { results: [{ status: 'accepted' }] } });
    expect(JSON.stringify(old.sent[0]?.init.headers)).toContain(PROTOCOL_VERSION_HEADER); // the client did send it
  });

  it('maps 401, 403 and 413 to http errors with the server codes', async () => {
    expect(await client({ getToken: () => 'x'.repeat(48) }).push(pushOf())).toEqual({
      kind: 'http-error',
      status: 401,
      code: 'unauthorized',
    });
    expect(await client().push({ ...pushOf(), terminalId: 'someone-else' })).toEqual({
      kind: 'http-error',
      status: 403,
      code: 'terminal-mismatch',
    });
    const huge = { ...makeBooking(terminal.terminalId, 'epoch-client', nextSeq++), padding: 'x'.repeat(3_000_000) };
    expect(await client().push(pushOf([huge]))).toEqual({ kind: 'http-error', status: 413, code: 'payload-too-large' });
  });

  it('sends nothing without a token', async () => {
    const sync = client({ getToken: () => undefined });
    expect(await sync.push(pushOf())).toEqual({ kind: 'http-error', status: 401, code: 'not-enrolled' });
    expect(await sync.pull({ dataset: 'stations' })).toEqual({ kind: 'http-error', status: 401, code: 'not-enrolled' });
    expect(sync.sent).toEqual([]);
  });

  it('rotates a token: the new one works and retires the old one on first use', async () => {
    const own = await client().enroll({ stationId: 'ST-10', enrollmentCode: TEST_ENROLLMENT_CODE });
    if (own.kind !== 'ok') throw new Error(`enrollment failed: ${JSON.stringify(own)}`);
    const rotated = await client({ getToken: () => own.value.token }).rotate();
    if (rotated.kind !== 'ok') throw new Error(`rotation failed: ${JSON.stringify(rotated)}`);
    expect(rotated.value.terminalId).toBe(own.value.terminalId);
    expect(await client({ getToken: () => rotated.value.token }).pull({ dataset: 'stations' })).toMatchObject({
      kind: 'ok',
    });
    expect(await client({ getToken: () => own.value.token }).rotate()).toEqual({
      kind: 'http-error',
      status: 401,
      code: 'unauthorized',
    });
    expect(await client({ getToken: () => undefined }).rotate()).toMatchObject({ code: 'not-enrolled' });
  });
});

describe('shared sync client when the server is not there or not itself', () => {
  let silent: Server;
  let silentUrl: string;
  beforeAll(async () => {
    // Accepts connections and never answers (a hung server, a black-holing proxy), or answers a proxy page.
    silent = createHttpServer((request, response) => {
      if (request.url?.startsWith('/api/v1/health')) response.end('<html>captive portal</html>');
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    silent.closeAllConnections();
    await new Promise((resolve) => silent.close(resolve));
  });

  it('answers a refused connection as a network error', async () => {
    const sync = client({ baseUrl: `http://127.0.0.1:${await freePort()}` });
    expect(await sync.push(pushOf())).toMatchObject({ kind: 'network-error' });
    expect(await sync.health()).toMatchObject({ kind: 'network-error' });
  });

  it('times out a server that never answers, and stops when the caller aborts', async () => {
    expect(await client({ baseUrl: silentUrl, timeoutMs: 50 }).push(pushOf())).toEqual({
      kind: 'network-error',
      message: 'timeout after 50 ms',
    });
    const stop = new AbortController();
    const pending = client({ baseUrl: silentUrl }).pull({ dataset: 'stations' }, { signal: stop.signal });
    stop.abort();
    expect(await pending).toEqual({ kind: 'network-error', message: 'aborted' });
  });

  it('counts an answer that is not the protocol as a bad response, not as health', async () => {
    expect(await client({ baseUrl: silentUrl }).health()).toMatchObject({ kind: 'http-error', code: 'bad-response' });
  });
});
