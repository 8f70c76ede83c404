import { connect } from 'node:net';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HealthResponseSchema } from '@shared/protocol';
import { createServer, DATABASE_FILE_NAME, type TaktServer } from '../app';
import { openDatabase } from '../db/database';
import {
  makeBooking,
  startTestServer,
  TEST_ADMIN_TOKEN,
  TEST_ENROLLMENT_CODE,
  type TestServer,
} from '../testing/test-server';
import { createStorageHealth, MIN_FREE_BYTES } from './storage-health';

const dirs: string[] = [];
const servers: Array<TaktServer | TestServer> = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await ('dispose' in server ? server.dispose() : server.close());
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'takt-health-'));
  dirs.push(dir);
  return dir;
}
// Generated secrets, as in production: they are stored in the data folder.
const start = (dataDir: string, extra: { init?: boolean } = {}) => createServer({ dataDir, demo: true, ...extra });

describe('health tells the truth about storage', () => {
  it('is ok with a writable store and room on the disk', async () => {
    const server = await startTestServer();
    servers.push(server);
    const response = await server.request({ method: 'GET', url: '/api/v1/health' });
    expect(response.statusCode).toBe(200);
    const body = HealthResponseSchema.parse(response.json());
    expect(body.storage).toMatchObject({ writable: true });
    expect(body.storage?.diskFreeBytes).toBeGreaterThan(0);
  });

  it('is degraded when a push failed on storage, and names the error', async () => {
    const server = await startTestServer();
    servers.push(server);
    const terminal = await server.enroll('ST-10');
    // The database refuses writes, as it does on a read-only remount after a disk error.
    server.db.pragma('query_only = ON');
    const push = await server.push(terminal.token, {
      terminalId: terminal.terminalId,
      epoch: 'epoch-a',
      bookings: [makeBooking(terminal.terminalId, 'epoch-a', 1)],
    });
    expect(push.statusCode).toBeGreaterThanOrEqual(500);
    const health = await server.request({ method: 'GET', url: '/api/v1/health' });
    expect(health.statusCode).toBe(503);
    const body = HealthResponseSchema.parse(health.json());
    expect(body.status).toBe('degraded');
    expect(body.storage?.lastStorageError?.code).toMatch(/^SQLITE_/);
  });

  it('is degraded when the disk is nearly full or the folder cannot be written', () => {
    const dir = scratch();
    const db = openDatabase(join(dir, 'probe.sqlite'));
    try {
      let free = MIN_FREE_BYTES * 10;
      const health = createStorageHealth({ db, dataDir: dir, now: Date.now, freeBytes: () => free });
      expect(health.check()).toMatchObject({ writable: true, isDegraded: false });
      free = MIN_FREE_BYTES - 1;
      expect(health.check()).toMatchObject({ isDegraded: true, diskFreeBytes: MIN_FREE_BYTES - 1 });
      const readOnly = createStorageHealth({ db, dataDir: join(dir, 'missing-folder'), now: Date.now });
      expect(readOnly.check()).toMatchObject({ writable: false, isDegraded: true });
    } finally {
      db.close();
    }
  });
});

describe('start-up refuses what would lose bookings', () => {
  it('refuses a corrupt database', async () => {
    const dir = scratch();
    const first = await start(dir);
    first.db.exec('CREATE TABLE filler (x BLOB)');
    const insert = first.db.prepare('INSERT INTO filler VALUES (randomblob(3000))');
    for (let i = 0; i < 200; i++) insert.run();
    await first.close();
    const file = join(dir, DATABASE_FILE_NAME);
    const fd = openSync(file, 'r+');
    // Scribble over pages in the middle of the file, as a failing disk or a bad copy would.
    writeSync(fd, Buffer.alloc(4096 * 8, 0xa5), 0, 4096 * 8, Math.floor(statSync(file).size / 2 / 4096) * 4096);
    closeSync(fd);
    await expect(start(dir)).rejects.toThrow(/corrupt|malformed|not a database/i);
  });

  it('refuses to create an empty database next to existing secrets unless --init', async () => {
    const dir = scratch();
    await (await start(dir)).close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(join(dir, DATABASE_FILE_NAME + suffix), { force: true });
    await expect(start(dir)).rejects.toThrow(/missing.*--init/);
    const server = await start(dir, { init: true });
    servers.push(server);
    expect(server.db.open).toBe(true);
  });

  it('keeps its data folder and files for its own user', async () => {
    const dir = join(scratch(), 'data');
    const server = await start(dir);
    servers.push(server);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, DATABASE_FILE_NAME)).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'secrets.json')).mode & 0o777).toBe(0o600);
  });
});

describe('slow clients', () => {
  it('closes a connection whose body never finishes, and refuses connections beyond the cap', async () => {
    const dir = scratch();
    const server = await createServer({
      dataDir: dir,
      enrollmentCode: TEST_ENROLLMENT_CODE,
      adminToken: TEST_ADMIN_TOKEN,
      limits: { requestTimeoutMs: 300, maxConnections: 2 },
    });
    servers.push(server);
    await server.app.listen({ host: '127.0.0.1', port: 0 });
    const address = server.app.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;

    const slow = connect(port, '127.0.0.1');
    const closed = new Promise<string>((resolve) => {
      let text = '';
      slow.on('data', (chunk) => (text += chunk.toString()));
      slow.on('close', () => resolve(text));
      slow.on('error', () => {}); // a reset is one of the ways to be closed
    });
    slow.write(
      'POST /api/v1/terminals/enroll HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"station',
    );
    expect(await closed).toMatch(/^HTTP\/1\.1 408|^$/);

    const open = [connect(port, '127.0.0.1'), connect(port, '127.0.0.1')];
    for (const socket of open) socket.on('error', () => {});
    await Promise.all(open.map((socket) => new Promise((resolve) => socket.once('connect', resolve))));
    const third = connect(port, '127.0.0.1');
    const thirdOutcome = await new Promise<string>((resolve) => {
      third.once('close', () => resolve('closed'));
      third.on('error', () => resolve('closed'));
      third.once('data', () => resolve('answered'));
      third.once('connect', () => third.write('GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n'));
    });
    expect(thirdOutcome).toBe('closed');
    for (const socket of open) socket.destroy();
  });
});
