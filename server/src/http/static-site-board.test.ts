import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server';

// The server serves two pages from one build: the terminal (index.html) and the shift leads' board.

let server: TestServer;
let staticDir: string;
beforeEach(async () => {
  staticDir = mkdtempSync(join(tmpdir(), 'takt-static-'));
  writeFileSync(join(staticDir, 'index.html'), '<title>terminal</title>');
  writeFileSync(join(staticDir, 'board.html'), '<title>board</title>');
  server = await startTestServer({ staticDir });
});
afterEach(async () => {
  await server.dispose();
  rmSync(staticDir, { recursive: true, force: true });
});

it('answers /board with the board page and other page routes with the terminal', async () => {
  for (const url of ['/board', '/board?link=invalid']) {
    const response = await server.request({ method: 'GET', url });
    expect(response.statusCode, url).toBe(200);
    expect(response.body, url).toContain('board');
  }
  expect((await server.request({ method: 'GET', url: '/orders/FA1' })).body).toContain('terminal');
  expect((await server.request({ method: 'GET', url: '/' })).body).toContain('terminal');
});
