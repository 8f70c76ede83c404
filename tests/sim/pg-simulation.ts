import { afterAll, beforeAll, describe } from 'vitest';
import { pgTestAvailability, startPgCluster, type PgCluster } from '../../server/src/testing/pg-cluster';
import type { SimServerFactory } from './sim-server';
import { preparePgSimStore, type PgSimStore } from './sim-server-pg';

// The simulation's seeds, faults and invariants with the server on PostgreSQL: one throwaway cluster per test
// file, one database, a plant per seed. The seeds are split over two files (seeds-pg-odd, seeds-pg-even) so two
// workers share them: a seed spends most of its time waiting on PostgreSQL, so one file kept a core idle.

const pg = pgTestAvailability();

/** A describe block with the file's cluster and store; `register` adds the tests, which start servers on it. */
export function describePgSimulation(name: string, register: (startServer: () => SimServerFactory) => void): void {
  if (!pg.isAvailable) console.warn(`sync simulation on PostgreSQL skipped: ${pg.reason}`);
  const title = pg.isAvailable ? `${name} on PostgreSQL` : `${name} on PostgreSQL (skipped: ${pg.reason})`;

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

    register(() => {
      if (!store) throw new Error('the PostgreSQL simulation store was not prepared');
      return store.startServer;
    });
  });
}
