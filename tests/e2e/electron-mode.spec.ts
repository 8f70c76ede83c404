import { expect, test, type Page } from '@playwright/test';
import { createSyncClient, PullQuerySchema, PushRequestSchema } from '@shared/protocol';
import { startTestServerProcess, type TestServerProcess } from './support/test-server-process';
import { allServerBookings, approveAsLead, bookGood, chooseOperation, SABINE_LEAD } from './support/terminal';

// The renderer as it runs inside Electron, in real Chromium: `window.takt` stands in for the preload and
// behaves like main does (it holds the token, makes the sync requests, pushes scanner events). The
// renderer code under test is unchanged; only the bridge is played by the test. The sync requests are
// made in the test process with main's own client (the shared one), so the token never enters the page.

let server: TestServerProcess;
test.beforeEach(async () => {
  server = await startTestServerProcess();
});
test.afterEach(async () => {
  await server.stop();
});

async function installMainStandIn(
  page: Page,
  credentials: { terminalId: string; token: string } | null,
): Promise<void> {
  const sync = createSyncClient({ baseUrl: server.url, fetch, getToken: () => credentials?.token });
  // Main validates every request against the IPC contract; so does the stand-in.
  await page.exposeFunction('mainSyncPush', (request: unknown) => sync.push(PushRequestSchema.parse(request)));
  await page.exposeFunction('mainSyncPull', (query: unknown) => sync.pull(PullQuerySchema.parse(query)));
  await page.exposeFunction('mainSyncProbe', () => sync.health());
  await page.addInitScript((terminalId) => {
    type Listener = (payload: unknown) => void;
    const listeners = new Map<string, Set<Listener>>();
    // Main's booking journal, in memory. `events` records, in order, when an append starts and is done
    // (after a pause standing in for the fsync) and every feedback message the page shows.
    const journal: unknown[] = [];
    const events: string[] = [];
    new MutationObserver((mutations) => {
      for (const mutation of mutations)
        for (const node of mutation.addedNodes)
          if (node instanceof HTMLElement && node.dataset['testid'] === 'feedback')
            events.push(`feedback:${node.dataset['kind']}`);
    }).observe(document, { childList: true, subtree: true });
    type Relay = (request?: unknown) => Promise<unknown>;
    const main = window as unknown as { mainSyncPush: Relay; mainSyncPull: Relay; mainSyncProbe: Relay };
    const relay = async (send: Relay, request?: unknown) => ({ ok: true, value: await send(request) });
    const bridge = {
      'app:info': async () => ({
        ok: true,
        value: {
          version: '0.1.0',
          platform: 'linux',
          electronVersion: 'test',
          isPackaged: false,
          stationId: 'ST-10',
          ...(terminalId ? { terminalId } : {}),
        },
      }),
      'sync:push': (request: unknown) => relay(main.mainSyncPush, request),
      'sync:pull': (query: unknown) => relay(main.mainSyncPull, query),
      'sync:probe': () => relay(main.mainSyncProbe),
      'scan:sources': async () => ({
        ok: true,
        value: [
          { deviceId: 'badge-1', kind: 'badge', state: 'connected', scans: 1, errors: 0 },
          { deviceId: 'scanner-2', kind: 'hid', state: 'disconnected', code: 'hid-disconnected', scans: 0, errors: 1 },
        ],
      }),
      'journal:append': async (booking: { type: string }) => {
        events.push(`append-start:${booking.type}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
        journal.push(booking);
        events.push(`append-done:${booking.type}`);
        return { ok: true, value: { durable: true } };
      },
      'journal:replay': async () => ({
        ok: true,
        value: { bookings: [...journal], corruptRecords: 0, truncatedSegments: 0, segments: 1 },
      }),
      // Linux without a secret service: Electron's safeStorage falls back to a fixed key.
      'app:keystore': async () => ({ ok: true, value: { state: 'basic-text', backend: 'basic_text' } }),
      'log:tail': async () => ({ ok: true, value: { lines: ['2026-12-02T12:00:00.000Z INFO [start] Takt'] } }),
      'session:state': async () => ({ ok: true, value: { received: true } }),
      'machine:settings': async () => ({ ok: true, value: { applied: false } }),
      'kiosk:exit': async (request: { approvedBy: string }) => {
        events.push(`kiosk-exit:${request.approvedBy}`);
        return { ok: true, value: { exiting: true } };
      },
      subscribe: (channel: string, listener: Listener) => {
        const set = listeners.get(channel) ?? new Set<Listener>();
        set.add(listener);
        listeners.set(channel, set);
        return () => set.delete(listener);
      },
    };
    Object.assign(window, {
      takt: bridge,
      journalStandIn: { journal, events },
      emitFromMain: (channel: string, payload: unknown) => listeners.get(channel)?.forEach((l) => l(payload)),
    });
  }, credentials?.terminalId ?? null);
}

const emit = (page: Page, channel: string, payload: unknown) =>
  page.evaluate(([c, p]) => (window as unknown as { emitFromMain(c: string, p: unknown): void }).emitFromMain(c, p), [
    channel,
    payload,
  ] as const);

async function enrollAsMain(): Promise<{ terminalId: string; token: string }> {
  const outcome = await createSyncClient({ baseUrl: server.url, fetch }).enroll({
    stationId: 'ST-10',
    enrollmentCode: server.enrollmentCode,
  });
  if (outcome.kind !== 'ok') throw new Error(`enrollment failed: ${JSON.stringify(outcome)}`);
  return outcome.value;
}

test('inside Electron the renderer syncs through main, takes badge and wedge events, and never sees the token', async ({
  page,
}) => {
  const credentials = await enrollAsMain();
  await installMainStandIn(page, credentials);
  await page.goto(server.url);
  await expect(page.getByTestId('terminal')).toHaveAttribute('data-master', 'ready', { timeout: 20_000 });
  await expect(page.getByTestId('station-name')).toHaveText('Drehzentrum 1');

  // An EM4100 reader on a serial port: main sends the canonical UID.
  await emit(page, 'scan:received', { text: '04A1B2C3', source: 'badge', deviceId: 'badge-1', receivedAt: 1 });
  await expect(page.getByTestId('operator-name')).toHaveText('Anna Berger');

  // A wedge scanner: main withholds the keys from the page and sends them decoded, 2 ms apart.
  const keys = [...'FA1000004-0010', 'Enter'];
  await page.evaluate((list) => {
    const start = performance.now();
    list.forEach((key, i) =>
      (window as unknown as { emitFromMain(c: string, p: unknown): void }).emitFromMain('wedge:key', {
        scanKey: key,
        typedKey: key,
        at: start + i * 2,
      }),
    );
  }, keys);
  await expect(page.getByTestId('operation-panel')).toBeVisible();
  await page.getByTestId('start-production').click();
  await bookGood(page, 9);

  // "Saved" showed only after main's journal had the booking: no feedback while the append was under way.
  const events = await page.evaluate(
    () => (window as unknown as { journalStandIn: { events: string[] } }).journalStandIn.events,
  );
  const start = events.indexOf('append-start:quantity.good');
  const done = events.indexOf('append-done:quantity.good');
  expect(start).toBeGreaterThanOrEqual(0);
  expect(events.slice(start + 1, done)).toEqual([]);
  expect(events.slice(done + 1)).toContain('feedback:success');

  await expect
    .poll(async () => (await allServerBookings(server)).filter((b) => b.type === 'quantity.good').length)
    .toBe(1);
  const bookings = await allServerBookings(server);
  // Every booking the server has was journaled, with the same id.
  const journaled = await page.evaluate(() =>
    (window as unknown as { journalStandIn: { journal: { id: string }[] } }).journalStandIn.journal.map((b) => b.id),
  );
  expect(bookings.map((b) => b.id).every((id) => journaled.includes(id))).toBe(true);
  expect(new Set(bookings.map((b) => (b as unknown as { terminalId: string }).terminalId))).toEqual(
    new Set([credentials.terminalId]),
  );
  const stored = await page.evaluate(() => JSON.stringify(localStorage) + document.cookie);
  expect(stored).not.toContain(credentials.token);

  // Malformed events from "main" are ignored, not trusted.
  await emit(page, 'scan:received', { text: 42, source: 'laser' });
  await emit(page, 'wedge:key', { scanKey: '', at: 'now' });

  await page.getByTestId('status-toggle').click();
  await expect(page.getByTestId('scan-sources')).toContainText('badge-1');
  await expect(page.getByTestId('scan-sources')).toContainText(/USB-Scanner getrennt|USB scanner disconnected/);
  await expect(page.getByTestId('keystore-warning')).toContainText(/gnome-keyring/);
  await expect(page.getByTestId('storage-warning')).toHaveCount(0);
});

test('inside Electron, before main has enrolled, the renderer waits and says so', async ({ page }) => {
  await installMainStandIn(page, null);
  await page.goto(server.url);
  await expect(page.getByTestId('setup-screen')).toContainText(/takt-terminal\.json/);
  await expect(page.getByTestId('setup-code')).toHaveCount(0);
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'not-enrolled');
  await expect(page.getByTestId('connection-online')).toHaveText(/^(Nicht eingerichtet|Not enrolled)$/);
  await expect(page.getByTestId('pending-count')).not.toHaveText(/All sent|Alles übertragen/);
});

test('inside Electron an operator logged in by a badge reader chooses an operation by touch', async ({ page }) => {
  const credentials = await enrollAsMain();
  await installMainStandIn(page, credentials);
  await page.goto(server.url);
  await expect(page.getByTestId('terminal')).toHaveAttribute('data-master', 'ready', { timeout: 20_000 });
  await emit(page, 'scan:received', { text: '04A1B2C4', source: 'badge', deviceId: 'badge-1', receivedAt: 1 });
  await chooseOperation(page, 'FA1000005', '0010');
  await expect(page.getByTestId('operation-panel')).toHaveAttribute('data-state', 'idle');
});

test("inside Electron the terminal exits only with a shift lead's badge and PIN, and main is told who", async ({
  page,
}) => {
  await installMainStandIn(page, await enrollAsMain());
  await page.goto(server.url);
  await expect(page.getByTestId('terminal')).toHaveAttribute('data-master', 'ready', { timeout: 20_000 });
  const exits = () =>
    page.evaluate(() =>
      (window as unknown as { journalStandIn: { events: string[] } }).journalStandIn.events.filter((event) =>
        event.startsWith('kiosk-exit:'),
      ),
    );
  await page.getByTestId('status-toggle').click();
  await page.getByTestId('admin-open').click();
  await approveAsLead(page);
  // Cancelling the second PIN dialog leaves the terminal running.
  await page.getByTestId('admin-exit').click();
  await expect(page.getByTestId('pin-dialog')).toHaveAttribute('data-purpose', 'approval');
  await page.getByTestId('pin-cancel').click();
  await expect(page.getByTestId('pin-dialog')).toBeHidden();
  expect(await exits()).toEqual([]);
  await page.getByTestId('admin-exit').click();
  await approveAsLead(page);
  await expect.poll(exits).toEqual([`kiosk-exit:${SABINE_LEAD.id}`]);
});
