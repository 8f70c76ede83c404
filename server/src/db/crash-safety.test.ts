import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { PushResponse } from '@shared/protocol';
import { DATABASE_FILE_NAME } from '../app';
import { startServerProcess } from '../testing/server-process';
import { makeBooking, startTestServer, TEST_ENROLLMENT_CODE } from '../testing/test-server';
import { LATEST_SCHEMA_VERSION } from './migrations';

let child: ChildProcess | undefined;
let dataDir: string | undefined;

afterEach(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  child = undefined;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  dataDir = undefined;
});

async function startServer(dir: string): Promise<string> {
  const started = await startServerProcess(dir);
  child = started.child;
  return started.url;
}

describe('durability', () => {
  it('keeps every acknowledged booking when the server process is killed without shutdown', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'takt-crash-'));
    const url = await startServer(dataDir);
    const enrolled = await fetch(`${url}/api/v1/terminals/enroll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ stationId: 'ST-10', enrollmentCode: TEST_ENROLLMENT_CODE }),
    });
    const { terminalId, token } = (await enrolled.json()) as { terminalId: string; token: string };
    const bookings = Array.from({ length: 300 }, (_, i) => makeBooking(terminalId, 'e1', i + 1));
    for (let start = 0; start < bookings.length; start += 100) {
      const response = await fetch(`${url}/api/v1/sync/push`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ terminalId, epoch: 'e1', bookings: bookings.slice(start, start + 100) }),
      });
      expect(((await response.json()) as PushResponse).ackedUpTo).toBe(start + 100);
    }
    const exited = new Promise((resolve) => child?.on('exit', resolve));
    child?.kill('SIGKILL');
    await exited;

    const db = new Database(join(dataDir, DATABASE_FILE_NAME));
    try {
      const ids = db.prepare('SELECT id FROM bookings ORDER BY seq').pluck().all();
      expect(ids).toEqual(bookings.map((b) => b.id));
      expect(db.prepare('SELECT acked_up_to FROM terminal_epochs').pluck().get()).toBe(300);
    } finally {
      db.close();
    }
  }, 30_000);

  it('shuts down cleanly on SIGTERM', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'takt-sigterm-'));
    const url = await startServer(dataDir);
    expect((await fetch(`${url}/api/v1/health`)).status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child?.on('exit', (code) => resolve(code)));
    child?.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 30_000);

  it('has committed a push before answering it: another connection sees the rows at once', async () => {
    const server = await startTestServer();
    try {
      const { terminalId, token } = await server.enroll();
      const bookings = [1, 2, 3].map((seq) => makeBooking(terminalId, 'e1', seq));
      expect((await server.push(token, { terminalId, epoch: 'e1', bookings })).statusCode).toBe(200);
      const reader = new Database(join(server.dataDir, DATABASE_FILE_NAME), { readonly: true });
      try {
        expect(reader.prepare('SELECT COUNT(*) FROM bookings').pluck().get()).toBe(3);
      } finally {
        reader.close();
      }
      expect(server.db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(server.db.pragma('synchronous', { simple: true })).toBe(2); // FULL
      expect(server.db.pragma('foreign_keys', { simple: true })).toBe(1);
    } finally {
      await server.dispose();
    }
  });

  it('reopens an existing data folder with its data, secrets and schema version', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'takt-reopen-'));
    const first = await startTestServer({ dataDir, enrollmentCode: undefined, adminToken: undefined });
    // Generated secrets this time (no explicit ones), so the restart must read them back from the folder.
    const enrolled = await first.request({
      method: 'POST',
      url: '/api/v1/terminals/enroll',
      payload: { stationId: 'ST-10', enrollmentCode: first.enrollmentCode },
    });
    const { terminalId, token } = enrolled.json<{ terminalId: string; token: string }>();
    await first.push(token, { terminalId, epoch: 'e1', bookings: [makeBooking(terminalId, 'e1', 1)] });
    await first.close();

    const second = await startTestServer({ dataDir, enrollmentCode: undefined, adminToken: undefined });
    try {
      expect(second.enrollmentCode).toBe(first.enrollmentCode);
      expect(second.adminToken).toBe(first.adminToken);
      expect(second.generatedSecrets).toEqual([]);
      expect(second.countRows().bookings).toBe(1);
      const health = (await second.request({ method: 'GET', url: '/api/v1/health' })).json<{
        database: { schemaVersion: number };
      }>();
      expect(health.database.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
      // The token still works after the restart: push the next seq.
      const next = await second.push(token, { terminalId, epoch: 'e1', bookings: [makeBooking(terminalId, 'e1', 2)] });
      expect(next.json<PushResponse>().ackedUpTo).toBe(2);
    } finally {
      await second.close();
    }
  });
});
