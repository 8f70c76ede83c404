import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PullResponse, PushResponse } from '@shared/protocol';
import { SYNC_ROUTES } from '@shared/protocol';
import { createServer } from '../app';
import { encodeCursor, decodeCursor } from '../master-data/cursor';
import { pgTestAvailability, startPgCluster, type PgCluster } from '../testing/pg-cluster';
import { makeBooking, TEST_ADMIN_TOKEN, TEST_ENROLLMENT_CODE } from '../testing/test-server';
import { createPgServer } from './pg/pg-server';

// The sync contract, run against both stores through the real HTTP server on 127.0.0.1: the same requests
// must get the same answers and leave the same rows, whichever database is behind the server.

interface Running {
  baseUrl: string;
  /** Rows in one table, read straight from the store. */
  countRows(table: string): Promise<number>;
  close(): Promise<void>;
}

interface StoreUnderTest {
  name: 'sqlite' | 'postgres';
  skipReason?: string;
  start(): Promise<Running>;
}

const pg = pgTestAvailability();
let cluster: PgCluster | undefined;

beforeAll(async () => {
  if (!pg.isAvailable) return;
  cluster = await startPgCluster();
  console.info(`PostgreSQL test cluster started in ${cluster.startMs} ms`);
}, 60_000);
afterAll(async () => {
  await cluster?.stop();
});

async function listen(app: { listen(options: { port: number; host: string }): Promise<string> }) {
  return app.listen({ port: 0, host: '127.0.0.1' });
}

const STORES: StoreUnderTest[] = [
  {
    name: 'sqlite',
    async start() {
      const dataDir = mkdtempSync(join(tmpdir(), 'takt-conformance-'));
      const server = await createServer({
        dataDir,
        enrollmentCode: TEST_ENROLLMENT_CODE,
        adminToken: TEST_ADMIN_TOKEN,
      });
      return {
        baseUrl: await listen(server.app),
        countRows: async (table) => server.db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number,
        async close() {
          await server.close();
          rmSync(dataDir, { recursive: true, force: true });
        },
      };
    },
  },
  {
    name: 'postgres',
    ...(pg.isAvailable ? {} : { skipReason: pg.reason }),
    async start() {
      if (!cluster) throw new Error('no PostgreSQL cluster');
      const dataDir = mkdtempSync(join(tmpdir(), 'takt-conformance-'));
      const server = await createPgServer({
        dataDir,
        databaseUrl: await cluster.createDatabase(),
        enrollmentCode: TEST_ENROLLMENT_CODE,
        adminToken: TEST_ADMIN_TOKEN,
      });
      return {
        baseUrl: await listen(server.app),
        async countRows(table) {
          const result = await server.storage.pool.query<{ count: number }>(
            `SELECT COUNT(*)::int AS count FROM ${table}`,
          );
          return result.rows[0]?.count ?? 0;
        },
        async close() {
          await server.close();
          rmSync(dataDir, { recursive: true, force: true });
        },
      };
    },
  },
];

const MASTER_DATA = {
  stations: [
    { id: 'ST-10', name: 'Drehzentrum 1' },
    { id: 'ST-20', name: 'Fräszentrum 2' },
  ],
  orders: ['FA1000004', 'FA1000005', 'FA1000006'].map((id) => ({
    id,
    number: id,
    material: 'WEL-4711',
    materialText: 'Antriebswelle',
    quantity: 100,
    unit: 'Stk',
    dueDate: '2026-03-01',
    status: 'released',
  })),
  operations: [
    {
      id: 'FA1000004-0010',
      orderId: 'FA1000004',
      number: '0010',
      text: 'Drehen',
      stationId: 'ST-10',
      setupMinutes: 30,
      cycleSeconds: 60,
      status: 'released',
    },
  ],
};

const EPOCH = 'epoch-a';

function defineContract(store: StoreUnderTest): void {
  let running: Running;
  let terminal: { terminalId: string; token: string };

  async function call(
    method: 'GET' | 'POST',
    path: string,
    options: { token?: string; body?: unknown; query?: Record<string, string | number> } = {},
  ): Promise<{ status: number; body: unknown }> {
    const url = new URL(path, running.baseUrl);
    for (const [key, value] of Object.entries(options.query ?? {})) url.searchParams.set(key, String(value));
    const response = await fetch(url, {
      method,
      headers: {
        ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }),
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
    return { status: response.status, body: (await response.json()) as unknown };
  }
  const admin = (body: unknown) => call('POST', '/api/v1/admin/import', { token: TEST_ADMIN_TOKEN, body });
  const enroll = async (stationId = 'ST-10', enrollmentCode = TEST_ENROLLMENT_CODE) =>
    call('POST', SYNC_ROUTES.enroll, { body: { stationId, enrollmentCode } });
  const push = async (bookings: unknown[], epoch = EPOCH, who = terminal) => {
    const response = await call('POST', SYNC_ROUTES.push, {
      token: who.token,
      body: { terminalId: who.terminalId, epoch, bookings },
    });
    expect(response.status).toBe(200);
    return response.body as PushResponse;
  };
  const pull = async (dataset: string, cursor?: string, limit?: number) =>
    call('GET', SYNC_ROUTES.pull, {
      token: terminal.token,
      query: { dataset, ...(cursor === undefined ? {} : { cursor }), ...(limit === undefined ? {} : { limit }) },
    });
  const alertKinds = () => running.countRows('alerts');

  beforeAll(async () => {
    running = await store.start();
    expect((await admin(MASTER_DATA)).status).toBe(200);
  }, 60_000);
  afterAll(async () => {
    await running.close();
  });
  // Every test gets its own terminal: its slots, acks and epochs start empty, the store stays shared.
  const freshTerminal = async () => {
    const enrolled = await enroll();
    expect(enrolled.status).toBe(201);
    terminal = enrolled.body as { terminalId: string; token: string };
    return terminal;
  };

  it('accepts new bookings, answers duplicates on a resend, and stores each once', async () => {
    await freshTerminal();
    const before = await running.countRows('bookings');
    const batch = [1, 2, 3].map((seq) => makeBooking(terminal.terminalId, EPOCH, seq));
    const first = await push(batch);
    expect(first.results.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted']);
    expect(first.ackedUpTo).toBe(3);
    const again = await push(batch);
    expect(again.results.map((r) => r.status)).toEqual(['duplicate', 'duplicate', 'duplicate']);
    expect(again.ackedUpTo).toBe(3);
    expect((await running.countRows('bookings')) - before).toBe(3);
  });

  it('flags review findings on accepted bookings the same way', async () => {
    await freshTerminal();
    const response = await push([makeBooking(terminal.terminalId, EPOCH, 1, { orderId: 'FA-UNKNOWN' })]);
    expect(response.results[0]).toMatchObject({ status: 'accepted' });
    expect(response.results[0]?.reason).toContain('unknown-order(FA-UNKNOWN)');
  });

  it('keeps a changed resend of a stored id as evidence, answers duplicate, and alerts once', async () => {
    await freshTerminal();
    const original = makeBooking(terminal.terminalId, EPOCH, 1);
    await push([original]);
    const [quarantinedBefore, alertsBefore] = [await running.countRows('quarantined_bookings'), await alertKinds()];
    const changed = { ...original, payload: { quantity: 99, unit: 'Stk' } };
    const first = await push([changed]);
    expect(first.results[0]).toMatchObject({ id: original.id, status: 'duplicate' });
    expect(first.results[0]?.reason).toContain('different content');
    await push([changed]);
    expect((await running.countRows('quarantined_bookings')) - quarantinedBefore).toBe(1);
    expect((await alertKinds()) - alertsBefore).toBe(1);
  });

  it('quarantines a new id in a taken slot (seq reused), once, and still acknowledges the slot', async () => {
    await freshTerminal();
    const original = makeBooking(terminal.terminalId, EPOCH, 1);
    await push([original]);
    const quarantinedBefore = await running.countRows('quarantined_bookings');
    const impostor = makeBooking(terminal.terminalId, EPOCH, 1);
    const answer = await push([impostor]);
    expect(answer.results[0]).toMatchObject({ id: impostor.id, status: 'quarantined' });
    expect(answer.results[0]?.reason).toBe(`seq 1 of epoch ${EPOCH} already holds booking ${original.id}`);
    expect(answer.ackedUpTo).toBe(1);
    await push([impostor]);
    expect((await running.countRows('quarantined_bookings')) - quarantinedBefore).toBe(1);
  });

  it('quarantines a stored id sent for another slot (id reused)', async () => {
    await freshTerminal();
    const original = makeBooking(terminal.terminalId, EPOCH, 1);
    await push([original]);
    const answer = await push([{ ...original, seq: 2 }]);
    expect(answer.results[0]).toMatchObject({ id: original.id, status: 'quarantined' });
    expect(answer.results[0]?.reason).toContain('id already stored as seq 1');
  });

  it('judges repeats inside one batch in order: same slot, same id, same content', async () => {
    await freshTerminal();
    const a = makeBooking(terminal.terminalId, EPOCH, 1);
    const b = makeBooking(terminal.terminalId, EPOCH, 1);
    const c = makeBooking(terminal.terminalId, EPOCH, 2);
    const answer = await push([a, b, c, c, { ...c, seq: 3 }]);
    expect(answer.results.map((r) => r.status)).toEqual([
      'accepted',
      'quarantined',
      'accepted',
      'duplicate',
      'quarantined',
    ]);
    expect(answer.ackedUpTo).toBe(2);
  });

  it('rejects what fails the schema or the envelope, keeps it once, and counts its slot for ackedUpTo', async () => {
    await freshTerminal();
    const before = await running.countRows('rejected_bookings');
    const good = makeBooking(terminal.terminalId, EPOCH, 2);
    const broken = { ...makeBooking(terminal.terminalId, EPOCH, 1), payload: { quantity: -3, unit: 'Stk' } };
    const batch = [broken, good, 'not a booking', makeBooking(terminal.terminalId, 'other-epoch', 3)];
    const answer = await push(batch);
    expect(answer.results.map((r) => r.status)).toEqual(['rejected', 'accepted', 'rejected', 'rejected']);
    expect(answer.results[0]?.reason).toContain('payload.quantity');
    expect(answer.results[2]).toMatchObject({ id: '#2' });
    expect(answer.results[3]?.reason).toBe('terminalId and epoch must match the push envelope');
    expect(answer.ackedUpTo).toBe(2);
    await push(batch);
    expect((await running.countRows('rejected_bookings')) - before).toBe(3);
  });

  it('takes seqs beyond 32 bits and objects with nothing in them without failing the push', async () => {
    await freshTerminal();
    const far = makeBooking(terminal.terminalId, EPOCH, 2 ** 40);
    const answer = await push([{ id: 'bare' }, { payload: null, stationId: 7 }, far]);
    expect(answer.results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'accepted']);
    expect(answer.ackedUpTo).toBe(0);
    expect((await push([far])).results[0]).toMatchObject({ status: 'duplicate' });
  });

  it('rejects a booking for another station than the terminal was enrolled for, with an alert', async () => {
    await freshTerminal();
    const alertsBefore = await alertKinds();
    const answer = await push([makeBooking(terminal.terminalId, EPOCH, 1, { stationId: 'ST-20' })]);
    expect(answer.results[0]).toMatchObject({ status: 'rejected' });
    expect(answer.results[0]?.reason).toContain('station-mismatch');
    expect((await alertKinds()) - alertsBefore).toBe(1);
  });

  it('acknowledges up to the first hole, and past it once the hole is filled', async () => {
    await freshTerminal();
    const answer = await push([1, 2, 4].map((seq) => makeBooking(terminal.terminalId, EPOCH, seq)));
    expect(answer.ackedUpTo).toBe(2);
    expect((await push([makeBooking(terminal.terminalId, EPOCH, 3)])).ackedUpTo).toBe(4);
  });

  it('alerts when a terminal starts a new epoch, and keeps the epochs apart', async () => {
    await freshTerminal();
    await push([makeBooking(terminal.terminalId, EPOCH, 1)]);
    const alertsBefore = await alertKinds();
    const answer = await push([makeBooking(terminal.terminalId, 'epoch-b', 1)], 'epoch-b');
    expect(answer.results[0]).toMatchObject({ status: 'accepted' });
    expect(answer.ackedUpTo).toBe(1);
    expect((await alertKinds()) - alertsBefore).toBe(1);
  });

  it('answers 401 to unknown tokens and wrong codes, 404 to an unknown station', async () => {
    await freshTerminal();
    const unknown = await call('POST', SYNC_ROUTES.push, {
      token: 'not-a-token',
      body: { terminalId: terminal.terminalId, epoch: EPOCH, bookings: [] },
    });
    expect(unknown.status).toBe(401);
    expect((await enroll('ST-10', 'WRONG-CODE-1234')).status).toBe(401);
    expect((await enroll('ST-99')).status).toBe(404);
  });

  it('pulls master data in order, page by page, and then only what changed', async () => {
    await freshTerminal();
    const first = await pull('orders', undefined, 2);
    expect(first.status).toBe(200);
    const page1 = first.body as PullResponse;
    expect(page1.changes.map((c) => c.key)).toEqual(['FA1000004', 'FA1000005']);
    expect(page1.hasMore).toBe(true);
    const page2 = (await pull('orders', page1.cursor, 2)).body as PullResponse;
    expect(page2.changes.map((c) => c.key)).toEqual(['FA1000006']);
    expect(page2.hasMore).toBe(false);
    const idle = (await pull('orders', page2.cursor)).body as PullResponse;
    expect(idle.changes).toEqual([]);

    const changedOrder = { ...MASTER_DATA.orders[1], status: 'closed' };
    expect((await admin({ orders: [changedOrder], delete: { orders: ['FA1000006'] } })).status).toBe(200);
    const changes = (await pull('orders', idle.cursor)).body as PullResponse;
    expect(changes.changes).toEqual([
      { key: 'FA1000005', op: 'put', value: changedOrder },
      { key: 'FA1000006', op: 'delete' },
    ]);
    // Put back for the other tests.
    expect((await admin({ orders: MASTER_DATA.orders })).status).toBe(200);
  });

  it('answers a cursor of another generation with a reset and the whole dataset, and refuses garbage', async () => {
    await freshTerminal();
    const first = (await pull('stations')).body as PullResponse;
    const cursor = decodeCursor(first.cursor);
    if (!cursor) throw new Error('the server issued an unreadable cursor');
    const foreign = encodeCursor({ ...cursor, generation: 'other-generation' });
    const reset = (await pull('stations', foreign)).body as PullResponse;
    expect(reset.reset).toBe(true);
    expect(reset.changes.map((c) => c.key)).toEqual(['ST-10', 'ST-20']);
    const ahead = (await pull('stations', encodeCursor({ ...cursor, seq: cursor.seq + 1_000 }))).body as PullResponse;
    expect(ahead.reset).toBe(true);
    const garbage = await pull('stations', 'not-a-cursor');
    expect(garbage.status).toBe(400);
  });

  it('enrolls with an admin-created code for its station and uses, and not after revocation', async () => {
    const create = (body: unknown) => call('POST', '/api/v1/admin/enrollment-codes', { token: TEST_ADMIN_TOKEN, body });
    expect((await create({ stationId: 'ST-99', expiresInMinutes: 60, uses: 1 })).status).toBe(422);
    const once = (await create({ stationId: 'ST-10', expiresInMinutes: 60, uses: 1 })).body as {
      id: string;
      code: string;
    };
    expect((await enroll('ST-20', once.code)).status).toBe(401);
    expect((await enroll('ST-10', once.code.toLowerCase())).status).toBe(201);
    expect((await enroll('ST-10', once.code)).status).toBe(401);
    const spare = (await create({ expiresInMinutes: 60, uses: 5 })).body as { id: string; code: string };
    const revoked = await call('POST', `/api/v1/admin/enrollment-codes/${spare.id}/revoke`, {
      token: TEST_ADMIN_TOKEN,
      body: { reason: 'tablet lost' },
    });
    expect(revoked.status).toBe(200);
    expect((await enroll('ST-20', spare.code)).status).toBe(401);
    const listed = (await call('GET', '/api/v1/admin/enrollment-codes', { token: TEST_ADMIN_TOKEN })).body as {
      codes: Array<{ id: string; status: string; uses: number }>;
    };
    expect(listed.codes.find((code) => code.id === once.id)).toMatchObject({ status: 'used-up', uses: 1 });
    expect(listed.codes.find((code) => code.id === spare.id)).toMatchObject({ status: 'revoked', uses: 0 });
    expect(await running.countRows('admin_audit')).toBeGreaterThanOrEqual(3);
  });

  it('imports all or nothing: a broken reference writes nothing; each import done is in the audit trail', async () => {
    const before = await running.countRows('master_records');
    const auditBefore = await running.countRows('admin_audit');
    const broken = await admin({
      orders: [{ ...MASTER_DATA.orders[0], id: 'FA2000001', number: 'FA2000001' }],
      operations: [{ ...MASTER_DATA.operations[0], id: 'FA2000001-0010', orderId: 'FA-MISSING' }],
    });
    expect(broken.status).toBe(422);
    expect(await running.countRows('master_records')).toBe(before);
    const summary = await admin({ mode: 'replace', stations: MASTER_DATA.stations });
    expect(summary.body).toMatchObject({ datasets: { stations: { received: 2, written: 0, unchanged: 2 } } });
    // The refused import left no trace, the one that changed nothing is still an admin action on record.
    expect(await running.countRows('admin_audit')).toBe(auditBefore + 1);
  });

  it('flags a good quantity far above what is open, counting earlier pushes and reversals alike', async () => {
    // FA1000005: 100 planned; no cycle time, so only the open quantity (150 % of it by default) limits.
    const operation = { ...MASTER_DATA.operations[0], id: 'FA1000005-0010', orderId: 'FA1000005', cycleSeconds: 0 };
    expect((await admin({ operations: [operation] })).status).toBe(200);
    await freshTerminal();
    let seq = 0;
    const next = (type: 'quantity.good' | 'booking.reverse', payload: Record<string, unknown>) =>
      makeBooking(terminal.terminalId, EPOCH, ++seq, {
        type,
        orderId: 'FA1000005',
        operationId: operation.id,
        payload: payload as never,
      });
    const good = (quantity: number) => next('quantity.good', { quantity, unit: 'Stk' });
    const reverse = (booking: { id: string }) =>
      next('booking.reverse', { reversedBookingId: booking.id, reason: 'Tippfehler' });
    const quantityReviews = async (bookings: unknown[]) =>
      (await push(bookings)).results.map((result) => {
        expect(result.status).toBe('accepted');
        return (result.reason ?? '').split(/review: |; /).filter((finding) => finding.startsWith('quantity-'));
      });

    expect(await quantityReviews([good(60)])).toEqual([[]]);
    // 60 from the push before and 10 from this one: 30 open, 45 at most.
    const typo = good(61);
    expect(await quantityReviews([good(10), typo])).toEqual([[], ['quantity-above-open(61 > 45)']]);
    // Reversed in an earlier push: 70 good, 30 open again.
    expect(await quantityReviews([reverse(typo)])).toEqual([[]]);
    const stored = good(45);
    expect(await quantityReviews([stored])).toEqual([[]]);
    // 115 good: nothing open. A reversal in the same push, of a booking of this push or of a stored one, counts.
    const extra = good(5);
    expect(await quantityReviews([extra, reverse(extra), reverse(stored), good(45)])).toEqual([
      ['quantity-above-open(5 > 0)'],
      [],
      [],
      [],
    ]);
  });
}

for (const store of STORES) {
  if (store.skipReason !== undefined) {
    it.skip(`${store.name} store: skipped because ${store.skipReason}`, () => undefined);
    continue;
  }
  describe(`${store.name} store`, () => defineContract(store));
}

describe.skipIf(!pg.isAvailable)('postgres: several instances and plants on one database', () => {
  const instances: Array<Awaited<ReturnType<typeof createPgServer>>> = [];
  const dirs: string[] = [];
  let databaseUrl: string;
  const startInstance = async (plantId?: string) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'takt-conformance-'));
    dirs.push(dataDir);
    const server = await createPgServer({
      dataDir,
      databaseUrl,
      enrollmentCode: TEST_ENROLLMENT_CODE,
      adminToken: TEST_ADMIN_TOKEN,
      ...(plantId === undefined ? {} : { plantId }),
    });
    instances.push(server);
    return { server, baseUrl: await listen(server.app) };
  };
  const post = async (baseUrl: string, path: string, body: unknown, token?: string) => {
    const response = await fetch(new URL(path, baseUrl), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as unknown };
  };

  beforeAll(async () => {
    if (!cluster) throw new Error('no PostgreSQL cluster');
    databaseUrl = await cluster.createDatabase();
  });
  afterAll(async () => {
    for (const server of instances) await server.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('stores every booking once when two instances take the same pushes at the same time', async () => {
    const a = await startInstance();
    const b = await startInstance();
    expect((await post(a.baseUrl, '/api/v1/admin/import', MASTER_DATA, TEST_ADMIN_TOKEN)).status).toBe(200);
    const enrolled = await post(b.baseUrl, SYNC_ROUTES.enroll, {
      stationId: 'ST-10',
      enrollmentCode: TEST_ENROLLMENT_CODE,
    });
    const terminal = enrolled.body as { terminalId: string; token: string };
    const bookings = Array.from({ length: 60 }, (_, i) => makeBooking(terminal.terminalId, EPOCH, i + 1));
    // Overlapping windows of the outbox, each sent to both instances at once (a retry after a lost answer).
    const windows = [0, 10, 20, 30, 40].map((start) => bookings.slice(start, start + 20));
    const answers = await Promise.all(
      windows.flatMap((window) =>
        [a, b].map((instance) =>
          post(
            instance.baseUrl,
            SYNC_ROUTES.push,
            { terminalId: terminal.terminalId, epoch: EPOCH, bookings: window },
            terminal.token,
          ),
        ),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 200));
    const accepted = answers.flatMap((answer) =>
      (answer.body as PushResponse).results.filter((r) => r.status === 'accepted').map((r) => r.id),
    );
    expect(accepted.sort()).toEqual(bookings.map((booking) => booking.id).sort());
    const statuses = new Set(answers.flatMap((answer) => (answer.body as PushResponse).results.map((r) => r.status)));
    expect([...statuses].sort()).toEqual(['accepted', 'duplicate']);
    // The push that took the terminal's lock last saw every slot filled.
    expect(Math.max(...answers.map((answer) => (answer.body as PushResponse).ackedUpTo))).toBe(60);
    const stored = await a.server.storage.pool.query<{ count: number }>(
      'SELECT COUNT(*)::int AS count FROM bookings WHERE terminal_id = $1',
      [terminal.terminalId],
    );
    expect(stored.rows[0]?.count).toBe(60);

    // Two different bookings for one slot at the same time: one is stored, the other quarantined, none lost.
    const rivals = [makeBooking(terminal.terminalId, EPOCH, 61), makeBooking(terminal.terminalId, EPOCH, 61)];
    const clash = await Promise.all(
      rivals.map((booking, i) =>
        post(
          [a, b][i]?.baseUrl ?? a.baseUrl,
          SYNC_ROUTES.push,
          { terminalId: terminal.terminalId, epoch: EPOCH, bookings: [booking] },
          terminal.token,
        ),
      ),
    );
    expect(clash.map((answer) => (answer.body as PushResponse).results[0]?.status).sort()).toEqual([
      'accepted',
      'quarantined',
    ]);
  });

  it('keeps plants apart: terminals, tokens and master data of one plant are invisible to another', async () => {
    const plantA = await startInstance();
    const plantB = await startInstance('plant-b');
    const enrolledA = (
      await post(plantA.baseUrl, SYNC_ROUTES.enroll, { stationId: 'ST-10', enrollmentCode: TEST_ENROLLMENT_CODE })
    ).body as { terminalId: string; token: string };
    // Plant B has no stations yet, so it cannot enroll one; and A's token means nothing there.
    expect(
      (await post(plantB.baseUrl, SYNC_ROUTES.enroll, { stationId: 'ST-10', enrollmentCode: TEST_ENROLLMENT_CODE }))
        .status,
    ).toBe(404);
    const foreign = await post(
      plantB.baseUrl,
      SYNC_ROUTES.push,
      { terminalId: enrolledA.terminalId, epoch: EPOCH, bookings: [] },
      enrolledA.token,
    );
    expect(foreign.status).toBe(401);
    expect(
      (
        await post(
          plantB.baseUrl,
          '/api/v1/admin/import',
          { stations: [{ id: 'ST-90', name: 'Werk B' }] },
          TEST_ADMIN_TOKEN,
        )
      ).status,
    ).toBe(200);
    const enrolledB = (
      await post(plantB.baseUrl, SYNC_ROUTES.enroll, { stationId: 'ST-90', enrollmentCode: TEST_ENROLLMENT_CODE })
    ).body as { terminalId: string; token: string };
    const pulled = await fetch(new URL(`${SYNC_ROUTES.pull}?dataset=stations`, plantB.baseUrl), {
      headers: { authorization: `Bearer ${enrolledB.token}` },
    });
    expect(((await pulled.json()) as PullResponse).changes.map((c) => c.key)).toEqual(['ST-90']);
  });

  it('serves the web terminal and terminal updates; an unknown API path is a 404 as on SQLite', async () => {
    // Every /api route of the SQLite server is served here now, so the former 501 answer is gone.
    const site = mkdtempSync(join(tmpdir(), 'takt-conformance-site-'));
    const updates = mkdtempSync(join(tmpdir(), 'takt-conformance-updates-'));
    dirs.push(site, updates);
    writeFileSync(join(site, 'index.html'), '<!doctype html><title>Takt</title>');
    writeFileSync(join(updates, 'latest.yml'), 'version: 9.9.9\n');
    const dataDir = mkdtempSync(join(tmpdir(), 'takt-conformance-'));
    dirs.push(dataDir);
    const server = await createPgServer({
      dataDir,
      databaseUrl,
      adminToken: TEST_ADMIN_TOKEN,
      staticDir: site,
      updatesDir: updates,
    });
    instances.push(server);
    const baseUrl = await listen(server.app);
    const page = await fetch(new URL('/orders/FA1000004', baseUrl));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Takt</title>');
    const feed = await fetch(new URL('/updates/latest.yml', baseUrl));
    expect(feed.headers.get('cache-control')).toBe('no-cache');
    expect(await feed.text()).toBe('version: 9.9.9\n');
    const unknown = await fetch(new URL('/api/v1/nothing-here', baseUrl));
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 'not-found' } });
  });
});
