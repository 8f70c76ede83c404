import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { OutboxHealth } from '@shared/sync-health';
import type { TerminalData } from '../data';
import { goodQuantityDraft, openTestTerminalData, TEST_IDENTITY } from '../data/testing/fixtures';
import { startSyncEngine } from './engine';
import { createFakeSyncServer, fakeTransport, manualTimers } from './testing/fake-sync-server';

// The pending figure is what an operator (and a test) trusts to say "everything saved is on the server". It
// must never read less than what the terminal has confirmed as saved, not even for the moment a database read
// takes.

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

const waitFor = <T>(check: () => T) => vi.waitFor(check, { timeout: 10_000 });

async function setup() {
  const data: TerminalData = openTestTerminalData();
  cleanup.push(() => data.close());
  await data.saveIdentity(TEST_IDENTITY);
  // The server is unreachable: what is captured stays pending.
  const transport = fakeTransport(createFakeSyncServer(), {
    push: async () => ({ kind: 'network-error', message: 'ECONNREFUSED' }),
    pull: async () => ({ kind: 'network-error', message: 'ECONNREFUSED' }),
  });
  const sync = startSyncEngine({
    transport,
    data,
    timers: manualTimers(),
    connectivity: null,
    locks: null,
    datasets: ['orders'],
    random: () => 0.5,
  });
  cleanup.push(() => sync.stop());
  await waitFor(() => expect(sync.health.getHealth().lastError).toBe('network'));
  return { data, sync };
}

describe('the pending figure', () => {
  it('counts a booking by the time its capture resolves', async () => {
    const { data, sync } = await setup();
    expect(sync.health.getHealth().pendingCount).toBe(0);

    await data.captureBooking(goodQuantityDraft(1));
    expect(sync.health.getHealth().pendingCount).toBe(1);
    await data.captureBooking(goodQuantityDraft(2));
    expect(sync.health.getHealth().pendingCount).toBe(2);
    await waitFor(() => expect(sync.health.getHealth().oldestPendingAt).not.toBeNull());
    expect(sync.health.getHealth().pendingCount).toBe(2);
  });

  it('is not lowered by a read that began before the capture', async () => {
    const { data, sync } = await setup();
    // The next read of the counts is held after it has read the database, until the capture is done.
    const readStats = data.outbox.readStats.bind(data.outbox);
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let heldReads = 0;
    data.outbox.readStats = async (): Promise<OutboxHealth> => {
      const stats = await readStats();
      if (heldReads++ === 0) await held;
      return stats;
    };
    void sync.pushNow(); // a push run ends with a read of the counts
    await waitFor(() => expect(heldReads).toBe(1));

    await data.captureBooking(goodQuantityDraft(1));
    release();
    const seen: number[] = [];
    const unsubscribe = sync.health.subscribe((health) => seen.push(health.pendingCount));
    cleanup.push(unsubscribe);
    await waitFor(() => expect(heldReads).toBeGreaterThanOrEqual(2));
    await waitFor(() => expect(sync.health.getHealth().oldestPendingAt).not.toBeNull());
    expect(seen.every((count) => count === 1)).toBe(true);
    expect(sync.health.getHealth().pendingCount).toBe(1);
  });
});
