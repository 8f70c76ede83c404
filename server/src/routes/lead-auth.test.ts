import type { LightMyRequestResponse } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, TEST_ADMIN_TOKEN, type TestServer } from '../testing/test-server';

// Shift-lead sign-in, sessions, the login lockout and display links, against a real server and SQLite.

const SABINE = { badge: '04A1B2D1', pin: '2468' };
const ANNA = { badge: '04A1B2C3', pin: '1234' };

let server: TestServer;
afterEach(async () => {
  await server.dispose();
});

function cookieOf(response: LightMyRequestResponse, name: string): string | undefined {
  const header = response.headers['set-cookie'];
  const all = Array.isArray(header) ? header : header === undefined ? [] : [header];
  return all.find((cookie) => cookie.startsWith(`${name}=`));
}

const login = (body: unknown, headers: Record<string, string> = {}, remoteAddress = '127.0.0.1') =>
  server.request({ method: 'POST', url: '/api/v1/lead/login', payload: body as object, headers, remoteAddress });

const sessionWith = (cookie: string | undefined) =>
  server.request({ method: 'GET', url: '/api/v1/lead/session', headers: { cookie: cookie?.split(';')[0] ?? '' } });

describe('shift-lead sign-in', () => {
  it('signs a lead in with badge and PIN into an HttpOnly, SameSite=Strict, expiring cookie, and out again', async () => {
    server = await startTestServer();
    const response = await login({ badge: '04-a1-b2-d1', pin: SABINE.pin });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ viewer: { kind: 'lead', operatorId: 'P-2001', name: 'Sabine Krüger' } });
    const cookie = cookieOf(response, 'takt_lead');
    expect(cookie).toMatch(/^takt_lead=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=43200; HttpOnly; SameSite=Strict$/);
    // Only the token's hash is stored.
    const token = cookie?.split(';')[0]?.split('=')[1] ?? '';
    const stored = server.db.prepare('SELECT token_hash, operator_id, role FROM lead_sessions').all();
    expect(stored).toEqual([{ token_hash: expect.not.stringContaining(token), operator_id: 'P-2001', role: 'lead' }]);

    expect((await sessionWith(cookie)).json()).toMatchObject({ viewer: { kind: 'lead', operatorId: 'P-2001' } });
    const board = await server.request({
      method: 'GET',
      url: '/api/v1/board',
      headers: { cookie: cookie?.split(';')[0] ?? '' },
    });
    expect(board.json<{ stations: unknown[] }>().stations.length).toBeGreaterThan(0);
    const kpi = await server.request({
      method: 'GET',
      url: '/api/v1/kpi?stationId=ST-10&from=0&to=86400000',
      headers: { cookie: cookie?.split(';')[0] ?? '' },
    });
    expect(kpi.statusCode).toBe(200);
    const logout = await server.request({
      method: 'POST',
      url: '/api/v1/lead/logout',
      headers: { cookie: cookie?.split(';')[0] ?? '' },
    });
    expect(logout.statusCode).toBe(204);
    expect(cookieOf(logout, 'takt_lead')).toMatch(/^takt_lead=; Path=\/; Max-Age=0;/);
    expect((await sessionWith(cookie)).statusCode).toBe(401);
  });

  it('refuses a wrong PIN, an unknown badge and an operator who is not a lead, without a cookie', async () => {
    server = await startTestServer();
    const wrongPin = await login({ badge: SABINE.badge, pin: '0000' });
    expect(wrongPin.statusCode).toBe(401);
    expect(wrongPin.json()).toMatchObject({ error: { code: 'invalid-credentials' } });
    const unknown = await login({ badge: 'DEADBEEF', pin: '1234' });
    expect(unknown.json()).toMatchObject({ error: { code: 'invalid-credentials' } });
    const operator = await login(ANNA);
    expect(operator.statusCode).toBe(403);
    expect(operator.json()).toMatchObject({ error: { code: 'forbidden' } });
    expect((await login({ badge: SABINE.badge, pin: '12' })).statusCode).toBe(400);
    for (const response of [wrongPin, unknown, operator]) expect(cookieOf(response, 'takt_lead')).toBeUndefined();
    expect(server.db.prepare('SELECT COUNT(*) FROM lead_sessions').pluck().get()).toBe(0);
  });

  it('locks a badge for a client after five wrong PINs, other clients not, also across a restart', async () => {
    let clock = 1_800_000_000_000;
    server = await startTestServer({ now: () => clock });
    for (let i = 0; i < 5; i++) expect((await login({ badge: SABINE.badge, pin: '9999' })).statusCode).toBe(401);
    const locked = await login(SABINE);
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect((await login(SABINE, {}, '10.0.0.7')).statusCode).toBe(200);

    await server.close();
    server = await startTestServer({ now: () => clock, dataDir: server.dataDir });
    expect((await login(SABINE)).statusCode).toBe(429);
    clock += 16 * 60_000;
    expect((await login(SABINE)).statusCode).toBe(200);
  });

  it('keeps sessions in the database (a restart keeps them) and ends them after twelve hours', async () => {
    let clock = 1_800_000_000_000;
    server = await startTestServer({ now: () => clock });
    const cookie = cookieOf(await login(SABINE), 'takt_lead');
    await server.close();
    server = await startTestServer({ now: () => clock, dataDir: server.dataDir });
    expect((await sessionWith(cookie)).statusCode).toBe(200);
    clock += 12 * 60 * 60_000;
    expect((await sessionWith(cookie)).statusCode).toBe(401);
  });

  it('marks the cookie Secure when the request came over TLS, and refuses a login from another site', async () => {
    server = await startTestServer({ trustProxy: true });
    const overTls = await login(SABINE, { 'x-forwarded-proto': 'https' });
    expect(cookieOf(overTls, 'takt_lead')).toMatch(/; Secure$/);
    const crossSite = await login(SABINE, { origin: 'https://evil.example' });
    expect(crossSite.statusCode).toBe(403);
  });
});

describe('display links', () => {
  it('are created by an admin, read the board only, and stop working when revoked', async () => {
    server = await startTestServer();
    expect(
      (await server.request({ method: 'POST', url: '/api/v1/admin/display-links', payload: { label: 'x' } }))
        .statusCode,
    ).toBe(401);
    const created = await server.admin('POST', '/api/v1/admin/display-links', { label: 'Schichtbüro' });
    expect(created.statusCode).toBe(201);
    const link = created.json<{ id: string; token: string; path: string }>();
    expect(link.path).toBe(`/board/display/${link.token}`);

    const opened = await server.request({ method: 'GET', url: link.path });
    expect(opened.statusCode).toBe(303);
    expect(opened.headers.location).toBe('/board');
    const cookie = cookieOf(opened, 'takt_display');
    expect(cookie).toMatch(/HttpOnly; SameSite=Strict$/);
    expect((await sessionWith(cookie)).json()).toEqual({
      viewer: { kind: 'display', linkId: link.id, label: 'Schichtbüro' },
    });
    const board = await server.request({
      method: 'GET',
      url: '/api/v1/board',
      headers: { cookie: cookie?.split(';')[0] ?? '' },
    });
    expect(board.statusCode).toBe(200);
    const review = await server.request({
      method: 'GET',
      url: '/api/v1/review',
      headers: { cookie: cookie?.split(';')[0] ?? '' },
    });
    expect(review.statusCode).toBe(403);
    const kpi = await server.request({
      method: 'GET',
      url: '/api/v1/kpi?stationId=ST-10&from=0&to=86400000',
      headers: { cookie: cookie?.split(';')[0] ?? '' },
    });
    expect(kpi.statusCode).toBe(403);

    const listed = (await server.admin('GET', '/api/v1/admin/display-links')).json<{ links: unknown[] }>();
    expect(listed.links).toEqual([expect.objectContaining({ id: link.id, revokedAt: null })]);
    expect(JSON.stringify(listed)).not.toContain(link.token);
    expect((await server.admin('POST', `/api/v1/admin/display-links/${link.id}/revoke`)).statusCode).toBe(200);
    expect((await sessionWith(cookie)).statusCode).toBe(401);
    const again = await server.request({ method: 'GET', url: link.path });
    expect(again.headers.location).toBe('/board?link=invalid');
    const audit = (await server.admin('GET', '/api/v1/admin/audit')).json<{ entries: Array<{ action: string }> }>();
    expect(JSON.stringify(audit)).toContain('display-link.revoke');
  });

  it('answers 401 to nobody and accepts the admin token', async () => {
    server = await startTestServer();
    expect((await server.request({ method: 'GET', url: '/api/v1/lead/session' })).statusCode).toBe(401);
    const admin = await server.request({
      method: 'GET',
      url: '/api/v1/lead/session',
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
    });
    expect(admin.json()).toEqual({ viewer: { kind: 'admin' } });
  });
});
