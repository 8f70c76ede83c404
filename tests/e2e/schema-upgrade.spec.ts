import { expect, test } from '@playwright/test';
import { validateBooking, type Booking } from '@shared/booking';
import { uuidv7 } from '@shared/id/uuidv7';
import { startTestServerProcess, type TestServerProcess } from './support/test-server-process';
import { allServerBookings, pendingCount } from './support/terminal';

// A terminal updated in the field opens a bookings database written by the previous schema (version 1 kept
// the sync state on each booking row). Its pending bookings must survive the upgrade and arrive exactly once;
// what the server already had must not be sent again.

let server: TestServerProcess;
test.beforeEach(async () => {
  server = await startTestServerProcess();
});
test.afterEach(async () => {
  await server.stop('SIGKILL');
});

type Version1Row = Booking & {
  state: 'pending' | 'synced' | 'quarantined';
  answeredAt?: number;
  serverReason?: string;
};

test('pending bookings of a version 1 database survive the upgrade and arrive exactly once', async ({ page }) => {
  const enrolled = await fetch(`${server.url}/api/v1/terminals/enroll`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ stationId: 'ST-10', enrollmentCode: server.enrollmentCode }),
  });
  const { terminalId, token } = (await enrolled.json()) as { terminalId: string; token: string };
  const now = Date.now();
  const epoch = uuidv7(now - 60_000, crypto);
  const states = ['synced', 'quarantined', 'pending', 'pending', 'pending'] as const;
  const rows: Version1Row[] = states.map((state, i) => {
    const validation = validateBooking({
      id: uuidv7(now - 50_000 + i, crypto),
      terminalId,
      epoch,
      seq: i + 1,
      type: 'quantity.good',
      payload: { quantity: i + 1, unit: 'Stk' },
      stationId: 'ST-10',
      orderId: 'FA1000004',
      operationId: 'FA1000004-0010',
      occurredAt: now - 50_000 + i * 1_000,
      clockOffsetMs: 0,
      masterDataVersion: '',
    });
    if (!validation.ok) throw new Error(validation.issues.join('; '));
    return { ...validation.booking, state, ...(state === 'pending' ? {} : { answeredAt: now - 10_000 }) };
  });

  // The origin's storage, before the app has ever run here: written as Dexie stored schema version 1.
  await page.goto(`${server.url}/api/v1/health`);
  await page.evaluate(
    async ({ rows, terminalId, token, epoch }) => {
      const open = indexedDB.open('takt-bookings', 10); // Dexie keeps version × 10
      open.onupgradeneeded = () => {
        const db = open.result;
        const bookings = db.createObjectStore('bookings', { keyPath: 'id' });
        bookings.createIndex('[state+seq]', ['state', 'seq']);
        bookings.createIndex('occurredAt', 'occurredAt');
        db.createObjectStore('meta', { keyPath: 'key' });
        db.createObjectStore('deadLetters', { keyPath: 'id' }).createIndex('rejectedAt', 'rejectedAt');
        db.createObjectStore('identity', { keyPath: 'key' });
      };
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const tx = db.transaction(['bookings', 'meta', 'identity'], 'readwrite');
      for (const row of rows) tx.objectStore('bookings').add(row);
      tx.objectStore('meta').add({ key: 'outbox', epoch, nextSeq: rows.length + 1, createdAt: Date.now() - 60_000 });
      tx.objectStore('identity').add({ key: 'self', terminalId, stationId: 'ST-10', token, enrolledAt: Date.now() });
      await new Promise((resolve, reject) => {
        tx.oncomplete = resolve;
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    },
    { rows, terminalId, token, epoch },
  );

  await page.goto(server.url);
  await expect(page.getByTestId('terminal')).toHaveAttribute('data-phase', 'ready');
  const pendingIds = rows.filter((row) => row.state === 'pending').map((row) => row.id);
  await expect.poll(async () => (await allServerBookings(server)).length, { timeout: 30_000 }).toBe(3);
  await expect.poll(() => pendingCount(page)).toBe(0);
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'synced');
  const stored = await allServerBookings(server);
  expect(stored.map((booking) => booking.id)).toEqual(pendingIds);
  expect(stored.map((booking) => booking.seq)).toEqual([3, 4, 5]);
  // Sent as bookings, without version 1's bookkeeping fields.
  expect(stored.every((booking) => !('state' in booking))).toBe(true);
});
