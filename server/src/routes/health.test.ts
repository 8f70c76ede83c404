import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HealthResponseSchema, PROTOCOL_VERSION } from '@shared/protocol';
import { LATEST_SCHEMA_VERSION } from '../db/migrations';
import { CONTENT_SECURITY_POLICY } from '@shared/security/content-security-policy';
import { startTestServer, type TestServer } from '../testing/test-server';

let server: TestServer | undefined;
let scratchDir: string | undefined;
afterEach(async () => {
  await server?.dispose();
  server = undefined;
  if (scratchDir) rmSync(scratchDir, { recursive: true, force: true });
  scratchDir = undefined;
});

describe('health', () => {
  it('reports status, protocol and schema version', async () => {
    server = await startTestServer({ now: () => 1_234_567 });
    const response = await server.request({ method: 'GET', url: '/api/v1/health' });
    expect(response.statusCode).toBe(200);
    const body = HealthResponseSchema.parse(response.json());
    expect(body).toMatchObject({
      status: 'ok',
      protocol: PROTOCOL_VERSION,
      database: { status: 'ok', schemaVersion: LATEST_SCHEMA_VERSION },
      serverTime: 1_234_567,
    });
    expect(response.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('answers unknown API paths with a JSON 404', async () => {
    server = await startTestServer();
    const response = await server.request({ method: 'GET', url: '/api/v1/nothing' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: { code: 'not-found' } });
  });
});

describe('renderer', () => {
  it('answers 503 with a hint when the renderer is not built', async () => {
    server = await startTestServer({ staticDir: '/nonexistent/takt-renderer' });
    for (const url of ['/', '/station/ST-10']) {
      const response = await server.request({ method: 'GET', url });
      expect(response.statusCode).toBe(503);
      expect(response.json()).toMatchObject({
        error: { code: 'renderer-not-built', message: expect.stringContaining('npm run build') },
      });
    }
  });

  it('serves files, falls back to index.html for client routes, and keeps 404 for API and missing files', async () => {
    scratchDir = mkdtempSync(join(tmpdir(), 'takt-static-test-'));
    const staticDir = join(scratchDir, 'renderer');
    mkdirSync(join(staticDir, 'assets'), { recursive: true });
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Takt</title>');
    writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)');
    server = await startTestServer({ staticDir, dataDir: join(scratchDir, 'data') });

    const index = await server.request({ method: 'GET', url: '/' });
    expect(index.statusCode).toBe(200);
    expect(index.body).toContain('<title>Takt</title>');
    expect(index.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect((await server.request({ method: 'GET', url: '/assets/app.js' })).body).toBe('console.log(1)');
    const route = await server.request({ method: 'GET', url: '/station/ST-10?tab=orders' });
    expect(route.statusCode).toBe(200);
    expect(route.headers['content-type']).toContain('text/html');
    expect((await server.request({ method: 'GET', url: '/assets/missing.js' })).statusCode).toBe(404);
    expect((await server.request({ method: 'GET', url: '/api/v1/missing' })).statusCode).toBe(404);
    expect((await server.request({ method: 'POST', url: '/station/ST-10' })).statusCode).toBe(404);
    expect((await server.request({ method: 'GET', url: '/../../package.json' })).body).not.toContain(
      '"devDependencies"',
    );
  });
});
