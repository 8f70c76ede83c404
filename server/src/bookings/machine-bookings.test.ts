import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Booking } from '@shared/booking';
import { uuidv7 } from '@shared/id/uuidv7';
import {
  createCountAggregator,
  createStateDebouncer,
  type MachineCountDraft,
  type MachineRunState,
  type MachineStateDraft,
} from '@shared/machine';
import { createSyncClient, type PushResult } from '@shared/protocol';
import { startTestServer, TEST_ADMIN_TOKEN, TEST_ENROLLMENT_CODE, type TestServer } from '../testing/test-server';

// Machine bookings through the real server over real HTTP with the shared sync client, as the terminal sends
// them: the aggregator's output is accepted and stored as sent, a resend is a duplicate, and a machine booking
// that does not add up is rejected with a reason that says why (and kept raw for plant IT).

const EPOCH = 'epoch-machine';
let server: TestServer;
let baseUrl: string;
let terminal: { terminalId: string; token: string };
let nextSeq = 1;

beforeAll(async () => {
  server = await startTestServer();
  await server.app.listen({ host: '127.0.0.1', port: 0 });
  baseUrl = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
  const enrolled = await sync().enroll({ stationId: 'ST-10', enrollmentCode: TEST_ENROLLMENT_CODE });
  if (enrolled.kind !== 'ok') throw new Error(`enrollment failed: ${JSON.stringify(enrolled)}`);
  terminal = enrolled.value;
});
afterAll(async () => {
  await server.dispose();
});

function sync() {
  return createSyncClient({ baseUrl, fetch: (url, init) => fetch(url, init), getToken: () => terminal.token });
}

/** What the terminal's outbox makes of a machine draft: the envelope around it, at the next slot. */
function envelope(draft: MachineCountDraft | MachineStateDraft, occurredAt: number): Booking {
  return {
    id: uuidv7(occurredAt),
    terminalId: terminal.terminalId,
    epoch: EPOCH,
    seq: nextSeq++,
    occurredAt,
    clockOffsetMs: 0,
    stationId: 'ST-10',
    masterDataVersion: 'v1',
    ...draft,
  };
}

async function push(bookings: unknown[]): Promise<PushResult[]> {
  const outcome = await sync().push({ terminalId: terminal.terminalId, epoch: EPOCH, bookings });
  if (outcome.kind !== 'ok') throw new Error(`push failed: ${JSON.stringify(outcome)}`);
  return outcome.value.results;
}

async function adminGet<T>(path: string): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` } });
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

interface StoredView {
  booking: Booking;
  review?: string[];
}

describe('machine bookings at the real server', () => {
  it('accepts what the aggregators book, stores it as sent, and the counts add up to the pieces made', async () => {
    // Ten minutes of a machine at 2 pieces/s read every 500 ms, a 32-bit counter wrapping at minute 3 and
    // reset at minute 7, stopped from 4:00 to 4:30.
    const start = Date.UTC(2026, 11, 2, 6, 0);
    const counter = createCountAggregator({ signal: 'M1.parts', bits: 32, intervalMs: 60_000 });
    const run = createStateDebouncer({ signal: 'M1.run' });
    const drafts: Array<{ draft: MachineCountDraft | MachineStateDraft; at: number }> = [];
    let value = 2 ** 32 - 360;
    let made = 0;
    for (let half = 0; half <= 1_200; half++) {
      const at = start + half * 500;
      const state: MachineRunState = half >= 480 && half < 540 ? 'stopped' : 'running';
      if (half === 840) value = 0;
      else if (half > 0 && state === 'running') {
        value = (value + 1) % 2 ** 32;
        made += 1;
      }
      for (const draft of [...run.observe({ state, at }), ...counter.read({ value, at })]) drafts.push({ draft, at });
    }
    for (const draft of counter.flush()) drafts.push({ draft, at: start + 600_500 });

    const sent = drafts.map(({ draft, at }) => envelope(draft, at));
    const results = await push(sent);
    expect(results.map((result) => result.status)).toEqual(sent.map(() => 'accepted'));

    const { bookings } = await adminGet<{ bookings: StoredView[] }>(
      `/api/v1/admin/bookings?terminalId=${terminal.terminalId}&limit=1000`,
    );
    const stored = bookings.filter((view) => sent.some((booking) => booking.id === view.booking.id));
    expect(stored.map((view) => view.booking)).toEqual(sent);
    expect(stored.filter((view) => view.review !== undefined)).toEqual([]);

    const counts = stored.flatMap((view) => (view.booking.type === 'machine.count' ? [view.booking.payload] : []));
    expect(counts.reduce((sum, payload) => sum + (payload as { pieces: number }).pieces, 0)).toBe(made);
    expect(counts.length).toBeLessThanOrEqual(11); // one a minute at most
    expect(counts.some((payload) => (payload as { wraps: number }).wraps === 1)).toBe(true);
    expect(counts.some((payload) => (payload as { resets: number }).resets === 1)).toBe(true);
    const states = stored.flatMap((view) => (view.booking.type === 'machine.state' ? [view.booking.payload] : []));
    expect(states).toEqual([
      { signal: 'M1.run', state: 'running', since: start },
      { signal: 'M1.run', state: 'stopped', since: start + 240_000 },
      { signal: 'M1.run', state: 'running', since: start + 270_000 },
    ]);

    // Sent again (the answer got lost): exactly once, nothing stored twice.
    expect((await push(sent.slice(0, 3))).map((result) => result.status)).toEqual([
      'duplicate',
      'duplicate',
      'duplicate',
    ]);
  });

  it('rejects malformed machine bookings with a clear reason, and keeps them raw', async () => {
    const at = Date.UTC(2026, 11, 2, 7, 0);
    const count = (payload: object) =>
      envelope(
        {
          type: 'machine.count',
          payload: {
            signal: 'M1.parts',
            from: at - 60_000,
            to: at,
            bits: 16,
            startValue: 100,
            endValue: 160,
            pieces: 60,
            resets: 0,
            wraps: 0,
            ...payload,
          },
        } as MachineCountDraft,
        at,
      );
    const malformed = [
      count({ pieces: 59 }),
      count({ startValue: 65_530, endValue: 70_000, pieces: 4_470 }),
      count({ from: at + 1 }),
      {
        ...envelope({ type: 'machine.state', payload: { signal: 'M1.run', state: 'stopped', since: at } }, at),
        payload: { signal: 'M1.run', state: 'coffee', since: at },
      },
    ];
    const rejectedBefore = server.countRows().rejected_bookings ?? 0;
    const results = await push(malformed);
    expect(results.map((result) => [result.status, result.reason])).toEqual([
      ['rejected', expect.stringContaining('payload.pieces: without a reset, pieces must be endValue - startValue')],
      ['rejected', expect.stringContaining('payload.bits: counter values must fit the counter width')],
      ['rejected', expect.stringContaining('payload.to: from must not be after to')],
      ['rejected', expect.stringContaining('payload.state: Invalid option')],
    ]);
    expect(server.countRows().rejected_bookings).toBe(rejectedBefore + 4);
  });
});
