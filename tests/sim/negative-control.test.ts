import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { runSimulation } from './simulation';

// The simulation must be able to fail. A server that dedupes on (terminal, seq) alone silently drops the
// bookings of a terminal whose database was wiped (new epoch, seq back at 1); the harness has to see it.
// A terminal that pushes everything with its current token strands the bookings it captured under an
// earlier enrollment (the server refuses them as another terminal's); the harness has to see that too.

describe('sync simulation, negative control', () => {
  for (const seed of [11, 12, 13]) {
    it(`seed ${seed}: catches a server that dedupes on seq alone`, async () => {
      const result = await runSimulation({
        seed,
        bookings: 60,
        terminals: 1,
        forceWipe: true,
        isSeqOnlyDedupeServer: true,
        allowDataLoss: false,
      });
      expect(result.actions.wipe).toBeGreaterThan(0);
      expect(result.violations.some((v) => v.includes('is missing on the server'))).toBe(true);
    }, 60_000);

    it(`seed ${seed}: the same run against the real server is clean`, async () => {
      const result = await runSimulation({ seed, bookings: 60, terminals: 1, forceWipe: true, allowDataLoss: false });
      expect(result.actions.wipe).toBeGreaterThan(0);
      expect(result.violations).toEqual([]);
    }, 60_000);
  }

  for (const seed of [21, 22, 23]) {
    it(`seed ${seed}: catches a terminal that pushes an earlier enrollment's bookings with its new token`, async () => {
      const result = await runSimulation({
        seed,
        bookings: 60,
        terminals: 1,
        forceReenroll: true,
        isCurrentTokenOnlyClient: true,
        allowDataLoss: false,
      });
      expect(result.actions['re-enroll']).toBeGreaterThan(0);
      expect(result.violations.some((v) => v.includes('is missing on the server'))).toBe(true);
    }, 60_000);

    it(`seed ${seed}: the same run with the real terminal is clean`, async () => {
      const result = await runSimulation({
        seed,
        bookings: 60,
        terminals: 1,
        forceReenroll: true,
        allowDataLoss: false,
      });
      expect(result.actions['re-enroll']).toBeGreaterThan(0);
      expect(result.violations).toEqual([]);
    }, 60_000);
  }
});
