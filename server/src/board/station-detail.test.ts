import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StationDetail } from '@shared/board/station-detail';
import type { Booking, BookingPayload, BookingType } from '@shared/booking';
import { uuidv7 } from '@shared/id/uuidv7';
import { makeBooking, startTestServer, TEST_ADMIN_TOKEN, type TestServer } from '../testing/test-server';

// The drill-down against a real server with SQLite and the demo plant (Werk Nord's shifts in Europe/Berlin);
// bookings arrive through the real sync push.

const MIN = 60_000;
/** 07:00 in Berlin: the early shift (06:00-14:00, a break 08:00-08:15) runs. */
const SHIFT_START = Date.UTC(2026, 11, 2, 5, 0);
const ADMIN = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

let clock = SHIFT_START + 60 * MIN;
let server: TestServer;
beforeEach(async () => {
  clock = SHIFT_START + 60 * MIN;
  server = await startTestServer({ now: () => clock });
});
afterEach(async () => {
  await server.dispose();
});

function at<T extends BookingType>(
  terminalId: string,
  seq: number,
  minute: number,
  type: T,
  payload: BookingPayload<T>,
) {
  const occurredAt = SHIFT_START + minute * MIN;
  return makeBooking(terminalId, 'e', seq, { id: uuidv7(occurredAt), type, payload, occurredAt } as Partial<Booking>);
}

async function push(terminal: { terminalId: string; token: string }, bookings: Booking[]): Promise<void> {
  const response = await server.push(terminal.token, { terminalId: terminal.terminalId, epoch: 'e', bookings });
  expect(response.statusCode).toBe(200);
}

async function leadCookie(): Promise<string> {
  const login = await server.request({
    method: 'POST',
    url: '/api/v1/lead/login',
    payload: { badge: '04A1B2D1', pin: '2468' },
  });
  expect(login.statusCode).toBe(200);
  return String(login.headers['set-cookie']).split(';')[0] ?? '';
}

const detailOf = async (url: string, headers: Record<string, string> = ADMIN) => {
  const response = await server.request({ method: 'GET', url, headers });
  return { status: response.statusCode, body: response.json<StationDetail & { error?: { code: string } }>() };
};

describe('GET /api/v1/board/stations/:stationId', () => {
  it("shows the current shift's timeline, bookings newest first, quantities against plan and target", async () => {
    const terminal = await server.enroll('ST-10');
    const cycleSeconds = JSON.parse(
      server.db
        .prepare("SELECT value FROM master_records WHERE dataset = 'operations' AND key = 'FA1000004-0010'")
        .pluck()
        .get() as string,
    ).cycleSeconds as number;
    const noOperation = { orderId: undefined, operationId: undefined };
    await push(terminal, [
      at(terminal.terminalId, 1, 5, 'operation.start', { phase: 'setup' }),
      at(terminal.terminalId, 2, 15, 'operation.start', { phase: 'production' }),
      at(terminal.terminalId, 3, 30, 'quantity.good', { quantity: 4, unit: 'Stk' }),
      at(terminal.terminalId, 4, 35, 'quantity.scrap', { quantity: 1, unit: 'Stk', reasonCode: 'S01' }),
      { ...at(terminal.terminalId, 5, 40, 'downtime.start', { reasonCode: 'D03' }), ...noOperation },
      { ...at(terminal.terminalId, 6, 50, 'downtime.end', {}), ...noOperation },
      { ...at(terminal.terminalId, 7, 52, 'shift.note', { text: 'Spindel klingt laut' }), ...noOperation },
      {
        ...at(terminal.terminalId, 8, 55, 'transport.request', { destination: 'Lager 2', note: 'Kiste voll' }),
        ...noOperation,
      },
    ]);

    const { status, body } = await detailOf('/api/v1/board/stations/ST-10');
    expect(status).toBe(200);
    expect(body).toMatchObject({ stationId: 'ST-10', name: 'Drehzentrum 1', area: 'Zerspanung' });
    expect(body.shift).toMatchObject({ shiftId: 'early', start: SHIFT_START, end: SHIFT_START + 480 * MIN });
    expect(body.until).toBe(clock);
    const D03 = { de: 'Maschinenstörung', en: 'Machine breakdown' };
    expect(body.segments).toEqual([
      { state: 'idle', start: SHIFT_START, end: SHIFT_START + 5 * MIN },
      { state: 'setup', start: SHIFT_START + 5 * MIN, end: SHIFT_START + 15 * MIN },
      { state: 'producing', start: SHIFT_START + 15 * MIN, end: SHIFT_START + 40 * MIN },
      {
        state: 'down',
        start: SHIFT_START + 40 * MIN,
        end: SHIFT_START + 50 * MIN,
        reasonCode: 'D03',
        reasonTexts: D03,
      },
      { state: 'producing', start: SHIFT_START + 50 * MIN, end: clock },
    ]);
    expect(body.bookings.map((b) => b.type)).toEqual([
      'transport.request',
      'shift.note',
      'downtime.end',
      'downtime.start',
      'quantity.scrap',
      'quantity.good',
      'operation.start',
      'operation.start',
    ]);
    expect(body.bookings[4]).toMatchObject({ quantity: 1, reasonCode: 'S01', operatorName: 'Anna Berger' });
    // 25 + 10 minutes in production (the downtime does not count).
    const target = Math.floor((35 * MIN) / (cycleSeconds * 1000));
    expect(body.operations).toEqual([
      expect.objectContaining({ operationId: 'FA1000004-0010', good: 4, scrap: 1, rework: 0, target }),
    ]);
    expect(body.notes).toEqual([expect.objectContaining({ text: 'Spindel klingt laut', operatorName: 'Anna Berger' })]);
    expect(body.transports).toEqual([expect.objectContaining({ destination: 'Lager 2', note: 'Kiste voll' })]);
  });

  it('names quality results with their limits, and takes reversed bookings out', async () => {
    const operation = server.db
      .prepare(
        "SELECT key, json_extract(value, '$.orderId') AS orderId, json_extract(value, '$.stationId') AS stationId FROM master_records WHERE dataset = 'operations' AND json_extract(value, '$.qualityPlanId') = 'QP-WELLE' LIMIT 1",
      )
      .get() as { key: string; orderId: string; stationId: string };
    const terminal = await server.enroll(operation.stationId);
    const on = { stationId: operation.stationId, orderId: operation.orderId, operationId: operation.key };
    const good = { ...at(terminal.terminalId, 2, 20, 'quantity.good', { quantity: 3, unit: 'Stk' }), ...on };
    await push(terminal, [
      {
        ...at(terminal.terminalId, 1, 10, 'quality.result', {
          characteristicId: 'WEL-DIA',
          value: 40.01,
          verdict: 'fail',
        }),
        ...on,
      },
      good,
      {
        ...at(terminal.terminalId, 3, 25, 'booking.reverse', { reversedBookingId: good.id, reason: 'falsch gezählt' }),
        ...on,
      },
    ]);
    const { body } = await detailOf(`/api/v1/board/stations/${operation.stationId}`);
    expect(body.quality).toEqual([
      expect.objectContaining({
        characteristicId: 'WEL-DIA',
        name: { de: 'Durchmesser Ø40 h6', en: 'Diameter Ø40 h6' },
        value: 40.01,
        verdict: 'fail',
        nominal: 40,
        lower: 39.984,
        upper: 40,
        unit: 'mm',
        decimals: 3,
        reversed: false,
      }),
    ]);
    expect(body.bookings.find((b) => b.id === good.id)?.reversed).toBe(true);
    expect(body.operations.find((o) => o.operationId === operation.key)?.good).toBe(0);
  });

  it('takes an explicit window, and refuses a bad one', async () => {
    const from = SHIFT_START - 120 * MIN;
    const { status, body } = await detailOf(`/api/v1/board/stations/ST-10?from=${from}&to=${SHIFT_START}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ from, to: SHIFT_START, until: SHIFT_START, shift: null });
    expect(body.segments).toEqual([{ state: 'idle', start: from, end: SHIFT_START }]);
    expect((await detailOf(`/api/v1/board/stations/ST-10?from=${from}`)).status).toBe(400);
    expect((await detailOf(`/api/v1/board/stations/ST-10?from=${SHIFT_START}&to=${from}`)).status).toBe(400);
    expect((await detailOf(`/api/v1/board/stations/ST-10?from=0&to=${SHIFT_START}`)).status).toBe(400);
    expect((await detailOf(`/api/v1/board/stations/ST-10?from=x&to=y`)).status).toBe(400);
  });

  it('answers 404 for a station nobody knows and 400 for an impossible id', async () => {
    const unknown = await detailOf('/api/v1/board/stations/ST-99');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error?.code).toBe('unknown-station');
    expect((await detailOf(`/api/v1/board/stations/${'X'.repeat(65)}`)).status).toBe(400);
  });

  it('is for board readers: admin token, lead session, display link; nobody else', async () => {
    expect((await detailOf('/api/v1/board/stations/ST-10', {})).status).toBe(401);
    expect((await detailOf('/api/v1/board/stations/ST-10', { authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await detailOf('/api/v1/board/stations/ST-10', { cookie: await leadCookie() })).status).toBe(200);
    const link = await server.admin('POST', '/api/v1/admin/display-links', { label: 'Halle 2' });
    const open = await server.request({ method: 'GET', url: link.json<{ path: string }>().path });
    const displayCookie = String(open.headers['set-cookie']).split(';')[0] ?? '';
    expect(displayCookie).toMatch(/^takt_display=/);
    expect((await detailOf('/api/v1/board/stations/ST-10', { cookie: displayCookie })).status).toBe(200);
  });
});
