import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeBooking, startTestServer, type TestServer } from '../testing/test-server';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  await server.dispose();
});

const pushOne = (terminal: { terminalId: string; token: string }, seq: number) =>
  server.push(terminal.token, {
    terminalId: terminal.terminalId,
    epoch: 'e',
    bookings: [makeBooking(terminal.terminalId, 'e', seq)],
  });
const audit = async () =>
  (await server.admin('GET', '/api/v1/admin/audit')).json<{
    audit: Array<{ action: string; target: string; clientIp: string; details: Record<string, unknown> }>;
  }>().audit;

describe('revoking a terminal token', () => {
  it('makes its pushes and pulls 401 token-revoked, leaves other terminals alone, and is audited', async () => {
    const lost = await server.enroll('ST-10');
    const other = await server.enroll('ST-10');
    expect((await pushOne(lost, 1)).statusCode).toBe(200);

    const revoked = await server.admin('POST', `/api/v1/admin/terminals/${lost.terminalId}/revoke`, {
      reason: 'tablet stolen',
    });
    expect(revoked.statusCode).toBe(200);
    const { revokedAt } = revoked.json<{ revokedAt: number }>();
    expect(revoked.json()).toEqual({ terminalId: lost.terminalId, revokedAt: expect.any(Number) });

    const before = server.countRows();
    const push = await pushOne(lost, 2);
    expect(push.statusCode).toBe(401);
    expect(push.json()).toMatchObject({ error: { code: 'token-revoked' } });
    const pull = await server.pull(lost.token, { dataset: 'orders' });
    expect(pull.statusCode).toBe(401);
    expect(pull.json()).toMatchObject({ error: { code: 'token-revoked' } });
    expect(server.countRows()).toEqual(before);
    expect((await pushOne(other, 1)).statusCode).toBe(200);

    expect(await audit()).toEqual([
      {
        id: expect.any(Number),
        at: expect.any(Number),
        action: 'terminal.revoke',
        target: lost.terminalId,
        clientIp: expect.any(String),
        details: { outcome: 'revoked', reason: 'tablet stolen' },
      },
    ]);
    const terminals = (await server.admin('GET', '/api/v1/admin/terminals')).json<{
      terminals: Array<{ id: string; revokedAt: number | null }>;
    }>().terminals;
    expect(terminals.map((t) => [t.id, t.revokedAt])).toEqual([
      [lost.terminalId, revokedAt],
      [other.terminalId, null],
    ]);
  });

  it('answers a second revocation with the first time, and records the attempt', async () => {
    const terminal = await server.enroll('ST-10');
    const url = `/api/v1/admin/terminals/${terminal.terminalId}/revoke`;
    const first = (await server.admin('POST', url)).json<{ revokedAt: number }>();
    const second = await server.admin('POST', url);
    expect(second.statusCode).toBe(200);
    expect(second.json()).toEqual({ terminalId: terminal.terminalId, revokedAt: first.revokedAt });
    expect((await audit()).map((a) => a.details.outcome)).toEqual(['revoked', 'already-revoked']);
  });

  it('answers 404 for an unknown terminal and 401 without the admin token, changing nothing', async () => {
    const terminal = await server.enroll('ST-10');
    const unknown = await server.admin('POST', '/api/v1/admin/terminals/no-such-terminal/revoke');
    expect(unknown.statusCode).toBe(404);
    const anonymous = await server.request({
      method: 'POST',
      url: `/api/v1/admin/terminals/${terminal.terminalId}/revoke`,
      headers: { authorization: `Bearer ${terminal.token}` },
    });
    expect(anonymous.statusCode).toBe(401);
    expect(await audit()).toEqual([]);
    expect((await pushOne(terminal, 1)).statusCode).toBe(200);
  });
});
