import type { LightMyRequestResponse } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReviewQueue } from '@shared/review';
import { SERVER_EPOCH, SERVER_TERMINAL_ID } from '../review/server-terminal';
import { makeBooking, startTestServer, type TestServer } from '../testing/test-server';

// The review queue against a real server and SQLite: what is listed, who decides, and that a reversal is a
// real booking.reverse stored as the server's own terminal.

let server: TestServer;
let leadCookie: string;
beforeEach(async () => {
  server = await startTestServer();
  const login = await server.request({
    method: 'POST',
    url: '/api/v1/lead/login',
    payload: { badge: '04A1B2D1', pin: '2468' },
  });
  leadCookie = String(login.headers['set-cookie']).split(';')[0] ?? '';
});
afterEach(async () => {
  await server.dispose();
});

const asLead = (method: 'GET' | 'POST', url: string, payload?: object, headers: Record<string, string> = {}) =>
  server.request({ method, url, headers: { cookie: leadCookie, ...headers }, ...(payload ? { payload } : {}) });
const queue = async () => (await asLead('GET', '/api/v1/review')).json<ReviewQueue>();
const resolve = (id: string, body: object, headers?: Record<string, string>): Promise<LightMyRequestResponse> =>
  asLead('POST', `/api/v1/review/${encodeURIComponent(id)}/resolve`, body, headers);

async function pushFlagged(): Promise<{ terminalId: string; token: string; flaggedId: string }> {
  const terminal = await server.enroll('ST-10');
  const flagged = makeBooking(terminal.terminalId, 'e', 1, { orderId: 'FA1000019', operationId: 'FA1000019-0010' });
  const fine = makeBooking(terminal.terminalId, 'e', 2);
  const response = await server.push(terminal.token, {
    terminalId: terminal.terminalId,
    epoch: 'e',
    bookings: [flagged, fine],
  });
  expect(response.statusCode).toBe(200);
  return { ...terminal, flaggedId: flagged.id };
}

describe('review queue', () => {
  it('lists flagged bookings with their findings and operator, and records an accept with who and when', async () => {
    const { flaggedId } = await pushFlagged();
    const open = await queue();
    expect(open.openCount).toBe(1);
    expect(open.items).toEqual([
      expect.objectContaining({
        id: `booking:${flaggedId}`,
        kind: 'flagged',
        stationId: 'ST-10',
        findings: ['order-closed(FA1000019)'],
        operatorName: 'Anna Berger',
      }),
    ]);

    const accepted = await resolve(`booking:${flaggedId}`, { decision: 'accept', reason: 'Nachbuchung erlaubt' });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({
      itemId: `booking:${flaggedId}`,
      decision: 'accept',
      resolvedBy: 'P-2001',
      resolvedByName: 'Sabine Krüger',
    });
    const after = await queue();
    expect(after.items).toEqual([]);
    expect(after.resolved.map((r) => r.itemId)).toEqual([`booking:${flaggedId}`]);
    expect((await resolve(`booking:${flaggedId}`, { decision: 'reverse', reason: 'x' })).statusCode).toBe(409);
    const audit = (await server.admin('GET', '/api/v1/admin/audit')).json<{ entries: unknown[] }>();
    expect(JSON.stringify(audit)).toContain('"action":"review.resolve"');
  });

  it('reverses a booking with a real booking.reverse written by the server terminal, once', async () => {
    const { flaggedId } = await pushFlagged();
    const before = server.countRows();
    const reversed = await resolve(`booking:${flaggedId}`, { decision: 'reverse', reason: 'falscher Auftrag' });
    expect(reversed.statusCode).toBe(200);
    const reversalId = reversed.json<{ reversalBookingId: string }>().reversalBookingId;
    const stored = server.db.prepare('SELECT * FROM bookings WHERE id = ?').get(reversalId);
    expect(stored).toMatchObject({
      terminal_id: SERVER_TERMINAL_ID,
      epoch: SERVER_EPOCH,
      seq: 1,
      type: 'booking.reverse',
      station_id: 'ST-10',
      operator_id: 'P-2001',
      order_id: 'FA1000019',
    });
    expect(JSON.parse((stored as { payload: string }).payload)).toEqual({
      reversedBookingId: flaggedId,
      reason: 'falscher Auftrag',
    });
    expect(server.countRows().bookings).toBe((before.bookings ?? 0) + 1);
    // The reversal is itself on a closed order, but the server's own decisions do not come back as items.
    expect((await queue()).items).toEqual([]);
    // Nobody can sync as the server terminal.
    const push = await server.push('none:takt-server', { terminalId: SERVER_TERMINAL_ID, epoch: 'x', bookings: [] });
    expect(push.statusCode).toBe(401);

    // A second decision takes the next seq of the server's epoch.
    const second = await pushFlagged();
    const again = await resolve(`booking:${second.flaggedId}`, { decision: 'reverse', reason: 'doppelt' });
    const secondId = again.json<{ reversalBookingId: string }>().reversalBookingId;
    expect(server.db.prepare('SELECT seq FROM bookings WHERE id = ?').pluck().get(secondId)).toBe(2);
  });

  it('records the reversal a terminal already booked instead of writing a second one', async () => {
    const { terminalId, token, flaggedId } = await pushFlagged();
    const own = makeBooking(terminalId, 'e', 3, {
      type: 'booking.reverse',
      payload: { reversedBookingId: flaggedId, reason: 'vertippt' },
    });
    await server.push(token, { terminalId, epoch: 'e', bookings: [own] });
    expect((await queue()).items[0]).toMatchObject({ reversedBy: own.id });
    const before = server.countRows().bookings;
    const reversed = await resolve(`booking:${flaggedId}`, { decision: 'reverse', reason: 'ok' });
    expect(reversed.json()).toMatchObject({ reversalBookingId: own.id });
    expect(server.countRows().bookings).toBe(before);
  });

  it('lists quarantined bookings and seq gaps, which can be accepted but not reversed', async () => {
    const terminal = await server.enroll('ST-10');
    // One piece each: several at the same moment would also be flagged as implausible quantities.
    const onePiece = { payload: { quantity: 1, unit: 'Stk' } } as const;
    const first = makeBooking(terminal.terminalId, 'e', 1, onePiece);
    const reused = makeBooking(terminal.terminalId, 'e', 1, onePiece);
    await server.push(terminal.token, { terminalId: terminal.terminalId, epoch: 'e', bookings: [first] });
    await server.push(terminal.token, {
      terminalId: terminal.terminalId,
      epoch: 'e',
      bookings: [reused, makeBooking(terminal.terminalId, 'e', 4, onePiece)],
    });
    const open = await queue();
    const quarantined = open.items.find((item) => item.kind === 'quarantined');
    const gap = open.items.find((item) => item.kind === 'gap');
    expect(quarantined).toMatchObject({ conflict: 'seq-reused', conflictsWithId: first.id, stationId: 'ST-10' });
    expect(gap).toMatchObject({
      id: `gap:${terminal.terminalId}:e:1`,
      terminalId: terminal.terminalId,
      firstMissing: 2,
      maxSeq: 4,
      missing: 2,
    });

    const refused = await resolve(quarantined?.id ?? '', { decision: 'reverse', reason: 'x' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ error: { code: 'cannot-reverse' } });
    expect((await resolve(gap?.id ?? '', { decision: 'accept', reason: 'Tablet getauscht' })).statusCode).toBe(200);
    expect((await resolve(quarantined?.id ?? '', { decision: 'accept', reason: 'geprüft' })).statusCode).toBe(200);
    expect((await queue()).openCount).toBe(0);
  });

  it('lists bookings refused at ingest with what is known; accept acknowledges them, reverse is refused', async () => {
    const terminal = await server.enroll('ST-10');
    const { terminalId } = terminal;
    const forged = makeBooking(terminalId, 'e', 1, { stationId: 'ST-20' });
    const unreadable = { ...makeBooking(terminalId, 'e', 2), type: 'quantity.nonsense' };
    const otherEpoch = makeBooking(terminalId, 'other', 9);
    // Longer than a listing carries: only its start is shown, its station is still named.
    const bulky = { ...makeBooking(terminalId, 'e', 3, { stationId: 'ST-20' }), padding: 'x'.repeat(20_000) };
    const pushed = await server.push(terminal.token, {
      terminalId,
      epoch: 'e',
      bookings: [forged, unreadable, otherEpoch, bulky],
    });
    expect(pushed.json<{ results: Array<{ status: string }> }>().results.map((r) => r.status)).toEqual([
      'rejected',
      'rejected',
      'rejected',
      'rejected',
    ]);

    const open = await queue();
    expect(open.openCount).toBe(4);
    const [station, invalid, envelope, long] = open.items;
    expect(station).toEqual({
      id: expect.stringMatching(/^rejected:\d+$/),
      kind: 'rejected',
      stationId: 'ST-10',
      receivedAt: expect.any(Number),
      terminalId,
      epoch: 'e',
      seq: 1,
      rejection: 'station-mismatch',
      reason: 'station-mismatch: booking for ST-20, terminal enrolled for ST-10',
      bookingStationId: 'ST-20',
      booking: JSON.parse(JSON.stringify(forged)),
    });
    expect(invalid).toMatchObject({ kind: 'rejected', rejection: 'invalid', seq: 2, booking: unreadable });
    expect(invalid).toHaveProperty('reason', expect.stringContaining('type'));
    expect(envelope).toMatchObject({ kind: 'rejected', rejection: 'envelope-mismatch', epoch: 'e' });
    expect(envelope).not.toHaveProperty('seq');
    expect(long).toMatchObject({ kind: 'rejected', rejection: 'invalid', bookingStationId: 'ST-20' });
    expect(long).not.toHaveProperty('booking');
    expect(long).toHaveProperty('excerpt', JSON.stringify(bulky).slice(0, 16_000));

    const refused = await resolve(station?.id ?? '', { decision: 'reverse', reason: 'falsche Station' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ error: { code: 'cannot-reverse' } });
    const before = server.countRows();
    const accepted = await resolve(station?.id ?? '', { decision: 'accept', reason: 'Terminal umgestellt' });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({
      itemId: station?.id,
      decision: 'accept',
      resolvedBy: 'P-2001',
      resolvedByName: 'Sabine Krüger',
      resolvedAt: expect.any(Number),
    });
    expect(accepted.json()).not.toHaveProperty('reversalBookingId');
    // Acknowledged, not booked: nothing was ingested and the evidence stays.
    expect(server.countRows()).toEqual(before);
    expect(server.db.prepare('SELECT COUNT(*) FROM bookings WHERE id = ?').pluck().get(forged.id)).toBe(0);
    expect(server.db.prepare('SELECT COUNT(*) FROM rejected_bookings').pluck().get()).toBe(4);

    const after = await queue();
    expect(after.openCount).toBe(3);
    expect(after.items.map((item) => item.id)).not.toContain(station?.id);
    expect(after.resolved.map((r) => r.itemId)).toEqual([station?.id]);
    expect((await resolve(station?.id ?? '', { decision: 'accept', reason: 'nochmal' })).statusCode).toBe(409);
    expect((await resolve('rejected:999999', { decision: 'accept', reason: 'x' })).statusCode).toBe(404);
  });

  it('needs a lead or the admin token, a known item, a reason, and a request from our own site', async () => {
    const { flaggedId } = await pushFlagged();
    expect((await server.request({ method: 'GET', url: '/api/v1/review' })).statusCode).toBe(401);
    expect((await server.admin('GET', '/api/v1/review')).statusCode).toBe(200);
    expect((await resolve('booking:nope', { decision: 'accept', reason: 'x' })).statusCode).toBe(404);
    expect((await resolve(`booking:${flaggedId}`, { decision: 'accept', reason: '  ' })).statusCode).toBe(400);
    expect((await resolve(`booking:${flaggedId}`, { decision: 'maybe', reason: 'x' })).statusCode).toBe(400);
    const crossSite = await resolve(
      `booking:${flaggedId}`,
      { decision: 'accept', reason: 'x' },
      { origin: 'https://evil.example' },
    );
    expect(crossSite.statusCode).toBe(403);
    const byAdmin = await server.admin('POST', `/api/v1/review/booking:${flaggedId}/resolve`, {
      decision: 'accept',
      reason: 'x',
    });
    expect(byAdmin.json()).toMatchObject({ resolvedBy: 'admin' });
  });
});
