import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Booking } from '@shared/booking';
import { buildPendingExport, type PendingExportFile } from '@shared/protocol';
import { makeBooking, startTestServer, TEST_ADMIN_TOKEN, type TestServer } from '../testing/test-server';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  await server.dispose();
});

const URL = '/api/v1/admin/bookings/import';
const sha256Hex = async (text: string) => createHash('sha256').update(text).digest('hex');
const exportOf = (bookings: Booking[]) => buildPendingExport(bookings, { now: 1, stationId: 'ST-10', sha256Hex });
const importFile = (file: unknown) => server.admin('POST', URL, file);
const storedIds = async () =>
  (await server.admin('GET', '/api/v1/admin/bookings?limit=1000'))
    .json<{ bookings: Array<{ booking: { id: string } }> }>()
    .bookings.map((b) => b.booking.id)
    .sort();

describe('importing pending bookings from a terminal file', () => {
  it('sends the bookings through the push ingest: pushed ones are duplicates, a second import adds nothing', async () => {
    const terminal = await server.enroll('ST-10');
    const bookings = Array.from({ length: 620 }, (_, i) => makeBooking(terminal.terminalId, 'e1', i + 1));
    // The first two reached the server before the network went away for good.
    await server.push(terminal.token, { terminalId: terminal.terminalId, epoch: 'e1', bookings: bookings.slice(0, 2) });
    const file = await exportOf(bookings);

    const first = await importFile(file);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ bookings: 620, accepted: 618, duplicate: 2, quarantined: 0, rejected: 0 });
    expect(await storedIds()).toEqual(bookings.map((b) => b.id).sort());

    const rows = server.countRows();
    const second = await importFile(file);
    expect(second.json()).toEqual({ bookings: 620, accepted: 0, duplicate: 620, quarantined: 0, rejected: 0 });
    expect(server.countRows()).toEqual(rows);

    const audit = (await server.admin('GET', '/api/v1/admin/audit')).json<{ audit: Array<{ action: string }> }>();
    expect(audit.audit.filter((entry) => entry.action === 'bookings.import')).toHaveLength(2);
  });

  it('keeps the event loop turning through a 50,000-booking import: a timer set meanwhile fires between chunks', async () => {
    const terminal = await server.enroll('ST-10');
    const bookings = Array.from({ length: 50_000 }, (_, i) => makeBooking(terminal.terminalId, 'e1', i + 1));
    const file = await exportOf(bookings);
    const stored = server.db.prepare('SELECT COUNT(*) FROM bookings').pluck();
    // Each time the timer fires it notes how many bookings are stored and sets itself again. Had the import
    // blocked the loop from start to end, it would only ever see none or all of them.
    const seen: number[] = [];
    let isImporting = true;
    const watch = () => {
      if (!isImporting) return;
      seen.push(stored.get() as number);
      setTimeout(watch, 0);
    };
    setTimeout(watch, 0);
    const response = await importFile(file).finally(() => (isImporting = false));

    expect(response.json()).toEqual({ bookings: 50_000, accepted: 50_000, duplicate: 0, quarantined: 0, rejected: 0 });
    const between = seen.filter((count) => count > 0 && count < 50_000);
    // 100 push-sized chunks: the timer ran between many of them, and saw the count only grow.
    expect(new Set(between).size).toBeGreaterThan(10);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(stored.get()).toBe(50_000);
  }, 180_000);

  it('completes an import that stopped halfway when the same file is imported again', async () => {
    const terminal = await server.enroll('ST-10');
    const bookings = Array.from({ length: 2_400 }, (_, i) => makeBooking(terminal.terminalId, 'e1', i + 1));
    // What a server stopped after its first chunks had written: the file's first 1,000 bookings.
    expect((await importFile(await exportOf(bookings.slice(0, 1_000)))).json()).toMatchObject({ accepted: 1_000 });
    const rerun = await importFile(await exportOf(bookings));
    expect(rerun.json()).toEqual({ bookings: 2_400, accepted: 1_400, duplicate: 1_000, quarantined: 0, rejected: 0 });
    expect(server.countRows()['bookings']).toBe(2_400);
  });

  it('binds imported bookings to the terminal station as a push does', async () => {
    const terminal = await server.enroll('ST-10');
    const file = await exportOf([makeBooking(terminal.terminalId, 'e1', 1, { stationId: 'ST-20' })]);
    expect((await importFile(file)).json()).toMatchObject({ accepted: 0, rejected: 1 });
  });

  describe('a corrupt file gets a clear error and changes nothing', () => {
    async function validFile(): Promise<PendingExportFile> {
      const terminal = await server.enroll('ST-10');
      return exportOf([1, 2, 3].map((seq) => makeBooking(terminal.terminalId, 'e1', seq)));
    }

    it.each<[string, (file: PendingExportFile) => unknown, number, string]>([
      [
        'a changed quantity',
        (f) => ({
          ...f,
          bookings: f.bookings.map((b, i) =>
            i === 1 ? { ...(b as Booking), payload: { quantity: 500, unit: 'Stk' } } : b,
          ),
        }),
        422,
        'export-file-damaged',
      ],
      ['a booking left out', (f) => ({ ...f, bookings: f.bookings.slice(1) }), 422, 'export-file-damaged'],
      ['a wrong format', (f) => ({ ...f, format: 'something-else' }), 400, 'invalid-request'],
      ['no bookings', (f) => ({ ...f, bookings: [], bookingCount: 0 }), 400, 'invalid-request'],
      ['not an object', () => [1, 2, 3], 400, 'invalid-request'],
    ])('%s', async (_what, damage, status, code) => {
      const file = await validFile();
      const before = server.countRows();
      const response = await importFile(damage(file));
      expect(response.statusCode).toBe(status);
      expect(response.json()).toMatchObject({ error: { code } });
      expect(server.countRows()).toEqual(before);
    });

    it('an invalid booking with a matching checksum (edited and re-summed) is refused whole', async () => {
      const terminal = await server.enroll('ST-10');
      const good = makeBooking(terminal.terminalId, 'e1', 1);
      const file = await exportOf([good, { ...good, id: 'not-a-uuid', seq: 2 } as Booking]);
      const before = server.countRows();
      const response = await importFile(file);
      expect(response.statusCode).toBe(422);
      expect(response.json()).toMatchObject({
        error: { code: 'export-file-invalid', details: [expect.stringMatching(/^booking 2:/)] },
      });
      expect(server.countRows()).toEqual(before);
    });

    it('a terminal this server never enrolled', async () => {
      const file = await exportOf([makeBooking('T-unknown', 'e1', 1)]);
      const before = server.countRows();
      const response = await importFile(file);
      expect(response.json()).toMatchObject({ error: { code: 'unknown-terminal' } });
      expect(server.countRows()).toEqual(before);
    });

    it('a truncated file', async () => {
      const text = JSON.stringify(await validFile());
      const response = await server.request({
        method: 'POST',
        url: URL,
        headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' },
        payload: text.slice(0, text.length / 2),
      });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ error: { code: 'malformed-json' } });
    });
  });

  it('needs the admin token', async () => {
    const terminal = await server.enroll('ST-10');
    const file = await exportOf([makeBooking(terminal.terminalId, 'e1', 1)]);
    const response = await server.request({
      method: 'POST',
      url: URL,
      headers: { authorization: `Bearer ${terminal.token}` },
      payload: file,
    });
    expect(response.statusCode).toBe(401);
  });
});
