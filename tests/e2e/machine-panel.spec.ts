import fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { DEMO_STATIONS } from '../../server/src/seed/demo-plant';
import { enrollAsMain, emitFromMain, installMainStandIn } from './support/main-stand-in';
import { startTestServerProcess, type TestServerProcess } from './support/test-server-process';
import { ANNA, chooseOperation, waitUntilSynced } from './support/terminal';

// The machine at the terminal. Main's machine drafts reach the page as `machine:draft` events (played by the
// main stand-in) and are captured by the renderer's own capture path into IndexedDB, as in Electron; the
// panel reads them from there. The station's micro-stop threshold comes from master data, set to 3 s here.

let server: TestServerProcess;
test.beforeEach(async () => {
  server = await startTestServerProcess();
});
test.afterEach(async () => {
  await server.stop();
});

const pageNow = (page: Page) => page.evaluate(() => Date.now());

async function screenshot(page: Page, viewport: { width: number; height: number }): Promise<void> {
  const file = `docs/screenshots/machine-panel-${viewport.width}x${viewport.height}.png`;
  if (process.env.TAKT_UPDATE_SCREENSHOT !== '1' && fs.existsSync(file)) return;
  expect(page.viewportSize()).toEqual(viewport);
  await expect(page.getByTestId('feedback')).toBeHidden(); // the "saved" banner goes after 3 s
  await page.screenshot({ path: file });
}

test('the machine panel shows state and count, confirms the count as good once, and asks why the machine stopped', async ({
  page,
}) => {
  const lathe = DEMO_STATIONS.find((station) => station.id === 'ST-10');
  await server.adminPost('/api/v1/admin/import', { stations: [{ ...lathe, machine: { microStopSeconds: 3 } }] });
  const credentials = await enrollAsMain(server);
  const main = await installMainStandIn(page, server, credentials);
  await page.goto(server.url);
  await expect(page.getByTestId('terminal')).toHaveAttribute('data-master', 'ready', { timeout: 20_000 });
  // Main counts by the station's thresholds too: the page told it once, when the station's master data loaded.
  await expect.poll(() => main.machineSettings).toEqual([{ stationId: 'ST-10', machine: { microStopSeconds: 3 } }]);
  await page.getByTestId('language-en').click();

  await emitFromMain(page, 'scan:received', { text: ANNA.uid, source: 'badge', deviceId: 'badge-1', receivedAt: 1 });
  await expect(page.getByTestId('operator-name')).toHaveText(ANNA.name);
  await chooseOperation(page, 'FA1000004', '0010');
  const panel = page.getByTestId('machine-panel');
  // A station whose master data names a machine shows it before any work: no order.
  await expect(panel).toHaveAttribute('data-state', 'no-order');
  await page.getByTestId('start-production').click();
  await expect(page.getByTestId('operation-panel')).toHaveAttribute('data-state', 'production');

  // The machine has been running since before the start; one minute's count arrives (12 pieces).
  const startedAt = await pageNow(page);
  await emitFromMain(page, 'machine:draft', {
    type: 'machine.state',
    payload: { signal: 'M1.run', state: 'running', since: startedAt - 60_000 },
  });
  await emitFromMain(page, 'machine:draft', {
    type: 'machine.count',
    payload: {
      ...{ signal: 'M1.parts', from: startedAt, to: startedAt + 1, bits: 32, resets: 0, wraps: 0 },
      ...{ startValue: 4_000, endValue: 4_012, pieces: 12 },
    },
  });
  await expect(panel).toHaveAttribute('data-state', 'producing');
  await expect(page.getByTestId('machine-state-word')).toHaveText('Producing');
  await expect(page.getByTestId('machine-count')).toHaveText('12');
  await expect(page.getByTestId('machine-booked-good')).toHaveText('0');
  const confirm = page.getByTestId('machine-confirm');
  await expect(confirm).toHaveText('Confirm 12 good (machine)');
  await screenshot(page, { width: 1280, height: 800 });

  // A gloved double tap: one booking of 12.
  await confirm.dblclick();
  await expect(page.getByTestId('counter-good')).toHaveText('12');
  await expect(page.getByTestId('machine-booked-good')).toHaveText('12');
  await expect(page.getByTestId('machine-confirm-reason')).toHaveText(
    'Nothing to confirm: the machine counted 12, 12 are booked.',
  );
  await expect(confirm).toHaveCount(0);

  // The machine stops. A short stop asks nothing; past the station's 3 s it asks for the reason.
  const stoppedAt = (await pageNow(page)) - 500;
  await emitFromMain(page, 'machine:draft', {
    type: 'machine.state',
    payload: { signal: 'M1.run', state: 'stopped', since: stoppedAt },
  });
  await expect(panel).toHaveAttribute('data-state', 'micro-stop');
  await expect(page.getByTestId('machine-stop-prompt')).toHaveCount(0);
  await expect(panel).toHaveAttribute('data-state', 'unplanned-stop');
  const prompt = page.getByTestId('machine-stop-prompt');
  await expect(prompt).toHaveAttribute('data-since', String(stoppedAt));
  await page.setViewportSize({ width: 800, height: 1280 });
  await expect(prompt.getByTestId('reason-D03')).toBeVisible();
  await screenshot(page, { width: 800, height: 1280 });
  await prompt.getByTestId('reason-D03').click();
  await expect(page.getByTestId('downtime-overlay')).toBeVisible();
  await expect(prompt).toHaveCount(0);

  // The server holds one good booking of 12 and a downtime that starts when the machine stopped.
  const bookings = await waitUntilSynced(page, server);
  const goods = bookings.filter((b) => b.type === 'quantity.good');
  expect(goods.map((b) => b.payload)).toEqual([{ quantity: 12, unit: 'Stk' }]);
  const downtimes = bookings.filter((b) => b.type === 'downtime.start') as Array<{ occurredAt?: number }>;
  expect(downtimes.map((b) => b.occurredAt)).toEqual([stoppedAt]);
  expect(bookings.filter((b) => b.type.startsWith('machine.')).map((b) => b.type)).toEqual([
    'machine.state',
    'machine.count',
    'machine.state',
  ]);
});
