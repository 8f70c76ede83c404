import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server';

const servers: TestServer[] = [];
const folders: string[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.dispose()));
  for (const folder of folders.splice(0)) fs.rmSync(folder, { recursive: true, force: true });
});

function updatesFolder(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'takt-updates-'));
  folders.push(dir);
  fs.writeFileSync(path.join(dir, 'latest-linux.yml'), 'version: 1.2.0\npath: Takt-1.2.0.AppImage\n');
  fs.writeFileSync(path.join(dir, 'Takt-1.2.0.AppImage'), Buffer.alloc(1024, 7));
  fs.writeFileSync(path.join(dir, '.secret'), 'hidden');
  return dir;
}

async function start(updatesDir?: string): Promise<TestServer> {
  const server = await startTestServer(updatesDir === undefined ? {} : { updatesDir });
  servers.push(server);
  return server;
}

const get = (server: TestServer, url: string) => server.request({ method: 'GET', url });

describe('update files for terminals', () => {
  it('serves the configured folder at /updates/, the feed uncached', async () => {
    const server = await start(updatesFolder());
    const feed = await get(server, '/updates/latest-linux.yml');
    expect(feed.statusCode).toBe(200);
    expect(feed.body).toContain('version: 1.2.0');
    expect(feed.headers['cache-control']).toBe('no-cache');
    const installer = await get(server, '/updates/Takt-1.2.0.AppImage');
    expect(installer.statusCode).toBe(200);
    expect(installer.rawPayload.length).toBe(1024);
  });

  it('serves nothing outside the folder, no hidden files and no listing', async () => {
    const server = await start(updatesFolder());
    for (const url of [
      '/updates/../package.json',
      '/updates/%2e%2e/package.json',
      '/updates/.secret',
      '/updates/missing.yml',
    ]) {
      const response = await get(server, url);
      expect([403, 404]).toContain(response.statusCode);
      expect(response.body).not.toContain('"name": "takt"');
      expect(response.body).not.toContain('hidden');
    }
    expect((await get(server, '/updates/')).body).not.toContain('latest-linux.yml');
  });

  it('has no update files without the option', async () => {
    const server = await start();
    expect((await get(server, '/updates/latest-linux.yml')).statusCode).toBe(404);
  });
});
