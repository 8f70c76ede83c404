import 'fake-indexeddb/auto';
import { expect, it } from 'vitest';
import { describePgSimulation } from './pg-simulation';
import { registerSeedTests, selectedPgSeeds } from './seeds';
import { registerMidBatchFaultTest } from './server-faults';
import { runSimulation } from './simulation';

// The PostgreSQL seeds (half of TAKT_SIM_SEEDS, see seeds.ts) run over this file and seeds-pg-even;
// TAKT_SIM_SEED replays one.

describePgSimulation('sync simulation, odd seeds', (startServer) => {
  registerMidBatchFaultTest(startServer);

  // The negative controls of negative-control.test.ts, once each: the invariants must see a loss on this store too.
  it('seed 11: catches a server that dedupes on seq alone', async () => {
    const result = await runSimulation({
      seed: 11,
      bookings: 60,
      terminals: 1,
      forceWipe: true,
      isSeqOnlyDedupeServer: true,
      allowDataLoss: false,
      startServer: startServer(),
    });
    expect(result.actions.wipe).toBeGreaterThan(0);
    expect(result.violations.some((v) => v.includes('is missing on the server'))).toBe(true);
  }, 60_000);
  it("seed 21: catches a terminal that pushes an earlier enrollment's bookings with its new token", async () => {
    const result = await runSimulation({
      seed: 21,
      bookings: 60,
      terminals: 1,
      forceReenroll: true,
      isCurrentTokenOnlyClient: true,
      allowDataLoss: false,
      startServer: startServer(),
    });
    expect(result.actions['re-enroll']).toBeGreaterThan(0);
    expect(result.violations.some((v) => v.includes('is missing on the server'))).toBe(true);
  }, 60_000);

  registerSeedTests('on PostgreSQL, odd seeds', selectedPgSeeds(1), startServer);
});
