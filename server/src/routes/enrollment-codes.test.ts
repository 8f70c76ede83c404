import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ENROLL_FAILURE_WINDOW_MS, ENROLL_MAX_FAILURES } from './enroll';
import { DEFAULT_LOCKOUT_LIMITS } from '../enrollment/enrollment-lockout';
import { startTestServer, TEST_ENROLLMENT_CODE, type TestServer } from '../testing/test-server';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.dispose();
  server = undefined;
});

const START = 1_800_000_000_000;

/** A production-like server: no demo plant, no plant-wide code, two stations imported by the admin. */
async function startProduction(options: { now?: () => number; dataDir?: string } = {}): Promise<TestServer> {
  const started = await startTestServer({ demo: false, enrollmentCode: undefined, ...options });
  const imported = await started.admin('POST', '/api/v1/admin/import', {
    stations: [
      { id: 'ST-10', name: 'Drehzentrum 1' },
      { id: 'ST-20', name: 'Fräszentrum 2' },
    ],
  });
  expect(imported.statusCode).toBe(200);
  return started;
}

interface CreatedCode {
  id: string;
  code: string;
  stationId: string | null;
  expiresAt: number;
  maxUses: number;
  status: string;
}

async function createCode(target: TestServer, body: object): Promise<CreatedCode> {
  const response = await target.admin('POST', '/api/v1/admin/enrollment-codes', body);
  expect(response.statusCode).toBe(201);
  return response.json<CreatedCode>();
}

const enroll = (target: TestServer, stationId: string, enrollmentCode: string, client = '10.1.1.1') =>
  target.request({
    method: 'POST',
    url: '/api/v1/terminals/enroll',
    remoteAddress: client,
    payload: { stationId, enrollmentCode },
  });

const listCodes = async (target: TestServer) =>
  (await target.admin('GET', '/api/v1/admin/enrollment-codes')).json<{ codes: Record<string, unknown>[] }>().codes;

describe('enrollment codes', () => {
  it('without --demo there is no plant-wide code', async () => {
    server = await startProduction();
    expect(server.enrollmentCode).toBeUndefined();
    expect((await enroll(server, 'ST-10', TEST_ENROLLMENT_CODE)).statusCode).toBe(401);
  });

  it('a one-time code for a station is shown once, stored hashed, and enrolls that station once', async () => {
    server = await startProduction();
    const created = await createCode(server, { stationId: 'ST-10', expiresInMinutes: 60, uses: 1 });
    expect(created.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(created).toMatchObject({ stationId: 'ST-10', maxUses: 1, status: 'active' });
    const stored = JSON.stringify(server.db.prepare('SELECT * FROM enrollment_codes').all());
    expect(stored).not.toContain(created.code);
    expect(stored).not.toContain(created.code.replace(/-/g, ''));
    expect(JSON.stringify(await listCodes(server))).not.toContain(created.code.replace(/-/g, '').slice(0, 4));

    expect((await enroll(server, 'ST-20', created.code)).statusCode).toBe(401);
    expect((await enroll(server, 'ST-10', created.code.toLowerCase())).statusCode).toBe(201);
    expect((await enroll(server, 'ST-10', created.code)).statusCode).toBe(401);
    expect(await listCodes(server)).toEqual([expect.objectContaining({ id: created.id, uses: 1, status: 'used-up' })]);
    expect(server.countRows().terminals).toBe(1);
  });

  it('a code for n uses enrolls any station n times', async () => {
    server = await startProduction();
    const { code } = await createCode(server, { expiresInMinutes: 60, uses: 2 });
    expect((await enroll(server, 'ST-10', code)).statusCode).toBe(201);
    expect((await enroll(server, 'ST-20', code)).statusCode).toBe(201);
    expect((await enroll(server, 'ST-20', code)).statusCode).toBe(401);
  });

  it('an unknown station does not use the code up', async () => {
    server = await startProduction();
    const { code } = await createCode(server, { expiresInMinutes: 60, uses: 1 });
    expect((await enroll(server, 'ST-99', code)).statusCode).toBe(404);
    expect((await enroll(server, 'ST-10', code)).statusCode).toBe(201);
  });

  it('a code expires (server clock)', async () => {
    let clock = START;
    server = await startProduction({ now: () => clock });
    const { code, expiresAt } = await createCode(server, { expiresInMinutes: 10, uses: 5 });
    expect(expiresAt).toBe(START + 10 * 60_000);
    clock = expiresAt - 1;
    expect((await enroll(server, 'ST-10', code)).statusCode).toBe(201);
    clock = expiresAt;
    expect((await enroll(server, 'ST-10', code)).statusCode).toBe(401);
    expect(await listCodes(server)).toEqual([expect.objectContaining({ status: 'expired', uses: 1 })]);
  });

  it('a revoked code enrolls nothing; create and revoke are in the audit trail without the code', async () => {
    server = await startProduction();
    const created = await createCode(server, { stationId: 'ST-20', expiresInMinutes: 60, uses: 3 });
    const revoked = await server.admin('POST', `/api/v1/admin/enrollment-codes/${created.id}/revoke`, {
      reason: 'tablet lost',
    });
    expect(revoked.statusCode).toBe(200);
    const again = await server.admin('POST', `/api/v1/admin/enrollment-codes/${created.id}/revoke`);
    expect(again.json()).toEqual(revoked.json());
    expect((await server.admin('POST', '/api/v1/admin/enrollment-codes/nope/revoke')).statusCode).toBe(404);
    expect((await enroll(server, 'ST-20', created.code)).statusCode).toBe(401);

    const audit = (await server.admin('GET', '/api/v1/admin/audit')).json<{ audit: Record<string, unknown>[] }>();
    const codeActions = audit.audit.filter((entry) => String(entry.action).startsWith('enrollment-code.'));
    expect(codeActions).toEqual([
      expect.objectContaining({ action: 'enrollment-code.create', target: created.id }),
      expect.objectContaining({
        action: 'enrollment-code.revoke',
        details: { outcome: 'revoked', reason: 'tablet lost' },
      }),
      expect.objectContaining({ action: 'enrollment-code.revoke', details: { outcome: 'already-revoked' } }),
    ]);
    expect(JSON.stringify(audit)).not.toContain(created.code.replace(/-/g, '').slice(0, 6));
  });

  it.each([
    [{ expiresInMinutes: 60 }, 400],
    [{ expiresInMinutes: 0, uses: 1 }, 400],
    [{ expiresInMinutes: 60, uses: 0 }, 400],
    [{ expiresInMinutes: 60 * 24 * 31, uses: 1 }, 400],
    [{ expiresInMinutes: 60, uses: 1, code: 'MY-OWN-CODE' }, 400],
    [{ stationId: 'ST-99', expiresInMinutes: 60, uses: 1 }, 422],
  ])('refuses %j with %i and creates nothing', async (body, status) => {
    server = await startProduction();
    expect((await server.admin('POST', '/api/v1/admin/enrollment-codes', body)).statusCode).toBe(status);
    expect(await listCodes(server)).toEqual([]);
  });

  it('needs the admin token', async () => {
    server = await startProduction();
    const response = await server.request({
      method: 'POST',
      url: '/api/v1/admin/enrollment-codes',
      payload: { expiresInMinutes: 60, uses: 1 },
    });
    expect(response.statusCode).toBe(401);
  });
});

describe('enrollment lockout', () => {
  it('locks one client out of one station only: the other tablets behind the same address still enroll', async () => {
    server = await startProduction();
    const { code } = await createCode(server, { expiresInMinutes: 60, uses: 5 });
    for (let i = 0; i < ENROLL_MAX_FAILURES; i++) {
      expect((await enroll(server, 'ST-10', `WRONG-${i}`)).statusCode).toBe(401);
    }
    const locked = await enroll(server, 'ST-10', code);
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect((await enroll(server, 'ST-20', code)).statusCode).toBe(201);
    expect((await enroll(server, 'ST-10', code, '10.1.1.2')).statusCode).toBe(201);
  });

  it('survives a restart, and ends when the window has passed', async () => {
    let clock = START;
    server = await startProduction({ now: () => clock });
    const { code } = await createCode(server, { expiresInMinutes: 60, uses: 5 });
    for (let i = 0; i < ENROLL_MAX_FAILURES; i++) await enroll(server, 'ST-10', `WRONG-${i}`);
    const dataDir = server.dataDir;
    await server.close();
    server = await startTestServer({ demo: false, enrollmentCode: undefined, dataDir, now: () => clock });
    expect((await enroll(server, 'ST-10', code)).statusCode).toBe(429);
    clock += ENROLL_FAILURE_WINDOW_MS + 1;
    expect((await enroll(server, 'ST-10', code)).statusCode).toBe(201);
  });

  it('has an overall ceiling: guesses spread over addresses and stations stop for everyone', async () => {
    server = await startProduction();
    const { code } = await createCode(server, { expiresInMinutes: 60, uses: 5 });
    for (let i = 0; i < DEFAULT_LOCKOUT_LIMITS.maxFailuresOverall; i++) {
      expect((await enroll(server, `ST-${i}`, 'WRONG', `10.2.${i % 250}.${i % 7}`)).statusCode).toBe(401);
    }
    expect((await enroll(server, 'ST-10', code, '10.9.9.9')).statusCode).toBe(429);
  });
});

describe('weak configured secrets', () => {
  it.each([
    [{ adminToken: 'admin-admin-admin' }, /admin token .* too weak/],
    [{ enrollmentCode: '1234' }, /enrollment code .* too weak/],
  ])('refuses to start with %j', async (options, message) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'takt-weak-'));
    try {
      await expect(startTestServer({ ...options, dataDir })).rejects.toThrow(message);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
