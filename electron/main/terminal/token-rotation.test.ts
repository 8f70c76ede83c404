import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SYNC_ROUTES } from '@shared/protocol';
import {
  makeBooking,
  startTestServer,
  TEST_ENROLLMENT_CODE,
  type TestServer,
} from '../../../server/src/testing/test-server';
import { createCredentialStore, type CredentialStore, type SecretCipher } from './credential-store';
import { createTerminalConnection } from './terminal-connection';
import { startTokenRotation } from './token-rotation';

// Token rotation in main against the real server over real HTTP, with the network cut at the worst moments:
// after the server committed a rotation, and after the new token was stored but before it was used.

const cipher: SecretCipher = {
  encrypt: (plain) => Buffer.from([...Buffer.from(plain)].map((b) => b ^ 0x5a)),
  decrypt: (encrypted) => Buffer.from([...encrypted].map((b) => b ^ 0x5a)).toString(),
};

let server: TestServer;
let serverUrl: string;
let dir: string;
let store: CredentialStore;
beforeEach(async () => {
  server = await startTestServer();
  await server.app.listen({ host: '127.0.0.1', port: 0 });
  serverUrl = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'takt-rotate-'));
  store = createCredentialStore(path.join(dir, 'credentials.json'), cipher);
});
afterEach(async () => {
  await server.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Node's fetch; `cut` says which requests lose their answer (sent and committed, then the network fails). */
function network(cut: (url: string) => 'answer' | 'request' | false = () => false): typeof fetch {
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    const where = cut(url);
    if (where === 'request') throw new TypeError('fetch failed (cut before sending)');
    const response = await fetch(input, init);
    if (where === 'answer') {
      await response.arrayBuffer();
      throw new TypeError('fetch failed (answer lost)');
    }
    return response;
  }) as typeof fetch;
}

async function connect(fetchImpl: typeof fetch = network(), now: () => number = Date.now) {
  const config = { serverUrl, stationId: 'ST-10', enrollmentCode: TEST_ENROLLMENT_CODE, wedgeLayout: 'us' as const };
  const connection = createTerminalConnection({ ...config, scanSources: [] }, store, fetchImpl, now);
  expect(await connection.ensureEnrolled()).toBe('enrolled');
  return connection;
}

let seq = 1;
async function pushVia(connection: Awaited<ReturnType<typeof connect>>) {
  const terminalId = connection.terminalId() ?? '';
  return connection.client()?.push({ terminalId, epoch: 'e', bookings: [makeBooking(terminalId, 'e', seq++)] });
}
const pullStatus = async (token: string) => (await server.pull(token, { dataset: 'stations', limit: 1 })).statusCode;
const stored = () => {
  const [credential, ...others] = store.loadAll();
  expect(others).toEqual([]);
  if (!credential) throw new Error('no credential stored');
  return credential;
};

describe('terminal token rotation in main', () => {
  it('rotates, stores the new token, and the old one stops working', async () => {
    const connection = await connect();
    const old = stored().token;
    expect(await connection.rotateToken()).toBe('rotated');
    const after = stored();
    expect(after.token).not.toBe(old);
    expect(after.pendingToken).toBeUndefined();
    expect(await pullStatus(old)).toBe(401);
    expect(await pullStatus(after.token)).toBe(200);
    expect(await pushVia(connection)).toMatchObject({ kind: 'ok' });
    expect(fs.readFileSync(path.join(dir, 'credentials.json'), 'utf8')).not.toContain(after.token);
  });

  it('asks again with the old token when the answer was lost', async () => {
    let loseRotation = true;
    const connection = await connect(
      network((url) => (url.endsWith(SYNC_ROUTES.rotate) && loseRotation ? 'answer' : false)),
    );
    const old = stored().token;
    expect(await connection.rotateToken()).toBe('failed');
    expect(stored()).toMatchObject({ token: old });
    expect(stored().pendingToken).toBeUndefined();
    expect(await pushVia(connection)).toMatchObject({ kind: 'ok' });

    loseRotation = false;
    expect(await connection.rotateToken()).toBe('rotated');
    expect(stored().token).not.toBe(old);
    expect(await pushVia(connection)).toMatchObject({ kind: 'ok' });
    expect(await pullStatus(old)).toBe(401);
  });

  it('keeps a stored but unconfirmed token across a restart and confirms it with the next request', async () => {
    const first = await connect(network((url) => (url.includes(SYNC_ROUTES.pull) ? 'request' : false)));
    const old = stored().token;
    expect(await first.rotateToken()).toBe('pending');
    const pending = stored().pendingToken;
    expect(pending).toEqual(expect.any(String));

    const restarted = await connect();
    expect(await pushVia(restarted)).toMatchObject({ kind: 'ok' });
    expect(stored()).toMatchObject({ token: pending });
    expect(stored().pendingToken).toBeUndefined();
    expect(await pullStatus(old)).toBe(401);
  });

  it('falls back to the old token when the stored pending one was replaced on the server', async () => {
    const connection = await connect(network((url) => (url.includes(SYNC_ROUTES.pull) ? 'request' : false)));
    const old = stored().token;
    expect(await connection.rotateToken()).toBe('pending');
    // A later rotation with the old token whose answer never arrived: the stored pending token is void.
    const lost = await server.request({
      method: 'POST',
      url: SYNC_ROUTES.rotate,
      headers: { authorization: `Bearer ${old}` },
    });
    expect(lost.statusCode).toBe(200);

    expect(await pushVia(connection)).toMatchObject({ kind: 'ok' });
    expect(stored()).toMatchObject({ token: old });
    expect(stored().pendingToken).toBeUndefined();
    expect(await pullStatus(old)).toBe(200);
  });

  it('keeps the token when the server has no rotation route, or cannot be reached', async () => {
    const connection = await connect(network((url) => (url.endsWith(SYNC_ROUTES.rotate) ? 'request' : false)));
    const before = stored();
    expect(await connection.rotateToken()).toBe('failed');
    // An older server answers 404 for the route.
    const olderServer = createTerminalConnection(
      { serverUrl, stationId: 'ST-10', wedgeLayout: 'us', scanSources: [] },
      store,
      ((input: RequestInfo | URL, init?: RequestInit) =>
        fetch(String(input).replace(SYNC_ROUTES.rotate, `${SYNC_ROUTES.rotate}-unknown`), init)) as typeof fetch,
    );
    expect(await olderServer.rotateToken()).toBe('unsupported');
    expect(stored()).toEqual(before);
    expect(await pushVia(connection)).toMatchObject({ kind: 'ok' });
  });

  it('sends a request again with the new token when the rotation retired the old one while it was on its way', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let holdNext = false;
    const connection = await connect((async (input: RequestInfo | URL, init?: RequestInit) => {
      if (holdNext && String(input).includes(SYNC_ROUTES.push)) {
        holdNext = false;
        await held;
      }
      return fetch(input, init);
    }) as typeof fetch);
    const old = stored().token;
    holdNext = true;
    const late = pushVia(connection);
    expect(await connection.rotateToken()).toBe('rotated');
    release();
    expect(await late).toMatchObject({ kind: 'ok', value: { results: [{ status: 'accepted' }] } });
    expect(await pullStatus(old)).toBe(401);
  });

  it('cannot rotate a revoked terminal and keeps its credentials as they are', async () => {
    const connection = await connect();
    const before = stored();
    await server.admin('POST', `/api/v1/admin/terminals/${before.terminalId}/revoke`);
    expect(await connection.rotateToken()).toBe('failed');
    expect(stored()).toEqual(before);
  });

  it('rotates on schedule: the clock starts with the first check, a rotation is due after the set days', async () => {
    let clock = 1_000_000;
    const connection = await connect(network(), () => clock);
    const results: string[] = [];
    const rotation = startTokenRotation({
      connection,
      everyDays: 7,
      checkEveryMs: 3_600_000,
      now: () => clock,
      onResult: (result) => results.push(result),
    });
    try {
      const old = stored().token;
      expect(await rotation.check()).toBe('not-due');
      expect(stored().rotatedAt).toBe(1_000_000);
      clock += 7 * 24 * 3_600_000 - 1;
      expect(await rotation.check()).toBe('not-due');
      clock += 1;
      expect(await rotation.check()).toBe('rotated');
      expect(stored()).toMatchObject({ rotatedAt: clock });
      expect(stored().token).not.toBe(old);
      expect(await rotation.check()).toBe('not-due');
      expect(await Promise.all([rotation.rotateNow(), rotation.rotateNow()])).toEqual(['rotated', 'rotated']);
      expect(results).toEqual(['rotated', 'rotated']);
    } finally {
      rotation.stop();
    }
  });
});
