import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PushResponse } from '@shared/protocol';
import { makeBooking, startTestServer, type TestServer } from '../testing/test-server';

// Ingest hardening: what a broken, misconfigured or hostile terminal can send, and what the server keeps of it.

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

const alerts = async () =>
  (await server.admin('GET', '/api/v1/admin/alerts')).json<{
    alerts: Array<{ kind: string; severity: string; message: string; details?: Record<string, unknown> }>;
  }>().alerts;
const quarantined = async () =>
  (await server.admin('GET', '/api/v1/admin/quarantined')).json<{
    quarantined: Array<{ id: string; seq: number; kind: string; conflictsWithId: string; booking: unknown }>;
  }>().quarantined;
const rejected = async () =>
  (await server.admin('GET', '/api/v1/admin/rejected')).json<{
    rejected: Array<{ seq?: number; itemId: string; reason: string; raw: string }>;
  }>().rejected;

describe('a token speaks for its station only', () => {
  it('rejects a booking for another station, keeps it as evidence, alerts once, and does not stall ackedUpTo', async () => {
    const t = terminal.terminalId;
    // ST-10's terminal books 999,999 pieces on an operation of ST-20.
    const forged = makeBooking(t, EPOCH, 1, {
      stationId: 'ST-20',
      orderId: 'FA1000001',
      operationId: 'FA1000001-0020',
      payload: { quantity: 999_999, unit: 'Stk' },
    });
    const honest = makeBooking(t, EPOCH, 2);
    const { response, body } = await push([forged, honest]);
    expect(response.statusCode).toBe(200);
    expect(body.results).toEqual([
      {
        id: forged.id,
        status: 'rejected',
        reason: 'station-mismatch: booking for ST-20, terminal enrolled for ST-10',
      },
      { id: honest.id, status: 'accepted' },
    ]);
    expect(body.ackedUpTo).toBe(2);
    expect(server.countRows().bookings).toBe(1);
    const kept = await rejected();
    expect(kept).toEqual([expect.objectContaining({ seq: 1, itemId: forged.id })]);
    expect(JSON.parse(kept[0]?.raw ?? '')).toEqual(forged);

    const again = await push([forged]);
    expect(again.body.results[0]).toMatchObject({ status: 'rejected' });
    expect(await alerts()).toEqual([
      expect.objectContaining({
        kind: 'station-mismatch',
        severity: 'critical',
        details: expect.objectContaining({ bookingStationId: 'ST-20', enrolledStationId: 'ST-10' }),
      }),
    ]);
  });
});

describe('the same id again', () => {
  it('keeps and alerts every distinct reuse of an id that is already quarantined, but not a plain resend', async () => {
    const original = makeBooking(terminal.terminalId, EPOCH, 1);
    await push([original]);
    const reuse = (seq: number) => ({ ...original, seq });
    expect((await push([reuse(2)])).body.results[0]).toMatchObject({ status: 'quarantined' });
    expect((await push([reuse(3)])).body.results[0]).toMatchObject({ status: 'quarantined' });
    expect((await push([reuse(3)])).body.results[0]).toMatchObject({ status: 'quarantined' });

    expect((await quarantined()).map((q) => [q.id, q.seq, q.kind])).toEqual([
      [original.id, 2, 'id-reused'],
      [original.id, 3, 'id-reused'],
    ]);
    expect((await alerts()).map((a) => a.kind)).toEqual(['id-reused', 'id-reused']);
  });

  it('answers a changed copy in the same slot as duplicate, keeps it as evidence and alerts once', async () => {
    const original = makeBooking(terminal.terminalId, EPOCH, 1);
    await push([original]);
    // Keys in another order and padding the schema trims away are not a change.
    const reordered = Object.fromEntries(Object.entries({ ...original, stationId: ' ST-10 ' }).reverse());
    expect((await push([reordered])).body.results[0]).toEqual({ id: original.id, status: 'duplicate' });
    const changed = { ...original, payload: { quantity: 500, unit: 'Stk' } };
    const { body } = await push([changed]);
    expect(body.results[0]).toMatchObject({ id: original.id, status: 'duplicate', reason: expect.any(String) });
    expect(body.ackedUpTo).toBe(1);
    await push([changed]);

    expect(await quarantined()).toEqual([
      expect.objectContaining({
        id: original.id,
        kind: 'duplicate-differs',
        conflictsWithId: original.id,
        booking: expect.objectContaining({ payload: { quantity: 500, unit: 'Stk' } }),
      }),
    ]);
    expect((await alerts()).map((a) => [a.kind, a.severity])).toEqual([['duplicate-differs', 'critical']]);
    expect(server.countRows().bookings).toBe(1);
  });
});

describe('rejected items that cannot be stored as sent', () => {
  it('keeps two different too-deeply nested bookings apart, so ackedUpTo passes both', async () => {
    const deep = '['.repeat(20_000) + ']'.repeat(20_000);
    const item = (seq: number) =>
      JSON.stringify({ ...makeBooking(terminal.terminalId, EPOCH, seq), payload: '@' }).replace('"@"', deep);
    const body = `{"terminalId":"${terminal.terminalId}","epoch":"${EPOCH}","bookings":[${item(1)},${item(2)}]}`;
    const response = await server.request({
      method: 'POST',
      url: '/api/v1/sync/push',
      headers: { authorization: `Bearer ${terminal.token}`, 'content-type': 'application/json' },
      payload: body,
    });
    expect(response.statusCode).toBe(200);
    const answer = response.json<PushResponse>();
    expect(answer.results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(answer.ackedUpTo).toBe(2);
    const kept = await rejected();
    expect(kept.map((r) => r.seq)).toEqual([1, 2]);
    expect(kept[0]?.raw).toContain('nested too deeply');
    expect(kept[0]?.raw).not.toBe(kept[1]?.raw);
    expect((await push([makeBooking(terminal.terminalId, EPOCH, 3)])).body.ackedUpTo).toBe(3);
  });
});

describe('identifiers must be well-formed Unicode', () => {
  it('refuses an envelope with a lone surrogate with 400, storing nothing', async () => {
    const before = server.countRows();
    const { response } = await push([makeBooking(terminal.terminalId, 'ep\uD800', 1)], { epoch: 'ep\uD800' });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      error: { code: 'invalid-request', details: [expect.stringMatching(/^epoch: .*well-formed/)] },
    });
    expect(server.countRows()).toEqual(before);
  });

  it('rejects a booking with a lone surrogate in an identifier, naming the field', async () => {
    const t = terminal.terminalId;
    const bad = makeBooking(t, EPOCH, 1, { operatorId: 'P-1001\uDC00' });
    const { body } = await push([bad, makeBooking(t, EPOCH, 2)]);
    expect(body.results[0]).toMatchObject({
      id: bad.id,
      status: 'rejected',
      reason: expect.stringMatching(/^operatorId: .*well-formed/),
    });
    expect(body.ackedUpTo).toBe(2);
    expect(server.countRows().bookings).toBe(1);
    // Kept exactly as sent: the JSON text escapes the lone half instead of replacing it with U+FFFD.
    expect(JSON.parse((await rejected())[0]?.raw ?? '')).toEqual(bad);
  });

  it('refuses to enroll a station id with a lone surrogate', async () => {
    const response = await server.request({
      method: 'POST',
      url: '/api/v1/terminals/enroll',
      payload: { stationId: 'ST-10\uD800', enrollmentCode: 'TEST-CODE' },
    });
    expect(response.statusCode).toBe(400);
  });
});

describe('push content type', () => {
  it('answers a JSON body sent as text/plain with 415, storing nothing', async () => {
    const before = server.countRows();
    const response = await server.request({
      method: 'POST',
      url: '/api/v1/sync/push',
      headers: { authorization: `Bearer ${terminal.token}`, 'content-type': 'text/plain' },
      payload: JSON.stringify({
        terminalId: terminal.terminalId,
        epoch: EPOCH,
        bookings: [makeBooking(terminal.terminalId, EPOCH, 1)],
      }),
    });
    expect(response.statusCode).toBe(415);
    expect(response.json()).toMatchObject({ error: { code: 'unsupported-media-type' } });
    expect(server.countRows()).toEqual(before);
  });
});
