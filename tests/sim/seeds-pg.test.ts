import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe } from 'vitest';
import { pgTestAvailability, startPgCluster, type PgCluster } from '../../server/src/testing/pg-cluster';
import { registerSeedTests, selectedPgSeeds } from './seeds';
import { registerMidBatchFaultTest } from './server-faults';
import { preparePgSimStore, type PgSimStore } from './sim-server-pg';

// The same seeds, faults and invariants with the server on PostgreSQL: one throwaway cluster for this file,
// a database per seed. TAKT_SIM_PG_SEEDS sets how many (default 20); TAKT_SIM_SEED replays one.

const pg = pgTestAvailability();
if (!pg.isAvailable) console.warn(`sync simulation on PostgreSQL skipped: ${pg.reason}`);

describe.skipIf(!pg.isAvailable)('sync simulation on PostgreSQL', () => {
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
  registerSeedTests('on PostgreSQL', selectedPgSeeds(), startServer);
});
