import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCredentialStore, type CredentialStore, type SecretCipher } from './credential-store';
import type { TerminalConfig } from './terminal-config';
import { createTerminalConnection, isSameOrigin } from './terminal-connection';

// Which credentials a request goes with after the configuration changed: pushes with those of the terminal
// the envelope names, to its server; pulls with the current ones. Nothing here touches a real network.

const cipher: SecretCipher = {
  encrypt: (plain) => Buffer.from([...Buffer.from(plain)].map((b) => b ^ 0x5a)),
  decrypt: (encrypted) => Buffer.from([...encrypted].map((b) => b ^ 0x5a)).toString(),
};

let dir: string;
let store: CredentialStore;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'takt-conn-'));
  store = createCredentialStore(path.join(dir, 'credentials.json'), cipher);
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const config = (overrides: Partial<TerminalConfig> = {}): TerminalConfig => ({
  serverUrl: 'http://mes:8080',
  stationId: 'ST-10',
  enrollmentCode: 'CODE',
  wedgeLayout: 'us',
  scanSources: [],
  ...overrides,
});

type Call = { url: string; authorization: string | undefined; body: unknown };
function fakeServer() {
  const calls: Call[] = [];
  let enrolled = 0;
  const impl = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    const headers = (init?.headers ?? {}) as Record<string, string>;
    const body: unknown = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
    calls.push({ url, authorization: headers['authorization'], body });
    const json = (status: number, value: unknown) =>
      new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json' } });
    if (url.endsWith('/api/v1/terminals/enroll')) {
      enrolled++;
      return json(201, { terminalId: `T-new-${enrolled}`, token: `token-new-${enrolled}`.padEnd(40, 'x') });
    }
    if (url.includes('/api/v1/sync/pull'))
      return json(200, { changes: [], cursor: 'c', hasMore: false, serverTime: 1 });
    return json(200, { results: [], ackedUpTo: 0, serverTime: 1 });
  };
  return { calls, impl: impl as typeof fetch, enrollments: () => enrolled };
}

const push = (terminalId: string) => ({ terminalId, epoch: 'E-1', bookings: [{ id: 'x' }] });

describe('terminal connection', () => {
  it('does not enroll again for a trailing slash or the same origin written differently', async () => {
    store.add({ terminalId: 'T-1', token: 'token-1', serverUrl: 'http://mes:8080', stationId: 'ST-10' });
    for (const serverUrl of ['http://mes:8080/', 'http://MES:8080', 'http://mes:8080/takt/']) {
      const server = fakeServer();
      const connection = createTerminalConnection(config({ serverUrl }), store, server.impl);
      expect(await connection.ensureEnrolled()).toBe('enrolled');
      expect(connection.terminalId()).toBe('T-1');
      expect(server.enrollments()).toBe(0);
    }
  });

  it('keeps the credentials of a file from before stations were recorded', async () => {
    const file = path.join(dir, 'credentials.json');
    const encryptedToken = cipher.encrypt('legacy-token').toString('base64');
    fs.writeFileSync(file, JSON.stringify({ terminalId: 'T-0', serverUrl: 'http://mes:8080', encryptedToken }));
    const server = fakeServer();
    const connection = createTerminalConnection(config(), createCredentialStore(file, cipher), server.impl);
    expect(await connection.ensureEnrolled()).toBe('enrolled');
    expect(connection.terminalId()).toBe('T-0');
    expect(server.enrollments()).toBe(0);
  });

  it('enrolls anew for another origin and still pushes the old bookings with the old token to the old server', async () => {
    store.add({ terminalId: 'T-1', token: 'token-1', serverUrl: 'http://mes:8080', stationId: 'ST-10' });
    const server = fakeServer();
    const connection = createTerminalConnection(config({ serverUrl: 'https://mes:8443' }), store, server.impl);
    expect(connection.terminalId()).toBeNull();
    // Not enrolled at the new server yet: the old bookings can go all the same.
    await connection.client()?.push(push('T-1'));
    expect(await connection.ensureEnrolled()).toBe('enrolled');
    expect(connection.terminalId()).toBe('T-new-1');
    const client = connection.client();
    await client?.push(push('T-1'));
    await client?.push(push('T-new-1'));
    await client?.pull({ dataset: 'orders' });
    expect(server.calls.map((call) => [new URL(call.url).origin, call.authorization])).toEqual([
      ['http://mes:8080', 'Bearer token-1'],
      ['https://mes:8443', undefined], // the enrollment
      ['http://mes:8080', 'Bearer token-1'],
      ['https://mes:8443', `Bearer ${'token-new-1'.padEnd(40, 'x')}`],
      ['https://mes:8443', `Bearer ${'token-new-1'.padEnd(40, 'x')}`],
    ]);
    // The old credentials survive a restart next to the new ones.
    expect(store.loadAll().map((entry) => entry.terminalId)).toEqual(['T-1', 'T-new-1']);
  });

  it('enrolls anew when the station changes, and the new enrollment is current after a restart', async () => {
    store.add({ terminalId: 'T-1', token: 'token-1', serverUrl: 'http://mes:8080', stationId: 'ST-10' });
    const server = fakeServer();
    const moved = createTerminalConnection(config({ stationId: 'ST-20' }), store, server.impl);
    expect(await moved.ensureEnrolled()).toBe('enrolled');
    expect(server.calls[0]?.body).toEqual({ stationId: 'ST-20', enrollmentCode: 'CODE' });
    const restarted = createTerminalConnection(config({ stationId: 'ST-20' }), store, server.impl);
    expect(restarted.terminalId()).toBe('T-new-1');
    // Moved back: the first enrollment is the station's again.
    expect(createTerminalConnection(config(), store, server.impl).terminalId()).toBe('T-1');
  });

  it('never sends a push with another terminal’s token', async () => {
    store.add({ terminalId: 'T-1', token: 'token-1', serverUrl: 'http://mes:8080', stationId: 'ST-10' });
    const server = fakeServer();
    const connection = createTerminalConnection(config(), store, server.impl);
    expect(await connection.client()?.push(push('T-9'))).toEqual({
      kind: 'http-error',
      status: 401,
      code: 'not-enrolled',
    });
    expect(server.calls).toEqual([]);
  });

  it('waits for a code when it has none, and answers not-enrolled until then', async () => {
    const server = fakeServer();
    const connection = createTerminalConnection(config({ enrollmentCode: undefined }), store, server.impl);
    expect(await connection.ensureEnrolled()).toBe('missing-code');
    expect(connection.client()).toBeNull();
  });
});

describe('isSameOrigin', () => {
  it.each([
    ['http://mes:8080', 'http://mes:8080/', true],
    ['http://mes', 'http://mes:80', true],
    ['https://mes', 'https://mes:443/x', true],
    ['http://mes', 'https://mes', false],
    ['http://mes:8080', 'http://mes:8081', false],
    ['http://mes.evil.example', 'http://mes', false],
    ['http://user@mes', 'http://mes', true],
    ['not a url', 'not a url', false],
    ['foo:bar', 'foo:bar', false],
  ])('%s vs %s: %s', (a, b, expected) => {
    expect(isSameOrigin(a, b)).toBe(expected);
  });
});
