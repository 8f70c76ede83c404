import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BODY_LIMIT } from './takt-fastify';
import { startServerProcess } from '../testing/server-process';
import { makeBooking, TEST_ADMIN_TOKEN, TEST_ENROLLMENT_CODE } from '../testing/test-server';
import { DISCARD_FACTOR } from './oversized-body';

// The server runs in its own process: in the test's own event loop the client finishes writing before the
// server reads the headers, which hides the early close that made Node's fetch see EPIPE instead of 413.

let child: ChildProcess;
let dataDir: string;
let baseUrl: string;
let terminal: { terminalId: string; token: string };
const EPOCH = 'epoch-a';

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'takt-oversized-'));
  ({ url: baseUrl, child } = await startServerProcess(dataDir));
  const enrolled = await fetch(`${baseUrl}/api/v1/terminals/enroll`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ stationId: 'ST-10', enrollmentCode: TEST_ENROLLMENT_CODE }),
  });
  terminal = (await enrolled.json()) as { terminalId: string; token: string };
}, 30_000);

afterAll(async () => {
  if (child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  rmSync(dataDir, { recursive: true, force: true });
});

const pushUrl = () => `${baseUrl}/api/v1/sync/push`;
const headers = () => ({ authorization: `Bearer ${terminal.token}`, 'content-type': 'application/json' });
/** Three times the limit: more than the socket buffers take in at once, less than the server discards. */
const oversizedBody = () =>
  JSON.stringify({
    terminalId: terminal.terminalId,
    epoch: EPOCH,
    bookings: [{ ...makeBooking(terminal.terminalId, EPOCH, 1), masterDataVersion: 'x'.repeat(3 * BODY_LIMIT) }],
  });
const outcomeOf = (request: Promise<Response>) =>
  request.then(
    // Read the answer, or undici keeps the connection busy with it.
    async (response) => (await response.arrayBuffer(), response.status),
    (error: Error) => `failed: ${(error.cause as Error | undefined)?.message ?? error.message}`,
  );
const storedBookings = async () => {
  const response = await fetch(`${baseUrl}/api/v1/admin/bookings`, {
    headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
  });
  return ((await response.json()) as { bookings: unknown[] }).bookings.length;
};

describe('a push over the body limit', () => {
  it("reaches Node's fetch as 413 every time, and the connection stays usable", async () => {
    const body = oversizedBody();
    const outcomes = [];
    for (let attempt = 0; attempt < 10; attempt += 1)
      outcomes.push(await outcomeOf(fetch(pushUrl(), { method: 'POST', headers: headers(), body })));
    expect(outcomes).toEqual(Array.from({ length: 10 }, () => 413));

    const response = await fetch(pushUrl(), { method: 'POST', headers: headers(), body });
    expect(await response.json()).toMatchObject({ error: { code: 'payload-too-large' } });
    expect(await storedBookings()).toBe(0);
    const small = await fetch(pushUrl(), {
      method: 'POST',
      headers: headers(),
      body: JSON.stringify({
        terminalId: terminal.terminalId,
        epoch: EPOCH,
        bookings: [makeBooking(terminal.terminalId, EPOCH, 1)],
      }),
    });
    expect(small.status).toBe(200);
  }, 60_000);

  it('answers 413 to a streamed (chunked) body over the limit', async () => {
    const bytes = new TextEncoder().encode(oversizedBody());
    const chunkSize = 64 * 1024;
    const outcome = await outcomeOf(
      fetch(pushUrl(), {
        method: 'POST',
        headers: headers(),
        body: new ReadableStream<Uint8Array>({
          start(controller) {
            for (let offset = 0; offset < bytes.length; offset += chunkSize)
              controller.enqueue(bytes.subarray(offset, offset + chunkSize));
            controller.close();
          },
        }),
        duplex: 'half',
      } as RequestInit),
    );
    expect(outcome).toBe(413);
  }, 30_000);

  it('stops reading a body that goes on and on', async () => {
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    const giveUpAt = 64 * BODY_LIMIT;
    let sent = 0;
    const outcome = await outcomeOf(
      fetch(pushUrl(), {
        method: 'POST',
        headers: headers(),
        body: new ReadableStream<Uint8Array>({
          // Yields between chunks, so an undici that keeps pulling after the answer cannot starve the test's timers.
          async pull(controller) {
            await new Promise((resolve) => setImmediate(resolve));
            if (sent >= giveUpAt) return controller.close();
            sent += chunk.length;
            controller.enqueue(chunk);
          },
        }),
        duplex: 'half',
      } as RequestInit),
    );
    // Either the 413 or the closed connection ends it; what matters is that it ends.
    expect(outcome === 413 || String(outcome).startsWith('failed')).toBe(true);
    // It stopped long before the client's end (a server reading on would take all of giveUpAt). Socket buffers
    // on loopback hold tens of MB more than the server read (Linux grows a receive buffer up to tcp_rmem's
    // maximum, 32 MB on Debian): the client had sent 20.5 MB against the server's 8 MB under load.
    expect(sent).toBeGreaterThan(BODY_LIMIT * DISCARD_FACTOR);
    expect(sent).toBeLessThan(giveUpAt / 2);
  }, 30_000);
});
