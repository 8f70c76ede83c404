import { afterEach, describe, expect, it } from 'vitest';
import type { BoardSnapshot } from '@shared/board';
import type { ScanSourceStatus } from '@shared/scan/raw-scan';
import { startTestServer, TEST_ADMIN_TOKEN, type TestServer } from '../../../server/src/testing/test-server';
import { freePort } from '../../../tests/support/free-port';
import { createServerClient } from './server-client';
import { startMainHeartbeat, type MainHeartbeat } from './terminal-heartbeat';

// Main's heartbeat against a real central server over HTTP on 127.0.0.1: what reaches the board.

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serve(): Promise<{ server: TestServer; baseUrl: string }> {
  const server = await startTestServer();
  cleanups.push(() => server.dispose());
  const port = await freePort();
  await server.app.listen({ port, host: '127.0.0.1' });
  return { server, baseUrl: `http://127.0.0.1:${port}` };
}

async function terminalHealth(server: TestServer, stationId: string) {
  const response = await server.admin('GET', '/api/v1/board');
  return response.json<BoardSnapshot>().stations.find((s) => s.stationId === stationId)?.terminal;
}

function scanner(deviceId: string, state: ScanSourceStatus['state']): ScanSourceStatus {
  return { deviceId, kind: 'hid', state, scans: 0, errors: 0 };
}

async function until<T>(read: () => Promise<T>, isDone: (value: T) => boolean, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (isDone(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('main heartbeat', () => {
  it('sends the renderer outbox with the scanners at once, then on its own timer; nothing before a report', async () => {
    const { server, baseUrl } = await serve();
    const credentials = await server.enroll('ST-10');
    const client = createServerClient({ baseUrl, getCredentials: () => credentials });
    let scanners = [scanner('hid-1', 'connected'), scanner('serial-1', 'connected')];
    const heartbeat: MainHeartbeat = startMainHeartbeat({
      client: () => client,
      appVersion: '1.4.0',
      scanners: () => scanners,
      intervalMs: 150,
    });
    cleanups.push(() => heartbeat.stop());

    // The timer ran a few times, but without the renderer's count there is nothing true to report.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await terminalHealth(server, 'ST-10')).toMatchObject({ lastSeenAt: null, pending: null });

    const oldest = Date.now() - 60_000;
    const outcome = await heartbeat.report({ pending: 3, oldestPendingAt: oldest });
    expect(outcome.kind).toBe('ok');
    expect(await terminalHealth(server, 'ST-10')).toMatchObject({
      pending: 3,
      oldestPendingAt: oldest,
      scanners: [
        { deviceId: 'hid-1', kind: 'hid', state: 'connected' },
        { deviceId: 'serial-1', kind: 'hid', state: 'connected' },
      ],
    });

    // A scanner is unplugged and the renderer says nothing: main's own timer carries the news.
    scanners = [scanner('hid-1', 'connected'), scanner('serial-1', 'disconnected')];
    const health = await until(
      () => terminalHealth(server, 'ST-10'),
      (terminal) => terminal?.scanners?.[1]?.state === 'disconnected',
    );
    expect(health).toMatchObject({ pending: 3, scanners: [{ state: 'connected' }, { state: 'disconnected' }] });

    // An empty outbox has no oldest booking, whatever the report says.
    await heartbeat.report({ pending: 0, oldestPendingAt: oldest });
    expect(await terminalHealth(server, 'ST-10')).toMatchObject({ pending: 0, oldestPendingAt: null });
  });

  it('reads the line with the terminal token, and reports a refused token as such', async () => {
    const { server, baseUrl } = await serve();
    const credentials = await server.enroll('ST-10');
    const line = await createServerClient({ baseUrl, getCredentials: () => credentials }).line();
    expect(line.kind).toBe('ok');
    if (line.kind === 'ok') expect(line.value.board.stations.map((s) => s.stationId)).toContain('ST-20');

    const stranger = createServerClient({
      baseUrl,
      getCredentials: () => ({ terminalId: 'T-x', token: TEST_ADMIN_TOKEN.replace('test', 'nope') }),
    });
    expect(await stranger.line()).toMatchObject({ kind: 'http-error', status: 401 });
    expect(
      await stranger.heartbeat({ pending: 0, oldestPendingAt: null, appVersion: '1', scanners: [] }),
    ).toMatchObject({ kind: 'http-error', status: 401 });
  });
});
