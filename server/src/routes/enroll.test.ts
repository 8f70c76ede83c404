import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EnrollResponseSchema } from '@shared/protocol';
import { sha256Hex } from '../hashing';
import { startTestServer, TEST_ENROLLMENT_CODE, type TestServer } from '../testing/test-server';
import { ENROLL_MAX_FAILURES } from './enroll';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  await server.dispose();
});

const enroll = (payload: unknown) =>
  server.request({ method: 'POST', url: '/api/v1/terminals/enroll', payload: payload as object });

describe('enroll', () => {
  it('creates a terminal with a random token that is stored only as a hash', async () => {
    const response = await enroll({ stationId: 'ST-20', enrollmentCode: TEST_ENROLLMENT_CODE });
    expect(response.statusCode).toBe(201);
    const body = EnrollResponseSchema.parse(response.json());
    expect(body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const row = server.db.prepare('SELECT * FROM terminals WHERE id = ?').get(body.terminalId) as Record<
      string,
      unknown
    >;
    expect(row).toMatchObject({ station_id: 'ST-20', token_hash: sha256Hex(body.token) });
    expect(JSON.stringify(row)).not.toContain(body.token);
    const second = EnrollResponseSchema.parse(
      (await enroll({ stationId: 'ST-20', enrollmentCode: TEST_ENROLLMENT_CODE })).json(),
    );
    expect(second.terminalId).not.toBe(body.terminalId);
    expect(second.token).not.toBe(body.token);
  });

  it('accepts the code regardless of case, spaces and dashes', async () => {
    expect((await enroll({ stationId: 'ST-10', enrollmentCode: ' test 7kqm x2pr ' })).statusCode).toBe(201);
  });

  it('answers 401 for a wrong code and stores nothing', async () => {
    const response = await enroll({ stationId: 'ST-10', enrollmentCode: 'WRONG-CODE' });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ error: { code: 'invalid-enrollment-code' } });
    expect(server.countRows().terminals).toBe(0);
  });

  it('answers 404 for an unknown station', async () => {
    const response = await enroll({ stationId: 'ST-99', enrollmentCode: TEST_ENROLLMENT_CODE });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: { code: 'unknown-station' } });
  });

  it.each([
    [{}],
    [{ stationId: 'ST-10' }],
    [{ stationId: 5, enrollmentCode: TEST_ENROLLMENT_CODE }],
    [[]],
    [{ stationId: 'ST-10', enrollmentCode: TEST_ENROLLMENT_CODE, admin: true }],
  ])('answers 400 for %j', async (payload) => {
    const response = await enroll(payload);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { code: 'invalid-request' } });
  });

  it(`locks an address out after ${ENROLL_MAX_FAILURES} wrong codes, even for the right code`, async () => {
    for (let i = 0; i < ENROLL_MAX_FAILURES; i++) {
      expect((await enroll({ stationId: 'ST-10', enrollmentCode: `guess-${i}` })).statusCode).toBe(401);
    }
    const locked = await enroll({ stationId: 'ST-10', enrollmentCode: TEST_ENROLLMENT_CODE });
    expect(locked.statusCode).toBe(429);
    expect(locked.headers['retry-after']).toBeDefined();
    expect(locked.json()).toMatchObject({ error: { code: 'too-many-attempts' } });
  });

  it('lets the address try again when the window has passed', async () => {
    await server.dispose();
    let clock = 1_800_000_000_000;
    server = await startTestServer({ now: () => clock });
    for (let i = 0; i < ENROLL_MAX_FAILURES; i++) await enroll({ stationId: 'ST-10', enrollmentCode: 'nope' });
    expect((await enroll({ stationId: 'ST-10', enrollmentCode: TEST_ENROLLMENT_CODE })).statusCode).toBe(429);
    clock += 16 * 60_000;
    expect((await enroll({ stationId: 'ST-10', enrollmentCode: TEST_ENROLLMENT_CODE })).statusCode).toBe(201);
  });
});
