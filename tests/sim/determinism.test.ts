import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { runSimulation } from './simulation';

// A failing seed is only useful if it fails the same way again.

describe('sync simulation, determinism', () => {
  it('replays a seed with the same faults, actions and bookings', async () => {
    const first = await runSimulation({ seed: 4_242, bookings: 150, terminals: 2 });
    const second = await runSimulation({ seed: 4_242, bookings: 150, terminals: 2 });
    const fingerprint = (r: typeof first) => ({
      faults: r.faults,
      actions: r.actions,
      captured: r.captured,
      restarts: r.serverRestarts,
      violations: r.violations,
    });
    expect(fingerprint(second)).toEqual(fingerprint(first));
    expect(first.violations).toEqual([]);
  }, 60_000);
});
