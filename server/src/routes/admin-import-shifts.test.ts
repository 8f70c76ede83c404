import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server';

// The shift calendar grew breaks, planned downtime and a time zone; calendars of the old shape stay valid.

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer({ demo: false });
});
afterEach(async () => {
  await server.dispose();
});

const stored = (key: string): unknown => {
  const value = server.db
    .prepare("SELECT value FROM master_records WHERE dataset = 'shifts' AND key = ?")
    .pluck()
    .get(key) as string | undefined;
  return value === undefined ? undefined : JSON.parse(value);
};

const early = { id: 'early', name: 'Frühschicht', start: '06:00', end: '14:00' };
const late = {
  id: 'late',
  name: 'Spätschicht',
  start: '14:00',
  end: '22:00',
  breaks: [
    { start: '16:00', end: '16:15' },
    { start: '18:00', end: '18:30', name: 'Abendessen' },
  ],
  plannedDowntime: [{ start: '21:30', end: '22:00', name: 'Wartung' }],
  timeZone: 'Europe/Berlin',
};

describe('shift calendar import', () => {
  it('accepts shifts of the old shape and with breaks, planned downtime and a time zone', async () => {
    const response = await server.admin('POST', '/api/v1/admin/import', { shifts: [early, late] });
    expect(response.statusCode).toBe(200);
    expect(stored('early')).toEqual(early);
    expect(stored('late')).toEqual(late);
  });

  it('rejects a break with an impossible time or an unknown time zone and writes nothing', async () => {
    for (const bad of [
      { ...late, breaks: [{ start: '25:00', end: '25:30' }] },
      { ...late, timeZone: 'Mars/Olympus' },
    ]) {
      const response = await server.admin('POST', '/api/v1/admin/import', { shifts: [early, bad] });
      expect(response.statusCode).toBe(422);
      expect(JSON.stringify(response.json())).toMatch(/shifts\[1\]\.(breaks|timeZone)/);
    }
    expect(stored('early')).toBeUndefined();
  });

  it('reads the time zone from a CSV column', async () => {
    const csv = 'id;name;start;end;timeZone\nnight;Nachtschicht;22:00;06:00;Europe/Berlin\n';
    const response = await server.admin('POST', '/api/v1/admin/import?dataset=shifts', csv, {
      'content-type': 'text/csv; charset=utf-8',
    });
    expect(response.statusCode).toBe(200);
    expect(stored('night')).toEqual({
      id: 'night',
      name: 'Nachtschicht',
      start: '22:00',
      end: '06:00',
      timeZone: 'Europe/Berlin',
    });
  });
});
