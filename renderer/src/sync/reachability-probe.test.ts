import { describe, expect, it, vi } from 'vitest';
import { createReachabilityProbe } from './reachability-probe';
import { manualTimers } from './testing/fake-sync-server';

function probeWith(answers: Array<boolean | 'throw' | 'hang'>) {
  const timers = manualTimers();
  const onReachable = vi.fn();
  let asked = 0;
  const pending: Array<(value: boolean) => void> = [];
  const probe = createReachabilityProbe({
    probe: () => {
      const answer = answers[asked++] ?? false;
      if (answer === 'throw') return Promise.reject(new Error('offline'));
      if (answer === 'hang') return new Promise<boolean>((resolve) => pending.push(resolve));
      return Promise.resolve(answer);
    },
    intervalMs: 2_500,
    timers,
    onReachable,
  });
  return { probe, timers, onReachable, asked: () => asked, pending };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('reachability probe', () => {
  it('asks on its short interval until the server answers, then reports once and stops', async () => {
    const p = probeWith([false, 'throw', false, true]);
    p.probe.start();
    p.probe.start(); // a second start while probing changes nothing
    for (let i = 0; i < 4; i++) {
      expect(p.timers.delays()).toEqual([2_500]);
      p.timers.fireAll();
      await flush();
    }
    expect(p.asked()).toBe(4);
    expect(p.onReachable).toHaveBeenCalledTimes(1);
    expect(p.timers.delays()).toEqual([]);
    expect(p.probe.isActive).toBe(false);
  });

  it('asks nothing after stop()', async () => {
    const p = probeWith([true]);
    p.probe.start();
    p.probe.stop();
    expect(p.timers.delays()).toEqual([]);
    await flush();
    expect(p.asked()).toBe(0);
    expect(p.onReachable).not.toHaveBeenCalled();
  });

  it('ignores an answer from before a restart, so only one probe loop ever runs', async () => {
    const p = probeWith(['hang', false]);
    p.probe.start();
    p.timers.fireAll(); // first probe is now in flight
    p.probe.stop();
    p.probe.start(); // a new outage before the old answer came
    p.pending[0]?.(true);
    await flush();
    expect(p.onReachable).not.toHaveBeenCalled();
    expect(p.timers.delays()).toEqual([2_500]);
  });
});
