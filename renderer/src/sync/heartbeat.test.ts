import { describe, expect, it } from 'vitest';
import type { TerminalHeartbeat } from '@shared/board';
import { INITIAL_SYNC_HEALTH, type SyncHealth } from '@shared/sync-health';
import { heartbeatFromHealth, startTerminalHeartbeat } from './heartbeat';
import type { Timers } from './retry-loop';

/** Timers the test fires by hand: no waiting, no wall clock. */
function manualTimers() {
  const pending = new Map<number, () => void>();
  let next = 1;
  const timers: Timers = {
    setTimeout(callback) {
      pending.set(next, callback);
      return next++;
    },
    clearTimeout(handle) {
      pending.delete(handle as number);
    },
  };
  return {
    timers,
    count: () => pending.size,
    fireAll() {
      const callbacks = [...pending.values()];
      pending.clear();
      for (const callback of callbacks) callback();
    },
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('terminal heartbeat', () => {
  it('reports the oldest pending booking on the corrected clock, and none when nothing is pending', () => {
    const health: SyncHealth = {
      ...INITIAL_SYNC_HEALTH,
      pendingCount: 3,
      oldestPendingAt: 10_000,
      clockOffsetMs: -2_500,
    };
    expect(heartbeatFromHealth(health, '1.2.3', [])).toEqual({
      pending: 3,
      oldestPendingAt: 7_500,
      appVersion: '1.2.3',
      scanners: [],
    });
    expect(heartbeatFromHealth({ ...health, pendingCount: 0 }, '1.2.3', []).oldestPendingAt).toBeNull();
    expect(heartbeatFromHealth({ ...health, clockOffsetMs: null }, '1.2.3', []).oldestPendingAt).toBe(10_000);
  });

  it('sends on its timer and when nudged after a push, with the health of that moment; stops for good', async () => {
    const clock = manualTimers();
    const sent: TerminalHeartbeat[] = [];
    let health: SyncHealth = { ...INITIAL_SYNC_HEALTH, pendingCount: 2, oldestPendingAt: 1_000 };
    const abort = new AbortController();
    const heartbeat = startTerminalHeartbeat({
      send: async (body) => {
        sent.push(body);
        return { kind: 'ok', value: { serverTime: 1 } };
      },
      readHealth: () => health,
      appVersion: '0.1.0',
      readScanners: async () => [{ deviceId: 'hid-1', kind: 'hid', state: 'connected' }],
      intervalMs: 30_000,
      timers: clock.timers,
      signal: abort.signal,
    });
    // Nothing before the first push has read the outbox.
    expect(sent).toEqual([]);
    clock.fireAll();
    await settle();
    expect(sent).toEqual([
      {
        pending: 2,
        oldestPendingAt: 1_000,
        appVersion: '0.1.0',
        scanners: [{ deviceId: 'hid-1', kind: 'hid', state: 'connected' }],
      },
    ]);
    expect(clock.count()).toBe(1);

    health = { ...health, pendingCount: 0, oldestPendingAt: null };
    await heartbeat.nudge();
    expect(sent[1]).toMatchObject({ pending: 0, oldestPendingAt: null });
    // The nudge replaced the timer instead of adding a second one.
    expect(clock.count()).toBe(1);

    heartbeat.stop();
    abort.abort();
    expect(clock.count()).toBe(0);
    await heartbeat.nudge();
    expect(sent).toHaveLength(2);
  });

  it('keeps beating after a failed send', async () => {
    const clock = manualTimers();
    let calls = 0;
    startTerminalHeartbeat({
      send: async () => {
        calls += 1;
        return { kind: 'network-error', message: 'offline' };
      },
      readHealth: () => INITIAL_SYNC_HEALTH,
      appVersion: '0.1.0',
      intervalMs: 30_000,
      timers: clock.timers,
      signal: new AbortController().signal,
    });
    clock.fireAll();
    await settle();
    clock.fireAll();
    await settle();
    expect(calls).toBe(2);
    expect(clock.count()).toBe(1);
  });
});
