import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { at, MINUTE } from '@shared/kpi/testing/stream';
import { WORKED_EXAMPLE_SHIFT } from '@shared/kpi/testing/worked-example';
import { startTestServer, type TestServer } from '../testing/test-server';
import {
  WORKED_EXAMPLE_OPERATIONS,
  WORKED_EXAMPLE_ORDER,
  workedExampleBookings,
} from '../testing/worked-example-plant';

// The worked example of docs/kpi.md pushed through the real sync push into SQLite, read back by the KPI API.

const EPOCH = 'epoch-kpi';
let server: TestServer;

beforeEach(async () => {
  // "Now" is the day after the example, so the whole shift is in the past.
  server = await startTestServer({ now: () => at('00:00', 1) });
  const imported = await server.admin('POST', '/api/v1/admin/import', {
    orders: [WORKED_EXAMPLE_ORDER],
    operations: WORKED_EXAMPLE_OPERATIONS,
  });
  expect(imported.statusCode).toBe(200);
  const shifts = await server.admin('POST', '/api/v1/admin/import', {
    mode: 'replace',
    shifts: [WORKED_EXAMPLE_SHIFT],
  });
  expect(shifts.statusCode).toBe(200);
});
afterEach(async () => {
  await server.dispose();
});

/** The worked example pushed by a terminal of ST-10; every booking must be accepted. */
async function pushExample(terminal: { terminalId: string; token: string }): Promise<void> {
  const bookings = workedExampleBookings(terminal.terminalId, EPOCH);
  const response = await server.push(terminal.token, { terminalId: terminal.terminalId, epoch: EPOCH, bookings });
  expect(response.json<{ results: Array<{ status: string }> }>().results.map((r) => r.status)).toEqual(
    bookings.map(() => 'accepted'),
  );
}

const kpi = (query: string) => server.admin('GET', `/api/v1/kpi?${query}`);

describe('GET /api/v1/kpi', () => {
  it('answers the worked example of docs/kpi.md for the station', async () => {
    await pushExample(await server.enroll('ST-10'));
    const response = await kpi(`stationId=ST-10&from=${at('06:00')}&to=2026-11-03T14:00:00Z`);
    expect(response.statusCode).toBe(200);
    const body = response.json<Record<string, unknown>>();
    expect(body).toMatchObject({
      from: at('06:00'),
      to: at('14:00'),
      plannedBusyTime: 435 * MINUTE,
      actualProductionTime: 360 * MINUTE,
      downtime: {
        total: 55 * MINUTE,
        byReason: [
          { reasonCode: 'D01', reasonText: 'Kein Material', minutes: 45 },
          { reasonCode: 'I01', reasonText: 'Pause', minutes: 10 },
        ],
      },
      produced: 405,
      good: 390,
      scrap: 10,
      rework: 5,
      stationIds: ['ST-10'],
    });
    expect(body.availability).toBeCloseTo(360 / 435, 12);
    expect(body.performance).toBeCloseTo(480 / 510, 12);
    expect(body.quality).toBeCloseTo(390 / 405, 12);
    expect(body.oee).toBeCloseTo((360 / 435) * (480 / 510) * (390 / 405), 12);
  });

  it('sums an area and translates reason texts; a window not over yet ends at "now"', async () => {
    await pushExample(await server.enroll('ST-10'));
    const area = (await kpi(`area=Zerspanung&from=${at('06:00')}&to=${at('14:00')}&lang=en`)).json<{
      stationIds: string[];
      plannedBusyTime: number;
      availability: number;
      downtime: { byReason: Array<{ reasonText: string }> };
    }>();
    // ST-20 is in the same area and booked nothing: its planned time counts, its production is zero.
    expect(area.stationIds).toEqual(['ST-10', 'ST-20']);
    expect(area.plannedBusyTime).toBe(2 * 435 * MINUTE);
    expect(area.availability).toBeCloseTo(360 / 870, 12);
    expect(area.downtime.byReason.map((r) => r.reasonText)).toEqual(['No material', 'Break']);

    const early = await startTestServer({ now: () => at('08:00') });
    try {
      await early.admin('POST', '/api/v1/admin/import', { mode: 'replace', shifts: [WORKED_EXAMPLE_SHIFT] });
      const soFar = (
        await early.admin('GET', `/api/v1/kpi?stationId=ST-10&from=${at('06:00')}&to=${at('14:00')}`)
      ).json<{
        plannedBusyTime: number;
        availability: number | null;
      }>();
      expect(soFar).toMatchObject({ plannedBusyTime: 120 * MINUTE, availability: 0 });
    } finally {
      await early.dispose();
    }
  });

  it('answers null ratios for a window without planned time', async () => {
    const response = await kpi(`stationId=ST-10&from=${at('15:00')}&to=${at('16:00')}`);
    expect(response.json()).toMatchObject({
      plannedBusyTime: 0,
      availability: null,
      performance: null,
      quality: null,
      oee: null,
      downtime: { total: 0, byReason: [] },
    });
  });

  it('rejects a bad query with 400 and a request without the admin token with 401', async () => {
    for (const query of [
      `from=${at('06:00')}&to=${at('14:00')}`,
      `stationId=ST-10&area=Zerspanung&from=${at('06:00')}&to=${at('14:00')}`,
      `stationId=ST-10&from=${at('14:00')}&to=${at('06:00')}`,
      `stationId=ST-10&from=yesterday&to=${at('06:00')}`,
      `stationId=ST-10&from=2026-11-03T06:00:00&to=${at('14:00')}`,
    ]) {
      const response = await kpi(query);
      expect(response.statusCode, query).toBe(400);
      expect(response.json()).toMatchObject({ error: { code: 'invalid-request' } });
    }
    expect((await kpi(`area=Nowhere&from=${at('06:00')}&to=${at('14:00')}`)).statusCode).toBe(404);
    const anonymous = await server.request({ method: 'GET', url: `/api/v1/kpi?stationId=ST-10&from=0&to=1` });
    expect(anonymous.statusCode).toBe(401);
  });
});
