import { pbkdf2Sync, createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OperatorSchema, StationSchema } from '@shared/master-data';
import type { PullResponse } from '@shared/protocol';
import { encodeCursor } from '../master-data/cursor';
import { DEMO_OPERATORS } from '../seed/demo-plant';
import { startTestServer, type TestServer } from '../testing/test-server';

let server: TestServer;
let token: string;

beforeEach(async () => {
  server = await startTestServer();
  ({ token } = await server.enroll());
});
afterEach(async () => {
  await server.dispose();
});

async function pull(query: Record<string, string | number>) {
  const response = await server.pull(token, query);
  return { status: response.statusCode, body: response.json<PullResponse>() };
}

/** Pulls a dataset page by page from `cursor` until hasMore is false. */
async function pullAll(dataset: string, limit: number, cursor?: string) {
  const pages: PullResponse[] = [];
  let next = cursor;
  do {
    const { status, body } = await pull({ dataset, limit, ...(next === undefined ? {} : { cursor: next }) });
    expect(status).toBe(200);
    pages.push(body);
    next = body.cursor;
  } while (pages.at(-1)?.hasMore);
  return { pages, cursor: next ?? '', changes: pages.flatMap((p) => p.changes) };
}

describe('pull', () => {
  it('pages through a dataset with cursor and limit', async () => {
    const { pages, changes } = await pullAll('orders', 7);
    expect(pages.map((p) => p.changes.length)).toEqual([7, 7, 6]);
    expect(pages.map((p) => p.hasMore)).toEqual([true, true, false]);
    expect(changes.map((c) => c.key)).toEqual(Array.from({ length: 20 }, (_, i) => `FA${1_000_001 + i}`));
    expect(changes.every((c) => c.op === 'put')).toBe(true);
    const last = await pull({ dataset: 'orders', cursor: pages.at(-1)?.cursor ?? '' });
    expect(last.body).toMatchObject({ changes: [], hasMore: false });
  });

  it('sends only what changed since the cursor, including deletes', async () => {
    const { cursor } = await pullAll('stations', 100);
    const imported = await server.admin('POST', '/api/v1/admin/import', {
      stations: [{ id: 'ST-50', name: 'Lackiererei', area: 'Oberfläche' }],
      delete: { stations: ['ST-30'] },
    });
    expect(imported.statusCode).toBe(200);
    const { changes } = await pullAll('stations', 100, cursor);
    expect(changes).toEqual([
      { key: 'ST-50', op: 'put', value: StationSchema.parse({ id: 'ST-50', name: 'Lackiererei', area: 'Oberfläche' }) },
      { key: 'ST-30', op: 'delete' },
    ]);
  });

  it('answers reset and starts over for a cursor of an older generation', async () => {
    const { cursor, changes: before } = await pullAll('reasons', 100);
    await server.admin('POST', '/api/v1/admin/import', { delete: { reasons: ['S05'] } });
    expect((await server.admin('POST', '/api/v1/admin/datasets/reasons/compact')).statusCode).toBe(200);
    const after = await pull({ dataset: 'reasons', cursor });
    expect(after.body.reset).toBe(true);
    expect(after.body.changes).toHaveLength(before.length - 1);
    expect(after.body.changes.some((c) => c.key === 'S05')).toBe(false);
    const next = await pull({ dataset: 'reasons', cursor: after.body.cursor });
    expect(next.body.reset).toBeUndefined();
    expect(next.body.changes).toEqual([]);
  });

  it('answers reset for a cursor of another dataset or one ahead of the server', async () => {
    const { cursor: ordersCursor } = await pullAll('orders', 100);
    expect((await pull({ dataset: 'shifts', cursor: ordersCursor })).body).toMatchObject({
      reset: true,
      hasMore: false,
    });
    const ahead = encodeCursor({ dataset: 'shifts', generation: 'unknown', seq: 10 ** 9 });
    expect((await pull({ dataset: 'shifts', cursor: ahead })).body.reset).toBe(true);
  });

  it.each([
    'garbage',
    'eyJ2IjoxfQ',
    encodeCursor({ dataset: 'orders', generation: 'g', seq: 1 }).slice(0, -3) + '!!!',
    '%%%',
  ])('answers 400 invalid-cursor for %s', async (cursor) => {
    const { status, body } = await pull({ dataset: 'orders', cursor });
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: { code: expect.stringMatching(/invalid-cursor|invalid-request/) } });
  });

  it.each([
    [{ dataset: 'secrets' }],
    [{ dataset: 'orders', limit: 0 }],
    [{ dataset: 'orders', limit: 'many' }],
    [{ dataset: 'orders', limit: 100_000 }],
    [{ dataset: 'orders', surprise: 1 }],
  ])('answers 400 for the query %j', async (query) => {
    expect((await pull(query)).status).toBe(400);
  });

  it('needs a terminal token', async () => {
    const response = await server.request({ method: 'GET', url: '/api/v1/sync/pull?dataset=orders' });
    expect(response.statusCode).toBe(401);
    const admin = await server.request({
      method: 'GET',
      url: '/api/v1/sync/pull?dataset=orders',
      headers: { authorization: 'Bearer nope' },
    });
    expect(admin.statusCode).toBe(401);
  });

  it('sends operator badges and PINs only as hashes', async () => {
    const response = await server.pull(token, { dataset: 'operators' });
    for (const demo of DEMO_OPERATORS) {
      expect(response.body).not.toContain(demo.badgeUid);
      expect(response.body).not.toContain(`"${demo.pin}"`);
    }
    const changes = response.json<PullResponse>().changes;
    expect(changes).toHaveLength(DEMO_OPERATORS.length);
    const anna = OperatorSchema.parse(changes.find((c) => c.key === 'P-1001')?.value);
    expect(anna.badgeHash).toBe(createHash('sha256').update(`${anna.badgeSalt}04A1B2C3`).digest('hex'));
    expect(anna.pin?.iterations).toBeGreaterThanOrEqual(100_000);
    const pin = anna.pin;
    // Bound to the badge: PBKDF2 over UID and PIN (shared/security/pin-credential.ts), never over the PIN alone.
    const password = 'takt-pin-v1\u000004A1B2C3\u00001234';
    expect(pin && pbkdf2Sync(password, pin.salt, pin.iterations, 32, 'sha256').toString('hex')).toBe(pin?.hash);
  });
});
