import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client as PgClient } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Booking } from '@shared/booking';
import { buildPendingExport, SYNC_ROUTES, type PullResponse, type PushResponse } from '@shared/protocol';
import type { ReviewQueue } from '@shared/review';
import { createServer } from '../app';
import { DEFAULT_LOCKOUT_LIMITS } from '../enrollment/enrollment-lockout';
import { ONE_STATION_PLANT } from '../testing/one-station-plant';
import { pgTestAvailability, startPgCluster, type PgCluster } from '../testing/pg-cluster';
import { makeBooking, TEST_ADMIN_TOKEN, TEST_ENROLLMENT_CODE } from '../testing/test-server';
import { createPgServer } from './pg/pg-server';

// Shift-lead sign-in, display links, the review queue, token rotation, the admin lists and the bookings import,
// terminal revocation and dataset compaction, run against both stores through the real HTTP server on 127.0.0.1: the same requests get the same answers.
// Then two PostgreSQL instances on one database: lockout, sessions and review decisions hold across them.
// Every sign-in attempt costs a PBKDF2 run (about 0.4 s here), so the cases keep them few.

const LEAD = { id: 'P-2001', name: 'Sabine Krüger', role: 'lead', badgeUid: '04A1B2D1', pin: '2468' };
const MASTER_DATA = { ...ONE_STATION_PLANT, operators: [LEAD] };
const EPOCH = 'epoch-a';

interface Running {
  baseUrl: string;
  close(): Promise<void>;
}

const pg = pgTestAvailability();
let cluster: PgCluster | undefined;

beforeAll(async () => {
  if (pg.isAvailable) cluster = await startPgCluster();
}, 60_000);
afterAll(async () => {
  await cluster?.stop();
});

/** A server in a data folder of its own, listening on a free port of 127.0.0.1; closing it removes the folder. */
async function startIn(
  create: (
    dataDir: string,
  ) => Promise<{ app: { listen(options: { port: number; host: string }): Promise<string> }; close(): Promise<void> }>,
): Promise<Running> {
  const dataDir = mkdtempSync(join(tmpdir(), 'takt-lead-conformance-'));
  const server = await create(dataDir);
  return {
    baseUrl: await server.app.listen({ port: 0, host: '127.0.0.1' }),
    async close() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const secrets = { enrollmentCode: TEST_ENROLLMENT_CODE, adminToken: TEST_ADMIN_TOKEN };

function startPg(databaseUrl: string): Promise<Running> {
  return startIn((dataDir) => createPgServer({ dataDir, databaseUrl, ...secrets }));
}

const STORES = [
  {
    name: 'sqlite',
    skipReason: undefined as string | undefined,
    start: () => startIn((dataDir) => createServer({ dataDir, ...secrets })),
  },
  {
    name: 'postgres',
    skipReason: pg.isAvailable ? undefined : pg.reason,
    async start(): Promise<Running> {
      if (!cluster) throw new Error('no PostgreSQL cluster');
      return startPg(await cluster.createDatabase());
    },
  },
];

interface Answer {
  status: number;
  body: unknown;
  cookie: string | undefined;
  location: string | null;
}

/** A client of one server; `cookie` is sent as the browser would. */
function clientOf(server: Running) {
  return async function call(
    method: 'GET' | 'POST',
    path: string,
    options: { token?: string; body?: unknown; cookie?: string } = {},
  ): Promise<Answer> {
    const response = await fetch(new URL(path, server.baseUrl), {
      method,
      redirect: 'manual',
      headers: {
        ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }),
        ...(options.cookie === undefined ? {} : { cookie: options.cookie }),
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: text === '' ? undefined : (JSON.parse(text) as unknown),
      cookie: response.headers.getSetCookie()[0]?.split(';')[0],
      location: response.headers.get('location'),
    };
  };
}

type Call = ReturnType<typeof clientOf>;

const asAdmin = (call: Call, method: 'GET' | 'POST', path: string, body?: unknown) =>
  call(method, path, { token: TEST_ADMIN_TOKEN, ...(body === undefined ? {} : { body }) });

async function enrollTerminal(call: Call) {
  const enrolled = await call('POST', SYNC_ROUTES.enroll, {
    body: { stationId: 'ST-10', enrollmentCode: TEST_ENROLLMENT_CODE },
  });
  expect(enrolled.status).toBe(201);
  return enrolled.body as { terminalId: string; token: string };
}

async function push(call: Call, terminal: { terminalId: string; token: string }, bookings: Booking[]) {
  const pushed = await call('POST', SYNC_ROUTES.push, {
    token: terminal.token,
    body: { terminalId: terminal.terminalId, epoch: EPOCH, bookings },
  });
  expect(pushed.status).toBe(200);
  return pushed.body as PushResponse;
}

const pullOf = (call: Call, token: string, dataset: string, cursor?: string) =>
  call('GET', `${SYNC_ROUTES.pull}?dataset=${dataset}${cursor === undefined ? '' : `&cursor=${cursor}`}`, { token });

/** A terminal with a pending (rotated, not yet used) token next to its current one. */
async function enrollWithPending(call: Call) {
  const terminal = await enrollTerminal(call);
  const rotated = await call('POST', SYNC_ROUTES.rotate, { token: terminal.token });
  expect(rotated.status).toBe(200);
  return { ...terminal, pending: (rotated.body as { token: string }).token };
}

const login = (call: Call, pin = LEAD.pin) =>
  call('POST', '/api/v1/lead/login', { body: { badge: LEAD.badgeUid, pin } });

for (const store of STORES) {
  describe.skipIf(store.skipReason !== undefined)(
    `shift leads and review on ${store.name}${store.skipReason === undefined ? '' : ` (skipped: ${store.skipReason})`}`,
    () => {
      let server: Running;
      let call: Call;
      beforeAll(async () => {
        server = await store.start();
        call = clientOf(server);
        expect((await asAdmin(call, 'POST', '/api/v1/admin/import', MASTER_DATA)).status).toBe(200);
      }, 60_000);
      afterAll(async () => {
        await server?.close();
      });

      it('signs a lead in with badge and PIN, answers who is asking, and signs out', async () => {
        const signedIn = await login(call);
        expect(signedIn.status).toBe(200);
        expect(signedIn.body).toMatchObject({ viewer: { kind: 'lead', operatorId: LEAD.id, name: LEAD.name } });
        expect(signedIn.cookie).toMatch(/^takt_lead=[A-Za-z0-9_-]{43}$/);
        const session = await call('GET', '/api/v1/lead/session', { cookie: signedIn.cookie! });
        expect(session.body).toMatchObject({ viewer: { kind: 'lead', operatorId: LEAD.id } });
        expect((await call('GET', '/api/v1/lead/session')).status).toBe(401);
        expect((await call('POST', '/api/v1/lead/logout', { cookie: signedIn.cookie! })).status).toBe(204);
        expect((await call('GET', '/api/v1/lead/session', { cookie: signedIn.cookie! })).status).toBe(401);
      });

      it('creates, opens and revokes a display link, audited; a link may not read the review queue', async () => {
        const created = await asAdmin(call, 'POST', '/api/v1/admin/display-links', { label: 'Halle 1' });
        expect(created.status).toBe(201);
        const link = created.body as { id: string; token: string; path: string };
        const opened = await call('GET', link.path);
        expect(opened.status).toBe(303);
        expect(opened.location).toBe('/board');
        const viewer = await call('GET', '/api/v1/lead/session', { cookie: opened.cookie! });
        expect(viewer.body).toMatchObject({ viewer: { kind: 'display', linkId: link.id, label: 'Halle 1' } });
        expect((await call('GET', '/api/v1/review', { cookie: opened.cookie! })).status).toBe(403);
        expect((await asAdmin(call, 'GET', '/api/v1/admin/display-links')).body).toMatchObject({
          links: [{ id: link.id, label: 'Halle 1', revokedAt: null }],
        });
        expect((await asAdmin(call, 'POST', `/api/v1/admin/display-links/${link.id}/revoke`)).status).toBe(200);
        expect((await call('GET', '/api/v1/lead/session', { cookie: opened.cookie! })).status).toBe(401);
        expect((await call('GET', link.path)).location).toBe('/board?link=invalid');
        expect((await asAdmin(call, 'POST', '/api/v1/admin/display-links/nope/revoke')).status).toBe(404);
        const audit = (await asAdmin(call, 'GET', '/api/v1/admin/audit')).body as { audit: Array<{ action: string }> };
        expect(audit.audit.map((entry) => entry.action)).toEqual(
          expect.arrayContaining(['master-data.import', 'display-link.create', 'display-link.revoke']),
        );
      });

      it('lists flagged, quarantined and gap items; reverses a flagged booking once; accepts the rest', async () => {
        const terminal = await enrollTerminal(call);
        const flagged = makeBooking(terminal.terminalId, EPOCH, 1, { orderId: 'FA-UNKNOWN' } as Partial<Booking>);
        await push(call, terminal, [flagged]);
        const reused = await push(call, terminal, [makeBooking(terminal.terminalId, EPOCH, 1)]);
        expect(reused.results[0]?.status).toBe('quarantined');
        await push(call, terminal, [makeBooking(terminal.terminalId, EPOCH, 3)]);

        const queue = (await asAdmin(call, 'GET', '/api/v1/review')).body as ReviewQueue;
        const mine = queue.items.filter((item) => item.stationId === 'ST-10');
        // seq 3 is flagged as well: a good quantity on an operation that was never started.
        expect(mine.map((item) => item.kind).sort()).toEqual(['flagged', 'flagged', 'gap', 'quarantined']);
        expect(queue.openCount).toBe(4);
        const gap = mine.find((item) => item.kind === 'gap');
        expect(gap).toMatchObject({ firstMissing: 2, maxSeq: 3, missing: 1 });

        const reverse = { decision: 'reverse', reason: 'typo' };
        const reversed = await asAdmin(call, 'POST', `/api/v1/review/booking:${flagged.id}/resolve`, reverse);
        expect(reversed.status).toBe(200);
        expect(reversed.body).toMatchObject({
          itemId: `booking:${flagged.id}`,
          decision: 'reverse',
          resolvedBy: 'admin',
          reversalBookingId: expect.any(String),
        });
        const again = await asAdmin(call, 'POST', `/api/v1/review/booking:${flagged.id}/resolve`, reverse);
        expect(again.status).toBe(409);
        const quarantined = mine.find((item) => item.kind === 'quarantined')!;
        const cannot = await asAdmin(call, 'POST', `/api/v1/review/${quarantined.id}/resolve`, reverse);
        expect(cannot.status).toBe(422);
        for (const item of mine.filter((item) => item.id !== `booking:${flagged.id}`)) {
          const accepted = await asAdmin(call, 'POST', `/api/v1/review/${item.id}/resolve`, {
            decision: 'accept',
            reason: 'checked',
          });
          expect(accepted.status).toBe(200);
        }
        expect((await asAdmin(call, 'POST', '/api/v1/review/quarantine:999999/resolve', reverse)).status).toBe(404);

        const after = (await asAdmin(call, 'GET', '/api/v1/review')).body as ReviewQueue;
        expect(after.openCount).toBe(0);
        expect(after.resolved.map((resolution) => resolution.decision).sort()).toEqual([
          'accept',
          'accept',
          'accept',
          'reverse',
        ]);
        const audit = (await asAdmin(call, 'GET', '/api/v1/admin/audit', undefined)).body as {
          audit: Array<{ action: string }>;
        };
        expect(audit.audit.filter((entry) => entry.action === 'review.resolve')).toHaveLength(4);
        const alerts = await asAdmin(call, 'GET', '/api/v1/admin/alerts?limit=1');
        expect(alerts.body).toMatchObject({ alerts: [{ kind: expect.any(String) }] });
      });

      it('rotates a terminal token: the old one works until the new one is first used', async () => {
        const terminal = await enrollTerminal(call);
        const rotated = await call('POST', SYNC_ROUTES.rotate, { token: terminal.token });
        expect(rotated.status).toBe(200);
        const fresh = (rotated.body as { token: string }).token;
        const pull = (token: string) => call('GET', `${SYNC_ROUTES.pull}?dataset=stations`, { token });
        expect((await pull(terminal.token)).status).toBe(200);
        expect((await pull(fresh)).status).toBe(200);
        expect((await pull(terminal.token)).status).toBe(401);
        expect((await pull(fresh)).status).toBe(200);
      });

      it('imports pending bookings from a terminal file through the push ingest, once', async () => {
        const terminal = await enrollTerminal(call);
        const bookings = [1, 2].map((seq) => makeBooking(terminal.terminalId, EPOCH, seq));
        const sha256Hex = async (text: string) => createHash('sha256').update(text).digest('hex');
        const file = await buildPendingExport(bookings, { now: 1, stationId: 'ST-10', sha256Hex });
        const first = await asAdmin(call, 'POST', '/api/v1/admin/bookings/import', file);
        expect(first.body).toEqual({ bookings: 2, accepted: 2, duplicate: 0, quarantined: 0, rejected: 0 });
        const second = await asAdmin(call, 'POST', '/api/v1/admin/bookings/import', file);
        expect(second.body).toMatchObject({ accepted: 0, duplicate: 2 });
      });

      it('lists bookings, rejected and quarantined items and terminals with the same answers', async () => {
        const terminal = await enrollTerminal(call);
        const first = makeBooking(terminal.terminalId, EPOCH, 1);
        const broken = { ...makeBooking(terminal.terminalId, EPOCH, 2), payload: { quantity: -3, unit: 'Stk' } };
        const third = makeBooking(terminal.terminalId, EPOCH, 3);
        await push(call, terminal, [first, broken, third]);
        const reused = makeBooking(terminal.terminalId, EPOCH, 1);
        expect((await push(call, terminal, [reused])).results[0]?.status).toBe('quarantined');

        const mine = `/api/v1/admin/bookings?terminalId=${terminal.terminalId}`;
        const firstPage = await asAdmin(call, 'GET', `${mine}&limit=1`);
        expect(firstPage.body).toEqual({
          bookings: [
            {
              serverSeq: expect.any(Number),
              receivedAt: expect.any(Number),
              review: expect.any(Array),
              booking: first,
            },
          ],
          hasMore: true,
          nextAfter: expect.any(Number),
        });
        const { nextAfter } = firstPage.body as { nextAfter: number };
        expect((await asAdmin(call, 'GET', `${mine}&after=${nextAfter}`)).body).toEqual({
          bookings: [
            {
              serverSeq: expect.any(Number),
              receivedAt: expect.any(Number),
              review: expect.any(Array),
              booking: third,
            },
          ],
          hasMore: false,
          nextAfter: expect.any(Number),
        });
        // The test plant has no operator P-1001: both are flagged, so the review filter keeps both.
        const flaggedOnly = (await asAdmin(call, 'GET', `${mine}&review=true`)).body as {
          bookings: Array<{ booking: { id: string }; review: string[] }>;
        };
        expect(flaggedOnly.bookings.map((view) => view.booking.id)).toEqual([first.id, third.id]);
        expect(flaggedOnly.bookings[0]?.review).toContain('unknown-operator(P-1001)');
        expect((await asAdmin(call, 'GET', `${mine}&limit=0`)).status).toBe(400);

        const rejected = (await asAdmin(call, 'GET', '/api/v1/admin/rejected?limit=1000')).body as {
          rejected: Array<{ id: number; terminalId: string }>;
        };
        const myRejected = rejected.rejected.filter((item) => item.terminalId === terminal.terminalId);
        expect(myRejected).toEqual([
          {
            id: expect.any(Number),
            terminalId: terminal.terminalId,
            epoch: EPOCH,
            seq: 2,
            itemId: broken.id,
            reason: expect.stringContaining('payload.quantity'),
            raw: JSON.stringify(broken),
            receivedAt: expect.any(Number),
          },
        ]);
        const afterIt = await asAdmin(call, 'GET', `/api/v1/admin/rejected?after=${myRejected[0]!.id}`);
        expect((afterIt.body as { rejected: unknown[] }).rejected).toEqual([]);

        const quarantined = (await asAdmin(call, 'GET', '/api/v1/admin/quarantined?limit=1000')).body as {
          quarantined: Array<{ terminalId: string }>;
        };
        expect(quarantined.quarantined.filter((item) => item.terminalId === terminal.terminalId)).toEqual([
          {
            id: reused.id,
            terminalId: terminal.terminalId,
            epoch: EPOCH,
            seq: 1,
            conflictsWithId: first.id,
            kind: expect.any(String),
            booking: reused,
            receivedAt: expect.any(Number),
          },
        ]);

        const terminals = (await asAdmin(call, 'GET', '/api/v1/admin/terminals')).body as {
          terminals: Array<{ id: string }>;
        };
        expect(terminals.terminals.find((listed) => listed.id === terminal.terminalId)).toEqual({
          id: terminal.terminalId,
          stationId: 'ST-10',
          enrolledAt: expect.any(Number),
          lastSeenAt: expect.any(Number),
          revokedAt: null,
          epochs: [
            {
              epoch: EPOCH,
              ackedUpTo: 3,
              maxSeq: 3,
              hasGap: false,
              firstSeenAt: expect.any(Number),
              lastPushAt: expect.any(Number),
            },
          ],
        });
        expect((await call('GET', '/api/v1/admin/terminals')).status).toBe(401);
      });

      it('revokes a terminal: its token and its pending token stop working; audited; once', async () => {
        const terminal = await enrollWithPending(call);
        const path = `/api/v1/admin/terminals/${terminal.terminalId}/revoke`;
        const revoked = await asAdmin(call, 'POST', path, { reason: 'tablet stolen' });
        expect(revoked.body).toEqual({ terminalId: terminal.terminalId, revokedAt: expect.any(Number) });
        for (const token of [terminal.token, terminal.pending]) {
          const refused = await pullOf(call, token, 'stations');
          expect(refused.status).toBe(401);
          expect(refused.body).toMatchObject({ error: { code: 'token-revoked' } });
        }
        expect((await asAdmin(call, 'POST', path)).body).toEqual(revoked.body);
        expect((await asAdmin(call, 'POST', '/api/v1/admin/terminals/nope/revoke')).status).toBe(404);
        expect((await asAdmin(call, 'POST', path, { reason: '' })).status).toBe(400);
        const audit = (await asAdmin(call, 'GET', '/api/v1/admin/audit?limit=1000')).body as {
          audit: Array<{ action: string; target: string; details: unknown }>;
        };
        expect(
          audit.audit
            .filter((entry) => entry.action === 'terminal.revoke')
            .map(({ target, details }) => ({ target, details })),
        ).toEqual([
          { target: terminal.terminalId, details: { outcome: 'revoked', reason: 'tablet stolen' } },
          { target: terminal.terminalId, details: { outcome: 'already-revoked' } },
        ]);
        const terminals = (await asAdmin(call, 'GET', '/api/v1/admin/terminals')).body as {
          terminals: Array<{ id: string; revokedAt: number | null }>;
        };
        expect(terminals.terminals.find((listed) => listed.id === terminal.terminalId)?.revokedAt).toBe(
          (revoked.body as { revokedAt: number }).revokedAt,
        );
      });

      it('compacts a dataset: tombstones go, an older cursor starts over, the live records stay', async () => {
        const terminal = await enrollTerminal(call);
        const extra = { id: 'P-2999', name: 'Aushilfe', role: 'operator', badgeUid: '04FF0001', pin: '1357' };
        expect((await asAdmin(call, 'POST', '/api/v1/admin/import', { operators: [extra] })).status).toBe(200);
        expect(
          (await asAdmin(call, 'POST', '/api/v1/admin/import', { delete: { operators: [extra.id] } })).status,
        ).toBe(200);
        const before = (await pullOf(call, terminal.token, 'operators')).body as PullResponse;
        expect(before.changes).toContainEqual({ key: extra.id, op: 'delete' });
        const compacted = await asAdmin(call, 'POST', '/api/v1/admin/datasets/operators/compact');
        expect(compacted.body).toEqual({ dataset: 'operators', compacted: true });
        const after = (await pullOf(call, terminal.token, 'operators', before.cursor)).body as PullResponse;
        expect(after.reset).toBe(true);
        expect(after.changes.map((change) => [change.key, change.op])).toEqual([[LEAD.id, 'put']]);
        const next = (await pullOf(call, terminal.token, 'operators', after.cursor)).body as PullResponse;
        expect(next).toMatchObject({ changes: [], hasMore: false });
        expect(next.reset).toBeUndefined();
        expect((await asAdmin(call, 'POST', '/api/v1/admin/datasets/bookings/compact')).status).toBe(400);
        // What is live did not change: the board still knows the plant's station.
        const board = (await asAdmin(call, 'GET', '/api/v1/board')).body as { stations: Array<{ stationId: string }> };
        expect(board.stations.map((station) => station.stationId)).toContain('ST-10');
      });
    },
  );
}

describe.skipIf(!pg.isAvailable)('two PostgreSQL instances on one database', () => {
  let a: Running;
  let b: Running;
  let callA: Call;
  let callB: Call;
  let databaseUrl: string;
  beforeAll(async () => {
    if (!cluster) throw new Error('no PostgreSQL cluster');
    databaseUrl = await cluster.createDatabase();
    a = await startPg(databaseUrl);
    b = await startPg(databaseUrl);
    callA = clientOf(a);
    callB = clientOf(b);
    expect((await asAdmin(callA, 'POST', '/api/v1/admin/import', MASTER_DATA)).status).toBe(200);
  }, 60_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('accepts a session made on one instance on the other, and ends it there for both', async () => {
    const signedIn = await login(callA);
    expect(signedIn.status).toBe(200);
    const onB = await callB('GET', '/api/v1/lead/session', { cookie: signedIn.cookie! });
    expect(onB.body).toMatchObject({ viewer: { kind: 'lead', operatorId: LEAD.id } });
    expect((await callB('POST', '/api/v1/lead/logout', { cookie: signedIn.cookie! })).status).toBe(204);
    expect((await callA('GET', '/api/v1/lead/session', { cookie: signedIn.cookie! })).status).toBe(401);
  });

  it('counts wrong PINs sent to either instance in one lockout', async () => {
    // Sent together (each costs a PBKDF2 run): all five pass the check before any is counted, as on one instance.
    const wrong = await Promise.all([callA, callB, callA, callB, callA].map((call) => login(call, '0000')));
    expect(wrong.map((answer) => answer.status)).toEqual([401, 401, 401, 401, 401]);
    for (const call of [callB, callA]) expect((await login(call)).status).toBe(429);
  });

  it('counts wrong enrollment codes sent to either instance in one lockout, per station', async () => {
    // A station not in the master data: the code is checked first, and ST-10 stays free for the other tests.
    const enroll = (call: Call, enrollmentCode: string) =>
      call('POST', SYNC_ROUTES.enroll, { body: { stationId: 'ST-LOCKED', enrollmentCode } });
    const allowed = DEFAULT_LOCKOUT_LIMITS.maxFailuresPerStation;
    const wrong: number[] = [];
    for (let i = 0; i < allowed; i++) wrong.push((await enroll(i % 2 === 0 ? callA : callB, 'WRONG-CODE')).status);
    expect(wrong).toEqual(Array.from({ length: allowed }, () => 401));
    for (const call of [callA, callB]) expect((await enroll(call, TEST_ENROLLMENT_CODE)).status).toBe(429);
    await enrollTerminal(callB);
  });

  it('takes a token rotated on one instance on the other, and a display link made on one on the other', async () => {
    const terminal = await enrollTerminal(callA);
    const rotated = await callA('POST', SYNC_ROUTES.rotate, { token: terminal.token });
    const fresh = (rotated.body as { token: string }).token;
    expect((await callB('GET', `${SYNC_ROUTES.pull}?dataset=stations`, { token: fresh })).status).toBe(200);
    expect((await callA('GET', `${SYNC_ROUTES.pull}?dataset=stations`, { token: terminal.token })).status).toBe(401);
    const link = (await asAdmin(callA, 'POST', '/api/v1/admin/display-links', { label: 'Halle 2' })).body as {
      path: string;
    };
    const opened = await callB('GET', link.path);
    expect(opened.location).toBe('/board');
    const viewer = await callA('GET', '/api/v1/lead/session', { cookie: opened.cookie! });
    expect(viewer.body).toMatchObject({ viewer: { kind: 'display', label: 'Halle 2' } });
  });

  it('refuses a terminal revoked on one instance on the other at once, its pending token too', async () => {
    const terminal = await enrollWithPending(callA);
    expect((await pullOf(callB, terminal.token, 'stations')).status).toBe(200);
    expect((await asAdmin(callA, 'POST', `/api/v1/admin/terminals/${terminal.terminalId}/revoke`)).status).toBe(200);
    for (const token of [terminal.token, terminal.pending]) {
      const refused = await pullOf(callB, token, 'stations');
      expect(refused.status).toBe(401);
      expect(refused.body).toMatchObject({ error: { code: 'token-revoked' } });
    }
    const terminals = (await asAdmin(callB, 'GET', '/api/v1/admin/terminals')).body as {
      terminals: Array<{ id: string; revokedAt: number | null }>;
    };
    expect(terminals.terminals.find((listed) => listed.id === terminal.terminalId)?.revokedAt).toEqual(
      expect.any(Number),
    );
  });

  it('records a review decision once when both instances are asked at the same time', async () => {
    const terminal = await enrollTerminal(callA);
    const flagged = makeBooking(terminal.terminalId, EPOCH, 1, { orderId: 'FA-UNKNOWN' } as Partial<Booking>);
    await push(callB, terminal, [flagged]);
    const path = `/api/v1/review/booking:${flagged.id}/resolve`;
    const decision = { decision: 'reverse', reason: 'typo' };
    const answers = await Promise.all([asAdmin(callA, 'POST', path, decision), asAdmin(callB, 'POST', path, decision)]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    const queue = (await asAdmin(callB, 'GET', '/api/v1/review')).body as ReviewQueue;
    expect(queue.resolved).toHaveLength(1);
    expect(queue.items.find((item) => item.id === `booking:${flagged.id}`)).toBeUndefined();
    const audit = (await asAdmin(callA, 'GET', '/api/v1/admin/audit')).body as { audit: Array<{ action: string }> };
    expect(audit.audit.filter((entry) => entry.action === 'review.resolve')).toHaveLength(1);
    // One reversal was written: the second decision found the item decided before writing another.
    const client = new PgClient({ connectionString: databaseUrl });
    await client.connect();
    try {
      const reversals = await client.query("SELECT id FROM bookings WHERE type = 'booking.reverse'");
      expect(reversals.rows).toEqual([
        {
          id: (answers.find((answer) => answer.status === 200)?.body as { reversalBookingId: string })
            .reversalBookingId,
        },
      ]);
    } finally {
      await client.end();
    }
  });
});
