import { chromium, expect, test } from '@playwright/test';
import { CHROMIUM_FLAGS, chromiumExecutable } from '../support/chromium';
import { startTestServerProcess, type TestServerProcess } from './support/test-server-process';

// A terminal that cannot start safely says why instead of failing later: plain http from another machine,
// or a page that main gave up reloading after repeated crashes.

let server: TestServerProcess;
test.beforeEach(async () => {
  server = await startTestServerProcess();
});
test.afterEach(async () => {
  await server.stop();
});

test('a browser terminal on plain http from another host says it needs https, and enrolls nothing', async () => {
  // A plant host name resolved to this machine: Chromium treats it like any plain-http host on the network.
  const executablePath = chromiumExecutable();
  const browser = await chromium.launch({
    ...(executablePath ? { executablePath } : {}),
    args: [...CHROMIUM_FLAGS, '--host-resolver-rules=MAP mes.plant.test 127.0.0.1'],
  });
  try {
    const page = await browser.newPage();
    await page.goto(`http://mes.plant.test:${server.port}/?station=ST-10&enroll=${server.enrollmentCode}`);
    await expect(page.getByTestId('start-problem')).toHaveAttribute('data-problem', 'insecure');
    await expect(page.getByTestId('start-problem')).toContainText('https');
    await expect(page.getByTestId('start-problem')).toContainText('mes.plant.test');
    const terminals = await server.adminGet<{ terminals: unknown[] }>('/api/v1/admin/terminals');
    expect(terminals.terminals).toHaveLength(0);
  } finally {
    await browser.close();
  }
});

test('the recovery screen after repeated crashes starts the terminal again on a tap', async ({ page }) => {
  await page.goto(`${server.url}/?recovery=1`);
  await expect(page.getByTestId('start-problem')).toHaveAttribute('data-problem', 'recovery');
  await page.getByTestId('restart-terminal').click();
  await expect(page.getByTestId('terminal')).toHaveAttribute('data-phase', 'setup');
});
