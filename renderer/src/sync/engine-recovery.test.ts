import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TerminalData } from '../data';
import { goodQuantityDraft, openTestTerminalData, TEST_IDENTITY } from '../data/testing/fixtures';
import { startSyncEngine } from './engine';
import { createFakeSyncServer, fakeTransport, manualTimers } from './testing/fake-sync-server';
import type { HealthOutcome } from '@shared/protocol';
import type { SyncTransport } from './transport/transport';

// After an outage the terminal must not wait out a long backoff: a cheap probe notices the server is back.

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

const PROBE_MS = 2_500;
/** The timers are manual, so only real work is awaited; give it room on a loaded machine. */
const waitFor = <T>(check: () => T) => vi.waitFor(check, { timeout: 10_000 });
const HEALTHY: HealthOutcome = {
  kind: 'ok',
  value: { status: 'ok', version: '1', protocol: 1, database: { status: 'ok', schemaVersion: 1 }, serverTime: 1 },
};

async function setup(probeAnswer: () => HealthOutcome) {
  const data: TerminalData = openTestTerminalData();
  cleanup.push(() => data.close());
  await data.saveIdentity(TEST_IDENTITY);
  await data.captureBooking(goodQuantityDraft(1));
  const server = createFakeSyncServer();
  const timers = manualTimers();
  const outage = { isDown: true, probes: 0, pushes: 0 };
  const down = { kind: 'network-error', message: 'ECONNREFUSED' } as const;
  const base = fakeTransport(server, {
    push: async () => (outage.pushes++, outage.isDown ? down : undefined),
    pull: async () => (outage.isDown ? down : undefined),
  });
  const transport: SyncTransport = {
    ...base,
    probe: async () => (outage.probes++, outage.isDown ? down : probeAnswer()),
  };
  const sync = startSyncEngine({
    transport,
    data,
    timers,
    connectivity: null,
    locks: null,
    datasets: ['orders'],
    random: () => 0.5,
    probeIntervalMs: PROBE_MS,
  });
  cleanup.push(() => sync.stop());
  return { data, server, timers, outage, sync };
}

/** Lets the push loop fail `count` times by firing only its retry timers (never the probe's). */
async function failPushes(env: Awaited<ReturnType<typeof setup>>, count: number) {
  while (env.outage.pushes < count) {
    const before = env.outage.pushes;
    const retry = env.timers.delays().find((ms) => ms !== PROBE_MS && ms < 30_000);
    if (retry !== undefined) env.timers.fireDelay(retry);
    await waitFor(() => expect(env.outage.pushes).toBeGreaterThan(before));
  }
  await waitFor(() => expect(env.sync.health.getHealth().nextRetryAt).not.toBeNull());
}

describe('recovery after an outage', () => {
  it('probes while unreachable and syncs as soon as the server answers, without waiting out the backoff', async () => {
    const env = await setup(() => HEALTHY);
    await waitFor(() => expect(env.sync.health.getHealth()).toMatchObject({ isOnline: false, lastError: 'network' }));
    await failPushes(env, 5);
    const backoff = Math.max(...env.timers.delays().filter((ms) => ms !== PROBE_MS && ms < 30_000));
    expect(backoff).toBeGreaterThanOrEqual(8_000); // what the terminal would otherwise wait

    env.timers.fireDelay(PROBE_MS); // the server is still down: ask again later
    await waitFor(() => expect(env.outage.probes).toBe(1));
    await waitFor(() => expect(env.timers.delays()).toContain(PROBE_MS));
    expect(env.server.stored.size).toBe(0);

    env.outage.isDown = false;
    env.timers.fireDelay(PROBE_MS);
    await waitFor(() => expect(env.server.stored.size).toBe(1));
    await waitFor(() =>
      expect(env.sync.health.getHealth()).toMatchObject({
        isOnline: true,
        lastError: null,
        pendingCount: 0,
        nextRetryAt: null,
      }),
    );
    expect(env.timers.delays()).not.toContain(PROBE_MS); // probing stops once the server is back
    expect(env.server.pulls.length).toBeGreaterThan(0); // master data is fetched again too
  });

  it('does not count a degraded server as back', async () => {
    const degraded: HealthOutcome = { kind: 'ok', value: { ...HEALTHY.value, status: 'degraded' } } as HealthOutcome;
    const env = await setup(() => degraded);
    await failPushes(env, 2);
    env.outage.isDown = false;
    const pushesBefore = env.outage.pushes;
    env.timers.fireDelay(PROBE_MS);
    await waitFor(() => expect(env.outage.probes).toBe(1));
    await waitFor(() => expect(env.timers.delays()).toContain(PROBE_MS));
    expect(env.outage.pushes).toBe(pushesBefore);
  });

  it('does not probe while the server is reachable, and stops probing when the engine stops', async () => {
    const env = await setup(() => HEALTHY);
    env.outage.isDown = false;
    await env.sync.syncNow();
    await waitFor(() => expect(env.sync.health.getHealth().lastError).toBeNull());
    expect(env.timers.delays()).not.toContain(PROBE_MS);
    env.outage.isDown = true;
    await env.data.captureBooking(goodQuantityDraft(2));
    await waitFor(() => expect(env.timers.delays()).toContain(PROBE_MS));
    await env.sync.stop();
    expect(env.timers.delays()).not.toContain(PROBE_MS);
  });
});
