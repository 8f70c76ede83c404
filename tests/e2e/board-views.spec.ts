import fs from 'node:fs';
import { expect, type Page } from '@playwright/test';
import { uuidv7 } from '@shared/id/uuidv7';
import type { BoardShifts } from '@shared/board/handover';
import { test } from './support/own-pages';
import { startTestServerProcess, type TestServerProcess } from './support/test-server-process';
import { SABINE_LEAD } from './support/terminal';

// The shift lead's views beyond the tiles: a station's drill-down, the KPI view and the shift handover, on
// bookings that terminals (over HTTP, no browser: this spec is about the board) pushed into the current
// shift. Also writes the README's board screenshots when they are missing or TAKT_UPDATE_SCREENSHOT=1.

let server: TestServerProcess;
test.beforeEach(async () => {
  server = await startTestServerProcess();
});
test.afterEach(async () => {
  await server.stop();
});

const updateScreenshots = (file: string) => process.env.TAKT_UPDATE_SCREENSHOT === '1' || !fs.existsSync(file);
async function shoot(page: Page, name: string): Promise<void> {
  const size = page.viewportSize();
  const file = `docs/screenshots/${name}-${size?.width ?? 0}x${size?.height ?? 0}.png`;
  if (updateScreenshots(file)) await page.screenshot({ path: file });
}

async function post<T>(path: string, body: unknown, token?: string): Promise<T> {
  const response = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  expect(response.ok, `${path}: ${response.status}`).toBe(true);
  return (await response.json()) as T;
}

type Step = { at: number; type: string; payload: object; orderId?: string; operationId?: string };

/** One terminal of the station, enrolled over HTTP, pushes the steps as its bookings. */
async function book(stationId: string, steps: Step[]): Promise<void> {
  const { terminalId, token } = await post<{ terminalId: string; token: string }>('/api/v1/terminals/enroll', {
    stationId,
    enrollmentCode: server.enrollmentCode,
  });
  const bookings = steps.map((step, index) => ({
    id: uuidv7(step.at),
    terminalId,
    epoch: 'e2e',
    seq: index + 1,
    type: step.type,
    occurredAt: step.at,
    clockOffsetMs: 0,
    stationId,
    operatorId: 'P-1001',
    ...(step.orderId === undefined ? {} : { orderId: step.orderId, operationId: step.operationId }),
    masterDataVersion: 'e2e',
    payload: step.payload,
  }));
  await post('/api/v1/sync/push', { terminalId, epoch: 'e2e', bookings }, token);
}

/** A shift's worth of work at three stations, spread over the part of the current shift that has passed. */
async function bookTheShiftSoFar(): Promise<void> {
  const shifts = await server.adminGet<BoardShifts>('/api/v1/board/shifts');
  const start = shifts.current?.start ?? Date.now() - 3_600_000;
  const now = Date.now();
  const at = (share: number) => Math.round(start + (now - 5_000 - start) * share);
  const st10 = { orderId: 'FA1000004', operationId: 'FA1000004-0010' };
  await book('ST-10', [
    { at: at(0.05), type: 'operation.start', payload: { phase: 'setup' }, ...st10 },
    { at: at(0.15), type: 'operation.start', payload: { phase: 'production' }, ...st10 },
    { at: at(0.4), type: 'quantity.good', payload: { quantity: 12, unit: 'Stk' }, ...st10 },
    { at: at(0.45), type: 'quantity.scrap', payload: { quantity: 1, unit: 'Stk', reasonCode: 'S03' }, ...st10 },
    { at: at(0.5), type: 'downtime.start', payload: { reasonCode: 'D02' } },
    { at: at(0.6), type: 'downtime.end', payload: {} },
    { at: at(0.65), type: 'downtime.start', payload: { reasonCode: 'D01' } },
    { at: at(0.68), type: 'downtime.end', payload: {} },
    { at: at(0.85), type: 'quantity.good', payload: { quantity: 8, unit: 'Stk' }, ...st10 },
    { at: at(0.9), type: 'shift.note', payload: { text: 'Spindel klingt laut, Instandhaltung informiert' } },
    { at: at(0.95), type: 'transport.request', payload: { destination: 'Lager Halle 2', note: 'Gitterbox voll' } },
  ]);
  const st20 = { orderId: 'FA1000006', operationId: 'FA1000006-0020' };
  await book('ST-20', [
    { at: at(0.1), type: 'operation.start', payload: { phase: 'production' }, ...st20 },
    { at: at(0.5), type: 'quantity.good', payload: { quantity: 9, unit: 'Stk' }, ...st20 },
    { at: at(0.8), type: 'downtime.start', payload: { reasonCode: 'D03' } },
    // A booking on a closed order: it waits in the review queue.
    {
      at: at(0.82),
      type: 'quantity.good',
      payload: { quantity: 3, unit: 'Stk' },
      orderId: 'FA1000019',
      operationId: 'FA1000019-0010',
    },
  ]);
  const st40 = { orderId: 'FA1000006', operationId: 'FA1000006-0030' };
  await book('ST-40', [
    { at: at(0.7), type: 'operation.start', payload: { phase: 'setup' }, ...st40 },
    {
      at: at(0.75),
      type: 'quality.result',
      payload: { characteristicId: 'WEL-DIA', value: 39.991, verdict: 'pass' },
      ...st40,
    },
    {
      at: at(0.78),
      type: 'quality.result',
      payload: { characteristicId: 'WEL-LEN', value: 120.62, verdict: 'fail' },
      ...st40,
    },
  ]);
}

test('a lead drills into a station, reads its KPIs and signs the handover the next shift reads', async ({
  openPage,
}) => {
  // Two pages and some twenty steps: more than the default minute on a shared, loaded machine.
  test.setTimeout(150_000);
  await bookTheShiftSoFar();
  // The shift office's browser is in the plant's time zone (the demo plant's is Berlin).
  const lead = await openPage({ viewport: { width: 1920, height: 1080 }, timezoneId: 'Europe/Berlin' });
  await lead.goto(`${server.url}/board`);
  await lead.getByTestId('login-badge').fill(SABINE_LEAD.uid);
  await lead.getByTestId('login-pin').fill(SABINE_LEAD.pin);
  await lead.getByTestId('login-submit').click();
  await expect(lead.getByTestId('board-viewer')).toHaveText(SABINE_LEAD.name);
  await expect(lead.getByTestId('tile-ST-20')).toHaveAttribute('data-state', 'down');
  await shoot(lead, 'board');

  // The drill-down: opened by a tap on the tile, closed with Escape back to the tile, opened by keyboard.
  await lead.getByTestId('tile-ST-10').click({ position: { x: 20, y: 200 } });
  const detail = lead.getByTestId('station-detail');
  await expect(detail.getByTestId('timeline-segment').filter({ hasText: /Tool change|Werkzeugwechsel/ })).toHaveCount(
    1,
  );
  await expect(detail.locator('[data-testid="timeline-segment"][data-state="producing"]').first()).toBeVisible();
  await expect(detail.getByTestId('detail-booking').first()).toHaveAttribute('data-type', 'transport.request');
  await expect(detail.getByTestId('detail-operations')).toContainText('20');
  await expect(detail.getByTestId('detail-notes')).toContainText('Spindel klingt laut');
  await expect(detail.getByTestId('detail-transports')).toContainText('Lager Halle 2');
  await shoot(lead, 'board-detail');
  await lead.keyboard.press('Escape');
  await expect(lead.getByTestId('tile-open-ST-10')).toBeFocused();
  await lead.keyboard.press('Enter');
  await expect(detail).toBeVisible();
  await lead.getByTestId('detail-back').click();

  // Quality results with their limits, at the inspection bench.
  await lead.getByTestId('tile-open-ST-40').click();
  const failed = lead.getByTestId('detail-quality-row').filter({ hasText: /120[.,]62/ });
  await expect(failed).toContainText(/119[.,]50 – 120[.,]50 mm/);
  await lead.getByTestId('detail-back').click();

  // KPIs of one station: OEE and its factors with their numbers, output per hour, the downtime Pareto.
  await lead.getByTestId('tab-kpi').click();
  await lead.getByTestId('kpi-scope').selectOption('station:ST-10');
  await expect(lead.getByTestId('kpi-produced')).toHaveText('21');
  await expect(lead.getByTestId('kpi-availability').getByTestId('kpi-value')).toHaveText(/^\d+(\.\d)?%$/);
  // Which downtimes count depends on where the breaks fall in this run's shift: at least one does.
  await expect(lead.getByTestId('kpi-pareto-row').first()).toBeVisible();
  await shoot(lead, 'board-kpi');

  await lead.getByTestId('tab-review').click();
  await expect(lead.getByTestId('review-item-flagged').filter({ hasText: 'FA1000019' })).toBeVisible();
  await shoot(lead, 'board-review');

  // The handover of the shift before: signed now, it is what this shift's lead finds on top.
  await lead.getByTestId('tab-handover').click();
  await lead.getByTestId('handover-shift-previous').click();
  await lead.getByTestId('handover-text').fill('ST-20: Fräser nach Störung prüfen.');
  await lead.getByTestId('handover-sign').click();
  await expect(lead.getByTestId('handover-signed')).toContainText(SABINE_LEAD.name);
  await expect(lead.getByTestId('handover-received')).toContainText('ST-20: Fräser nach Störung prüfen.');

  await lead.getByTestId('tab-stations').click();
  await lead.setViewportSize({ width: 800, height: 1280 });
  await expect(lead.getByTestId('tile-ST-20')).toBeVisible();
  await shoot(lead, 'board');

  // A display link shows the board; its KPI tab says KPIs are for leads instead of failing.
  const link = await server.adminPost<{ path: string }>('/api/v1/admin/display-links', { label: 'Schichtbüro' });
  const screen = await openPage({ viewport: { width: 1280, height: 800 } });
  await screen.goto(`${server.url}${link.path}`);
  await screen.getByTestId('tab-kpi').click();
  await expect(screen.getByTestId('kpi-forbidden')).toBeVisible();
});
