import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_PUSH_BATCH, type PushResponse } from '@shared/protocol';
import { makeBooking, startTestServer, type TestServer } from '../testing/test-server';

let server: TestServer;
let terminal: { terminalId: string; token: string };
const EPOCH = 'epoch-a';

beforeEach(async () => {
  server = await startTestServer();
  terminal = await server.enroll('ST-10');
});
afterEach(async () => {
  await server.dispose();
});

async function push(bookings: unknown[], envelope: Partial<{ terminalId: string; epoch: string }> = {}) {
  const response = await server.push(terminal.token, {
    terminalId: terminal.terminalId,
    epoch: EPOCH,
    bookings,
    ...envelope,
  });
  return { response, body: response.json<PushResponse>() };
}

const adminBookings = async (query = '') =>
  (await server.admin('GET', `/api/v1/admin/bookings${query}`)).json<{
    bookings: Array<{ review?: string[]; booking: { id: string } }>;
  }>();

describe('push', () => {
  it('accepts new bookings, answers duplicates on a resend, and stores each once', async () => {
    const batch = [1, 2, 3].map((seq) => makeBooking(terminal.terminalId, EPOCH, seq));
    const first = await push(batch);
    expect(first.response.statusCode).toBe(200);
    expect(first.body.results.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted']);
    expect(first.body.ackedUpTo).toBe(3);
    expect(typeof first.body.serverTime).toBe('number');

    const again = await push(batch);
    expect(again.body.results.map((r) => r.status)).toEqual(['duplicate', 'duplicate', 'duplicate']);
    expect(again.body.ackedUpTo).toBe(3);
    expect(server.countRows().bookings).toBe(3);
    expect((await adminBookings()).bookings.map((b) => b.booking.id)).toEqual(batch.map((b) => b.id));
  });

  it('quarantines a new id in a slot that is taken, and raises a critical alert once', async () => {
    const original = makeBooking(terminal.terminalId, EPOCH, 1);
    await push([original]);
    const impostor = makeBooking(terminal.terminalId, EPOCH, 1);
    const { body } = await push([impostor]);
    expect(body.results[0]).toMatchObject({ id: impostor.id, status: 'quarantined' });
    expect(body.results[0]?.reason).toContain(original.id);
    await push([impostor]);

    const rows = server.countRows();
    expect(rows.bookings).toBe(1);
    expect(rows.quarantined_bookings).toBe(1);
    const alerts = (await server.admin('GET', '/api/v1/admin/alerts')).json<{
      alerts: Array<{ kind: string; severity: string }>;
    }>().alerts;
    expect(alerts).toEqual([expect.objectContaining({ kind: 'seq-reused', severity: 'critical' })]);
    const quarantined = (await server.admin('GET', '/api/v1/admin/quarantined')).json<{
      quarantined: Array<{ id: string; conflictsWithId: string }>;
    }>();
    expect(quarantined.quarantined).toEqual([
      expect.objectContaining({ id: impostor.id, conflictsWithId: original.id }),
    ]);
  });

  it('quarantines the second of two bookings in one batch that share a slot', async () => {
    const { body } = await push([
      makeBooking(terminal.terminalId, EPOCH, 1),
      makeBooking(terminal.terminalId, EPOCH, 1),
    ]);
    expect(body.results.map((r) => r.status)).toEqual(['accepted', 'quarantined']);
  });

  it('rejects what fails the schema, keeps it raw, and still processes the rest of the batch', async () => {
    const good = makeBooking(terminal.terminalId, EPOCH, 2);
    const broken = { ...makeBooking(terminal.terminalId, EPOCH, 1), payload: { quantity: -3, unit: 'Stk' } };
    const { response, body } = await push([broken, good, 'not a booking']);
    expect(response.statusCode).toBe(200);
    expect(body.results[0]).toMatchObject({ id: broken.id, status: 'rejected' });
    expect(body.results[0]?.reason).toContain('payload.quantity');
    expect(body.results[1]).toEqual({ id: good.id, status: 'accepted' });
    expect(body.results[2]).toMatchObject({ id: '#2', status: 'rejected' });
    // The rejected seq 1 is this terminal's slot: it does not hold ackedUpTo back forever.
    expect(body.ackedUpTo).toBe(2);
    const rejected = (await server.admin('GET', '/api/v1/admin/rejected')).json<{
      rejected: Array<{ raw: string; itemId: string }>;
    }>().rejected;
    expect(rejected).toHaveLength(2);
    expect(JSON.parse(rejected[0]?.raw ?? '')).toEqual(broken);
    expect(rejected[1]?.raw).toBe('"not a booking"');
  });

  it('rejects a booking whose terminal or epoch differs from the envelope', async () => {
    const foreign = makeBooking('someone-else', EPOCH, 1);
    const otherEpoch = makeBooking(terminal.terminalId, 'epoch-b', 1);
    const { body } = await push([foreign, otherEpoch]);
    expect(body.results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(body.ackedUpTo).toBe(0);
    expect(server.countRows().bookings).toBe(0);
  });

  it('stores bookings that break business rules and marks them for review', async () => {
    const t = terminal.terminalId;
    const { body } = await push([
      makeBooking(t, EPOCH, 1, { orderId: 'FA9999999', operationId: 'FA9999999-0010' }),
      makeBooking(t, EPOCH, 2, { orderId: 'FA1000020', operationId: 'FA1000020-0010' }),
      makeBooking(t, EPOCH, 3, { type: 'quantity.scrap', payload: { quantity: 1, unit: 'Stk', reasonCode: 'NOPE' } }),
      makeBooking(t, EPOCH, 4, {
        type: 'downtime.start',
        orderId: undefined,
        operationId: undefined,
        payload: { reasonCode: 'S01' },
      }),
      makeBooking(t, EPOCH, 5),
    ]);
    expect(body.results.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted', 'accepted', 'accepted']);
    expect(body.results[0]?.reason).toMatch(/unknown-order\(FA9999999\).*unknown-operation/);
    expect(body.results[1]?.reason).toContain('order-closed(FA1000020)');
    expect(body.results[2]?.reason).toContain('unknown-reason(NOPE)');
    expect(body.results[3]?.reason).toContain('reason-kind-mismatch(S01:scrap)');
    expect(body.results[4]?.reason).toBeUndefined();
    const flagged = await adminBookings('?review=true');
    expect(flagged.bookings).toHaveLength(4);
    expect(flagged.bookings[1]?.review).toEqual(['order-closed(FA1000020)']);
  });

  it('advances ackedUpTo only over contiguous seqs when batches arrive out of order', async () => {
    const b = (seq: number) => makeBooking(terminal.terminalId, EPOCH, seq);
    expect((await push([b(3), b(4)])).body.ackedUpTo).toBe(0);
    expect((await push([b(1)])).body.ackedUpTo).toBe(1);
    expect((await push([b(6)])).body.ackedUpTo).toBe(1);
    expect((await push([b(2)])).body.ackedUpTo).toBe(4);
    expect((await push([b(5)])).body.ackedUpTo).toBe(6);
    // Another epoch of the same terminal counts from 1 on its own, and is reported as a recreated database.
    const other = await push([makeBooking(terminal.terminalId, 'epoch-b', 1, {})], { epoch: 'epoch-b' });
    expect(other.body.ackedUpTo).toBe(1);
    const alerts = (await server.admin('GET', '/api/v1/admin/alerts')).json<{ alerts: Array<{ kind: string }> }>()
      .alerts;
    expect(alerts.map((a) => a.kind)).toEqual(['terminal-new-epoch']);
  });

  it('alerts once when a gap persists while later seqs keep arriving', async () => {
    await server.dispose();
    let clock = 1_800_000_000_000;
    server = await startTestServer({ now: () => clock });
    terminal = await server.enroll();
    const b = (seq: number) => makeBooking(terminal.terminalId, EPOCH, seq, { occurredAt: clock });
    await push([b(1), b(3)]);
    clock += 11 * 60_000;
    await push([b(4)]);
    await push([b(5)]);
    const alerts = (await server.admin('GET', '/api/v1/admin/alerts')).json<{
      alerts: Array<{ kind: string; message: string }>;
    }>().alerts;
    expect(alerts).toEqual([
      expect.objectContaining({ kind: 'seq-gap', message: expect.stringContaining('seq 2 still missing') }),
    ]);
  });
});

describe('push: refused requests store nothing', () => {
  const validBody = () => ({
    terminalId: terminal.terminalId,
    epoch: EPOCH,
    bookings: [makeBooking(terminal.terminalId, EPOCH, 1)],
  });

  it.each([
    ['no header', {}],
    ['a wrong token', { authorization: 'Bearer wrong-token-wrong-token-wrong-token' }],
    ['another scheme', { authorization: `Basic ${'x'.repeat(20)}` }],
  ])('401 with %s', async (_name, headers) => {
    const before = server.countRows();
    const response = await server.request({ method: 'POST', url: '/api/v1/sync/push', headers, payload: validBody() });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ error: { code: 'unauthorized' } });
    expect(server.countRows()).toEqual(before);
  });

  it("403 when terminal A's token pushes for terminal B", async () => {
    const other = await server.enroll('ST-20');
    const before = server.countRows();
    const response = await server.push(terminal.token, { ...validBody(), terminalId: other.terminalId });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ error: { code: 'terminal-mismatch' } });
    expect(server.countRows()).toEqual(before);
  });

  it.each([
    ['an empty batch', (body: ReturnType<typeof validBody>) => ({ ...body, bookings: [] })],
    ['bookings not an array', (body: ReturnType<typeof validBody>) => ({ ...body, bookings: { 0: body.bookings[0] } })],
    ['a missing epoch', ({ epoch: _e, ...body }: ReturnType<typeof validBody>) => body],
    ['an extra envelope key', (body: ReturnType<typeof validBody>) => ({ ...body, extra: true })],
    ['an array instead of an object', (body: ReturnType<typeof validBody>) => [body]],
  ])('400 for %s', async (_name, mutate) => {
    const before = server.countRows();
    const response = await server.push(terminal.token, mutate(validBody()));
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { code: 'invalid-request', details: expect.any(Array) } });
    expect(server.countRows()).toEqual(before);
  });

  it('400 for broken JSON', async () => {
    const response = await server.request({
      method: 'POST',
      url: '/api/v1/sync/push',
      headers: { authorization: `Bearer ${terminal.token}`, 'content-type': 'application/json' },
      payload: '{"terminalId": "x", "bookings": [',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { code: 'malformed-json' } });
  });

  it(`400 batch-too-large above ${MAX_PUSH_BATCH} bookings`, async () => {
    const bookings = Array.from({ length: MAX_PUSH_BATCH + 1 }, (_, i) =>
      makeBooking(terminal.terminalId, EPOCH, i + 1),
    );
    const before = server.countRows();
    const response = await server.push(terminal.token, { terminalId: terminal.terminalId, epoch: EPOCH, bookings });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { code: 'batch-too-large' } });
    expect(server.countRows()).toEqual(before);
  });

  it('413 for a body over the limit', async () => {
    const booking = { ...makeBooking(terminal.terminalId, EPOCH, 1), masterDataVersion: 'x'.repeat(3 * 1024 * 1024) };
    const before = server.countRows();
    const response = await server.push(terminal.token, {
      terminalId: terminal.terminalId,
      epoch: EPOCH,
      bookings: [booking],
    });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ error: { code: 'payload-too-large' } });
    expect(server.countRows()).toEqual(before);
  });
});

describe('concurrent pushes', () => {
  it('answers every terminal correctly when many push at once', async () => {
    const terminals = await Promise.all(Array.from({ length: 20 }, () => server.enroll('ST-20')));
    const responses = await Promise.all(
      terminals.flatMap((t) =>
        [1, 2].map((part) =>
          server.push(t.token, {
            terminalId: t.terminalId,
            epoch: EPOCH,
            bookings: [1, 2, 3].map((i) =>
              makeBooking(t.terminalId, EPOCH, (part - 1) * 3 + i, { stationId: 'ST-20' }),
            ),
          }),
        ),
      ),
    );
    expect(responses.every((r) => r.statusCode === 200)).toBe(true);
    const acked = responses.map((r) => r.json<PushResponse>().ackedUpTo);
    // The second push of a terminal may be stored in the same commit as the first, or before it.
    expect(acked.every((a) => a === 0 || a === 3 || a === 6)).toBe(true);
    expect(server.countRows().bookings).toBe(120);
    const terminalsView = (await server.admin('GET', '/api/v1/admin/terminals')).json<{
      terminals: Array<{ epochs: Array<{ ackedUpTo: number }> }>;
    }>();
    expect(terminalsView.terminals.filter((t) => t.epochs[0]?.ackedUpTo === 6)).toHaveLength(20);
  });
});
