import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgTestAvailability, startPgCluster, type PgCluster } from '../../server/src/testing/pg-cluster';
import { registerSeedTests, selectedPgSeeds } from './seeds';
import { registerMidBatchFaultTest } from './server-faults';
import { preparePgSimStore, type PgSimStore } from './sim-server-pg';
import { runSimulation } from './simulation';

// The same seeds, faults and invariants with the server on PostgreSQL: one throwaway cluster for this file,
// one database, a plant per seed. TAKT_SIM_PG_SEEDS sets how many (default 20); TAKT_SIM_SEED replays one.

const pg = pgTestAvailability();
if (!pg.isAvailable) console.warn(`sync simulation on PostgreSQL skipped: ${pg.reason}`);

const title = pg.isAvailable
  ? 'sync simulation on PostgreSQL'
  : `sync simulation on PostgreSQL (skipped: ${pg.reason})`;

describe.skipIf(!pg.isAvailable)(title, () => {
  let cluster: PgCluster | undefined;
  let store: PgSimStore | undefined;

  beforeAll(async () => {
    cluster = await startPgCluster();
    store = await preparePgSimStore(cluster);
    console.info(`PostgreSQL test cluster started in ${cluster.startMs} ms`);
  }, 60_000);
  afterAll(async () => {
    await store?.close();
    await cluster?.stop();
  });

  const startServer = () => {
    if (!store) throw new Error('the PostgreSQL simulation store was not prepared');
    return store.startServer;
  };
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

  registerSeedTests('on PostgreSQL', selectedPgSeeds(), startServer);
});
