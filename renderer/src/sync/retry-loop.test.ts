import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';
import { createRetryLoop } from './retry-loop';
import { manualTimers } from './testing/fake-sync-server';

function loop(results: boolean[], options: { intervalMs?: number | null } = {}) {
  const timers = manualTimers();
  let runs = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  let release: (() => void) | undefined;
  let isBlocking = false;
  const retry = createRetryLoop({
    run: async () => {
      runs++;
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      if (isBlocking) await new Promise<void>((resolve) => (release = resolve));
      inFlight--;
      return { ok: results[runs - 1] ?? true };
    },
    intervalMs: options.intervalMs === undefined ? 30_000 : options.intervalMs,
    backoff: (attempt) => backoffDelay(attempt, () => 0.5),
    timers,
    now: () => 0,
  });
  return {
    retry,
    timers,
    runs: () => runs,
    maxInFlight: () => maxInFlight,
    block: () => (isBlocking = true),
    release: () => {
      isBlocking = false;
      release?.();
    },
  };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('retry loop', () => {
  it('never gives up: keeps retrying with bounded, growing delays', async () => {
    const l = loop(Array.from({ length: 200 }, () => false));
    await l.retry.trigger(true);
    const delays: number[] = [];
    for (let i = 0; i < 199; i++) {
      delays.push(...l.timers.delays());
      l.timers.fireAll();
      await flush();
    }
    expect(l.runs()).toBe(200);
    expect(delays.slice(0, 4)).toEqual([1_000, 1_500, 3_000, 6_000]);
    expect(delays.every((d) => d >= 1_000 && d <= 60_000)).toBe(true);
    expect(delays.at(-1)).toBe(45_000);
    // Success resets the backoff and returns to the periodic interval.
    l.timers.fireAll();
    await flush();
    expect(l.timers.delays()).toEqual([30_000]);
    expect(l.retry.failures).toBe(0);
  });

  it('runs one at a time and folds triggers during a run into one rerun', async () => {
    const l = loop([]);
    l.block();
    const first = l.retry.trigger(true);
    const a = l.retry.trigger(true);
    const b = l.retry.trigger(false);
    expect(l.runs()).toBe(1);
    l.release();
    await Promise.all([first, a, b]);
    expect(l.runs()).toBe(2);
    expect(l.maxInFlight()).toBe(1);
  });

  it('lets a soft trigger wait for the backoff timer, but a forced one run at once', async () => {
    const l = loop([false, true]);
    await l.retry.trigger(true);
    expect(await l.retry.trigger(false)).toBeUndefined();
    expect(l.runs()).toBe(1);
    expect(await l.retry.trigger(true)).toEqual({ ok: true });
    expect(l.runs()).toBe(2);
  });

  it('stops scheduling after stop()', async () => {
    const l = loop([false]);
    await l.retry.trigger(true);
    await l.retry.stop();
    expect(l.timers.delays()).toEqual([]);
    expect(await l.retry.trigger(true)).toBeUndefined();
  });
});
