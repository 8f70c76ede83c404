import { afterEach, describe, expect, it } from 'vitest';
import type { BoardSnapshot, BoardStation } from '@shared/board';
import type { Booking, BookingPayload, BookingType } from '@shared/booking';
import { uuidv7 } from '@shared/id/uuidv7';
import { freePort } from '../../../tests/support/free-port';
import { makeBooking, startTestServer, TEST_ADMIN_TOKEN, type TestServer } from '../testing/test-server';
import { readSse, type SseMessage } from './testing/sse-reader';

// A real server with SQLite and the demo plant; bookings arrive through the real sync push.

const T0 = Date.UTC(2026, 11, 2, 6, 0);
const MIN = 60_000;
const EPOCH = 'epoch-a';
const ADMIN = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

let clock = T0;
const servers: TestServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.dispose();
});

async function start(options: Parameters<typeof startTestServer>[0] = {}) {
  const server = await startTestServer({ now: () => clock, boardOfflineAfterMs: 2 * MIN, ...options });
  servers.push(server);
  return server;
}

function bookingAt<T extends BookingType>(
  terminalId: string,
  seq: number,
  type: T,
  payload: BookingPayload<T>,
  fields: Partial<Booking> = {},
): Booking {
  return makeBooking(terminalId, EPOCH, seq, {
    id: uuidv7(clock),
    type,
    payload,
    occurredAt: clock,
    ...fields,
  } as Partial<Booking>);
}

async function push(server: TestServer, terminal: { terminalId: string; token: string }, bookings: Booking[]) {
  const response = await server.push(terminal.token, { terminalId: terminal.terminalId, epoch: EPOCH, bookings });
  expect(response.statusCode).toBe(200);
}

async function board(server: TestServer): Promise<BoardSnapshot> {
  const response = await server.request({ method: 'GET', url: '/api/v1/board', headers: ADMIN });
  expect(response.statusCode).toBe(200);
  return response.json<BoardSnapshot>();
}

const stationIn = (snapshot: BoardSnapshot, id: string) => snapshot.stations.find((s) => s.stationId === id);
const parseStation = (message: SseMessage) => JSON.parse(message.data) as BoardStation;
const isStation =
  (id: string, matches: (station: BoardStation) => boolean = () => true) =>
  (message: SseMessage) =>
    message.event === 'station' && parseStation(message).stationId === id && matches(parseStation(message));

function cycleSecondsOf(server: TestServer, operationId: string): number {
  const value = server.db
    .prepare("SELECT value FROM master_records WHERE dataset = 'operations' AND key = ?")
    .pluck()
    .get(operationId) as string;
  return (JSON.parse(value) as { cycleSeconds: number }).cycleSeconds;
}

async function openEvents(server: TestServer, headers: Record<string, string> = {}) {
  const response = await server.app.inject({
    method: 'GET',
    url: '/api/v1/board/events',
    headers: { ...ADMIN, ...headers },
    payloadAsStream: true,
  });
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toBe('text/event-stream; charset=utf-8');
  return readSse(response.stream());
}

describe('GET /api/v1/board', () => {
  it('needs the admin token', async () => {
    const server = await start();
    expect((await server.request({ method: 'GET', url: '/api/v1/board' })).statusCode).toBe(401);
    const wrong = await server.request({
      method: 'GET',
      url: '/api/v1/board',
      headers: { authorization: 'Bearer nope' },
    });
    expect(wrong.statusCode).toBe(401);
    expect((await server.request({ method: 'GET', url: '/api/v1/board/events' })).statusCode).toBe(401);
  });

  it('shows what was pushed: team, operation vs plan and time target, terminal health; offline after the timeout', async () => {
    clock = T0;
    const server = await start();
    const initial = await board(server);
    expect(initial.generatedAt).toBe(T0);
    expect(initial.stations.map((s) => s.stationId)).toEqual(['ST-10', 'ST-20', 'ST-30', 'ST-40']);
    // Nobody was heard from yet: every station is offline since the server started.
    expect(stationIn(initial, 'ST-10')).toMatchObject({
      name: 'Drehzentrum 1',
      area: 'Zerspanung',
      state: 'offline',
      since: T0,
    });

    const terminal = await server.enroll('ST-10');
    const noOperation = { orderId: undefined, operationId: undefined };
    await push(server, terminal, [
      bookingAt(terminal.terminalId, 1, 'operator.login', { method: 'badge' }, noOperation),
      bookingAt(terminal.terminalId, 2, 'operation.start', { phase: 'production' }),
    ]);
    clock = T0 + 30 * MIN;
    await push(server, terminal, [
      bookingAt(terminal.terminalId, 3, 'quantity.good', { quantity: 7, unit: 'Stk' }),
      bookingAt(terminal.terminalId, 4, 'quantity.scrap', { quantity: 1, unit: 'Stk', reasonCode: 'S01' }),
      bookingAt(terminal.terminalId, 5, 'downtime.start', { reasonCode: 'D03' }, noOperation),
    ]);
    clock = T0 + 40 * MIN;
    const heartbeat = await server.request({
      method: 'POST',
      url: '/api/v1/terminals/heartbeat',
      headers: { authorization: `Bearer ${terminal.token}` },
      payload: {
        pending: 2,
        oldestPendingAt: T0 + 39 * MIN,
        appVersion: '0.9.0',
        scanners: [{ deviceId: 'hid-1', kind: 'hid', state: 'connected' }],
      },
    });
    expect(heartbeat.statusCode).toBe(200);
    expect(heartbeat.json()).toEqual({ serverTime: T0 + 40 * MIN });

    const cycleMs = cycleSecondsOf(server, 'FA1000004-0010') * 1_000;
    const station = stationIn(await board(server), 'ST-10');
    expect(station).toMatchObject({
      state: 'down',
      since: T0 + 30 * MIN,
      reasonCode: 'D03',
      reasonText: 'Maschinenstörung',
      operators: [{ id: 'P-1001', name: 'Anna Berger' }],
      terminal: {
        lastSeenAt: T0 + 40 * MIN,
        pending: 2,
        oldestPendingAt: T0 + 39 * MIN,
        gaps: 0,
        quarantined: 0,
        rejected: 0,
      },
      lastBooking: { type: 'downtime.start', occurredAt: T0 + 30 * MIN, operatorId: 'P-1001' },
    });
    // Production ran 30 minutes before the downtime stopped its clock.
    expect(station?.operations).toMatchObject([
      {
        orderNumber: 'FA1000004',
        operationNumber: '0010',
        phase: 'production',
        good: 7,
        scrap: 1,
        rework: 0,
        target: Math.floor((30 * MIN) / cycleMs),
      },
    ]);

    clock = T0 + 42 * MIN;
    expect(stationIn(await board(server), 'ST-10')).toMatchObject({ state: 'offline', since: T0 + 40 * MIN });
  });

  it('counts seq gaps, quarantined and rejected bookings of the station terminal', async () => {
    clock = T0;
    const server = await start();
    const terminal = await server.enroll('ST-10');
    const first = bookingAt(terminal.terminalId, 1, 'quantity.good', { quantity: 1, unit: 'Stk' });
    await push(server, terminal, [
      first,
      // Seqs 2 and 3 never arrive.
      bookingAt(terminal.terminalId, 4, 'quantity.good', { quantity: 1, unit: 'Stk' }),
      // A different booking in a taken slot: quarantined.
      bookingAt(terminal.terminalId, 1, 'quantity.good', { quantity: 2, unit: 'Stk' }),
      // Unreadable: rejected (its slot 5 counts as stored).
      {
        ...bookingAt(terminal.terminalId, 5, 'quantity.good', { quantity: 1, unit: 'Stk' }),
        type: 'no.such',
      } as unknown as Booking,
    ]);
    expect(stationIn(await board(server), 'ST-10')?.terminal).toMatchObject({ gaps: 2, quarantined: 1, rejected: 1 });
    await push(server, terminal, [bookingAt(terminal.terminalId, 2, 'quantity.good', { quantity: 1, unit: 'Stk' })]);
    expect(stationIn(await board(server), 'ST-10')?.terminal).toMatchObject({ gaps: 1, quarantined: 1, rejected: 1 });
  });

  it('rebuilds the same board from the database after a restart', async () => {
    clock = T0;
    const first = await start();
    const terminal = await first.enroll('ST-10');
    await push(first, terminal, [
      bookingAt(terminal.terminalId, 1, 'operation.start', { phase: 'setup' }),
      bookingAt(terminal.terminalId, 2, 'operation.interrupt', { reasonCode: 'I03' }),
    ]);
    const before = stationIn(await board(first), 'ST-10');
    expect(before).toMatchObject({ state: 'interrupted', reasonCode: 'I03', reasonText: 'Auftragswechsel' });
    await first.close();
    const second = await start({ dataDir: first.dataDir });
    expect(stationIn(await board(second), 'ST-10')).toEqual(before);
  });
});

describe('last contact across a server restart', () => {
  it('keeps the last contact from the database; a station never heard from has none', async () => {
    clock = T0;
    // A clock that moves with every reading: the board must show the contact time that was stored, not a later one.
    const first = await start({ now: () => (clock += 1) });
    const terminal = await first.enroll('ST-10');
    await first.enroll('ST-20'); // enrolled, never pushed nor sent a heartbeat
    await push(first, terminal, [bookingAt(terminal.terminalId, 1, 'operation.start', { phase: 'production' })]);
    const lastSeenAt = stationIn(await board(first), 'ST-10')?.terminal.lastSeenAt;
    await first.close();

    clock = T0 + 30 * MIN;
    const second = await start({ dataDir: first.dataDir });
    const snapshot = await board(second);
    // Offline since the last contact before the restart, not since the restart (no "no contact for 0:00").
    expect(stationIn(snapshot, 'ST-10')).toMatchObject({
      state: 'offline',
      since: lastSeenAt,
      terminal: { lastSeenAt },
    });
    expect(stationIn(snapshot, 'ST-20')).toMatchObject({ state: 'offline', terminal: { lastSeenAt: null } });
  });

  it("does not count the server's own reversal as contact, nor show the server as a station", async () => {
    clock = T0;
    const server = await start();
    const terminal = await server.enroll('ST-20');
    const closedOrder = { stationId: 'ST-20', orderId: 'FA1000019', operationId: 'FA1000019-0010' };
    await push(server, terminal, [
      bookingAt(terminal.terminalId, 1, 'quantity.good', { quantity: 3, unit: 'Stk' }, closedOrder),
    ]);
    const queue = await server.request({ method: 'GET', url: '/api/v1/review', headers: ADMIN });
    const item = queue.json<{ items: Array<{ id: string }> }>().items[0];
    clock = T0 + 5 * MIN; // past the offline time of 2 minutes
    const resolved = await server.request({
      method: 'POST',
      url: `/api/v1/review/${encodeURIComponent(item?.id ?? '')}/resolve`,
      headers: ADMIN,
      payload: { decision: 'reverse', reason: 'closed order' },
    });
    expect(resolved.statusCode).toBe(200);
    const after = await board(server);
    expect(stationIn(after, 'ST-20')).toMatchObject({ state: 'offline', since: T0, terminal: { lastSeenAt: T0 } });
    await server.close();
    const again = await start({ dataDir: server.dataDir });
    expect((await board(again)).stations.map((station) => station.stationId)).not.toContain('takt-server');
  });
});

describe('POST /api/v1/terminals/heartbeat', () => {
  it('needs a terminal token and a valid body, and changes nothing otherwise', async () => {
    const server = await start();
    const terminal = await server.enroll('ST-20');
    const send = (payload: unknown, token = terminal.token) =>
      server.request({
        method: 'POST',
        url: '/api/v1/terminals/heartbeat',
        headers: { authorization: `Bearer ${token}` },
        payload: payload as string,
      });
    const valid = { pending: 0, oldestPendingAt: null, appVersion: '1.0.0', scanners: [] };
    expect((await send(valid, 'not-a-token')).statusCode).toBe(401);
    expect((await send(valid, TEST_ADMIN_TOKEN)).statusCode).toBe(401);
    for (const bad of [
      { ...valid, pending: -1 },
      { ...valid, extra: 1 },
      { ...valid, scanners: [{ deviceId: 'x' }] },
      [],
    ]) {
      const response = await send(bad);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ error: { code: 'invalid-request' } });
    }
    expect(stationIn(await board(server), 'ST-20')?.terminal.lastSeenAt).toBeNull();
    expect((await send(valid)).statusCode).toBe(200);
    expect(stationIn(await board(server), 'ST-20')).toMatchObject({
      state: 'idle',
      terminal: { lastSeenAt: clock, pending: 0 },
    });
  });
});

describe('GET /api/v1/board/events', () => {
  it('starts with every station, sends a station event on a push, and replays from Last-Event-ID', async () => {
    clock = T0;
    const server = await start();
    const terminal = await server.enroll('ST-10');
    const events = await openEvents(server);
    const initial = await events.next(isStation('ST-40'));
    expect(initial.id).toMatch(/^[0-9a-z]+-0$/);
    expect(parseStation(initial).state).toBe('offline');

    await push(server, terminal, [bookingAt(terminal.terminalId, 1, 'operation.start', { phase: 'setup' })]);
    const setup = await events.next(isStation('ST-10'));
    expect(parseStation(setup)).toMatchObject({ state: 'setup', since: T0 });
    await push(server, terminal, [bookingAt(terminal.terminalId, 2, 'operation.start', { phase: 'production' })]);
    const producing = await events.next(isStation('ST-10'));
    expect(parseStation(producing)).toMatchObject({ state: 'producing' });

    // A client that saw the setup event gets exactly what came after it.
    const replay = await openEvents(server, { 'last-event-id': setup.id as string });
    expect(await replay.next()).toEqual(producing);
    // An id from an earlier server process (or too old) gets the full state.
    const stale = await openEvents(server, { 'last-event-id': 'zzz-1' });
    expect((await stale.next()).id).toBe(producing.id);
  });

  it('turns a silent station offline by itself and sends heartbeats, over a real HTTP connection', async () => {
    clock = T0;
    const server = await start({ boardOfflineAfterMs: 1_000, boardSseHeartbeatMs: 50 });
    const terminal = await server.enroll('ST-30');
    await push(server, terminal, [
      bookingAt(terminal.terminalId, 1, 'operation.start', { phase: 'production' }, { stationId: 'ST-30' }),
    ]);
    const port = await freePort();
    await server.app.listen({ port, host: '127.0.0.1' });
    const controller = new AbortController();
    const response = await fetch(`http://127.0.0.1:${port}/api/v1/board/events`, {
      headers: ADMIN,
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    const events = readSse(response.body as unknown as AsyncIterable<Uint8Array>);
    expect(parseStation(await events.next(isStation('ST-30')))).toMatchObject({ state: 'producing' });

    clock = T0 + 1_000;
    const offline = await events.next(isStation('ST-30'));
    expect(parseStation(offline)).toMatchObject({ state: 'offline', since: T0 });
    const heartbeat = await events.next((message) => message.event === 'heartbeat');
    expect(heartbeat.id).toBeUndefined();
    expect(JSON.parse(heartbeat.data)).toEqual({ serverTime: T0 + 1_000, intervalMs: 50 });
    controller.abort();
  });

  it('sends a named heartbeat right after the catch-up, then one per interval, none carrying an id', async () => {
    clock = T0;
    const server = await start({ boardSseHeartbeatMs: 40 });
    const events = await openEvents(server);
    const messages: SseMessage[] = [];
    // The catch-up (every station), then the first heartbeat before any interval has passed.
    for (let message = await events.next(); message.event !== 'heartbeat'; message = await events.next())
      messages.push(message);
    expect(messages.length).toBeGreaterThan(0);
    expect(messages.every((message) => message.event === 'station')).toBe(true);
    clock = T0 + 5_000;
    // The timer keeps sending: a later one carries the later server time (earlier ones may still be queued).
    const later = await events.next(
      (message) => message.event === 'heartbeat' && message.data.includes(`${T0 + 5_000}`),
    );
    expect(later).toEqual({ event: 'heartbeat', data: JSON.stringify({ serverTime: T0 + 5_000, intervalMs: 40 }) });
  });
});
