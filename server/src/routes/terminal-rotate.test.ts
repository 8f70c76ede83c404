import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SYNC_ROUTES } from '@shared/protocol';
import { makeBooking, startTestServer, type TestServer } from '../testing/test-server';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  await server.dispose();
});

const rotate = (authorization?: string) =>
  server.request({
    method: 'POST',
    url: SYNC_ROUTES.rotate,
    headers: authorization === undefined ? {} : { authorization },
  });
const rotated = async (token: string) => {
  const response = await rotate(`Bearer ${token}`);
  expect(response.statusCode).toBe(200);
  return response.json<{ terminalId: string; token: string }>();
};
const pullStatus = async (token: string) => (await server.pull(token, { dataset: 'stations', limit: 1 })).statusCode;

describe('terminal token rotation', () => {
  it('keeps the old token valid until the new one is first used, then retires it; audited', async () => {
    const terminal = await server.enroll('ST-10');
    const fresh = await rotated(terminal.token);
    expect(fresh.terminalId).toBe(terminal.terminalId);
    expect(fresh.token).not.toBe(terminal.token);

    expect(await pullStatus(terminal.token)).toBe(200);
    expect(await pullStatus(terminal.token)).toBe(200);
    const push = await server.push(fresh.token, {
      terminalId: terminal.terminalId,
      epoch: 'e',
      bookings: [makeBooking(terminal.terminalId, 'e', 1)],
    });
    expect(push.statusCode).toBe(200);
    const old = await server.pull(terminal.token, { dataset: 'stations' });
    expect(old.statusCode).toBe(401);
    expect(old.json()).toMatchObject({ error: { code: 'unauthorized', message: expect.any(String) } });
    expect(await pullStatus(fresh.token)).toBe(200);

    const audit = (await server.admin('GET', '/api/v1/admin/audit')).json<{
      audit: Array<{ action: string; target: string; details: Record<string, unknown> }>;
    }>().audit;
    expect(audit).toMatchObject([
      { action: 'terminal.rotate', target: terminal.terminalId, details: { by: 'terminal', replacedPending: false } },
    ]);
    expect(JSON.stringify(audit)).not.toContain(fresh.token);
  });

  it('after a lost answer gives a fresh token for the old one; the lost token no longer works', async () => {
    const terminal = await server.enroll('ST-10');
    const lost = await rotated(terminal.token);
    const retry = await rotated(terminal.token);
    expect(retry.token).not.toBe(lost.token);

    expect(await pullStatus(lost.token)).toBe(401);
    expect(await pullStatus(terminal.token)).toBe(200);
    expect(await pullStatus(retry.token)).toBe(200);
    expect(await pullStatus(terminal.token)).toBe(401);
    expect(await pullStatus(lost.token)).toBe(401);

    // Rotating with the token now current works the same way again.
    const next = await rotated(retry.token);
    expect(await pullStatus(next.token)).toBe(200);
    expect(await pullStatus(retry.token)).toBe(401);
    const audit = (await server.admin('GET', '/api/v1/admin/audit')).json<{
      audit: Array<{ details: Record<string, unknown> }>;
    }>().audit;
    expect(audit.map((entry) => entry.details.replacedPending)).toEqual([false, true, false]);
  });

  it('refuses a revoked terminal, with its current and its pending token', async () => {
    const terminal = await server.enroll('ST-10');
    const pending = await rotated(terminal.token);
    expect((await server.admin('POST', `/api/v1/admin/terminals/${terminal.terminalId}/revoke`)).statusCode).toBe(200);

    for (const token of [terminal.token, pending.token]) {
      const response = await rotate(`Bearer ${token}`);
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({ error: { code: 'token-revoked' } });
      expect(await pullStatus(token)).toBe(401);
    }
  });

  it('answers 401 with the usual error shape to a missing, malformed or unknown token', async () => {
    const terminal = await server.enroll('ST-10');
    for (const authorization of [undefined, 'Basic abc', 'Bearer', 'Bearer not a token', 'Bearer unknown-token']) {
      const response = await rotate(authorization);
      expect(response.statusCode).toBe(401);
      expect(response.json()).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
    }
    expect(await pullStatus(terminal.token)).toBe(200);
    expect((await server.admin('GET', '/api/v1/admin/audit')).json()).toMatchObject({ audit: [] });
  });
});
