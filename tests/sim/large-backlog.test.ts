import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { runSimulation } from './simulation';

// Long runs: thousands of bookings per seed, so backlogs reach many full batches while faults hit.

describe('sync simulation, large runs', () => {
  for (const seed of [7_001, 7_002]) {
    it(`seed ${seed}: 5,000+ bookings over two terminals`, async () => {
      const result = await runSimulation({ seed, bookings: 5_000, terminals: 2 });
      expect(result.violations, `replay with runSimulation({ seed: ${seed}, bookings: 5000, terminals: 2 })`).toEqual(
        [],
      );
      expect(result.captured).toBeGreaterThanOrEqual(5_000);
    }, 240_000);
  }
});
