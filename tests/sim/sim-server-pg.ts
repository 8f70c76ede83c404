import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import {
  DEMO_QUALITY_PLANS,
  DEMO_REASONS,
  DEMO_SHIFTS,
  DEMO_STATIONS,
  demoOrders,
} from '../../server/src/seed/demo-plant';
import { createPgServer } from '../../server/src/storage/pg/pg-server';
import { openPgSyncStorage } from '../../server/src/storage/pg/pg-sync-storage';
import { openPgDatabaseCopies } from '../../server/src/testing/pg-database-copies';
import type { PgCluster } from '../../server/src/testing/pg-cluster';
import { pgHoldings } from './server-holdings';
import {
  scratchRoot,
  injectFetch,
  SIM_ADMIN_TOKEN,
  SIM_ENROLLMENT_CODE,
  sqlSafeBookingId,
  type SimServerFactory,
} from './sim-server';

// The simulation's server on PostgreSQL: each run gets its own database, copied from a template that holds
// the schema and the demo plant's master data, so runs stay as isolated as the SQLite ones (a data folder
// each). "Crashing" the server closes it and its pool; a new server then starts on the same database.

/** Raises for the booking id the fault chose; the trigger that calls it exists only until the next restart. */
const CRASH_FUNCTION_SQL = `
  CREATE FUNCTION sim_crash_mid_batch() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    RAISE EXCEPTION 'simulated crash inside the push transaction';
  END $$`;
const dropCrashTrigger = 'DROP TRIGGER IF EXISTS sim_crash_mid_batch ON bookings';

export interface PgSimStore {
  startServer: SimServerFactory;
  close(): Promise<void>;
}

/** Prepares the template once per cluster (one test file); every run then copies it. */
export async function preparePgSimStore(cluster: PgCluster): Promise<PgSimStore> {
  const templateUrl = await cluster.createDatabase();
  const storage = await openPgSyncStorage({ connectionString: templateUrl });
  try {
    const { orders, operations, boms } = demoOrders(Date.now());
    // The demo plant without its operators: no simulated booking names one, and hashing their PINs is slow.
    const outcome = await storage.importMasterData({
      mode: 'merge',
      stations: DEMO_STATIONS,
      reasons: DEMO_REASONS,
      qualityPlans: DEMO_QUALITY_PLANS,
      shifts: DEMO_SHIFTS,
      orders,
      operations,
      boms,
    });
    if (!outcome.ok) throw new Error(`demo master data refused: ${outcome.errors.join('; ')}`);
    await storage.pool.query(CRASH_FUNCTION_SQL);
  } finally {
    await storage.close();
  }
  const copies = await openPgDatabaseCopies(cluster.url, templateUrl);

  const startServer: SimServerFactory = async (now) => {
    const databaseUrl = await copies.create();
    const dataDir = mkdtempSync(join(scratchRoot, 'takt-sim-pg-'));
    const start = () =>
      createPgServer({ dataDir, databaseUrl, enrollmentCode: SIM_ENROLLMENT_CODE, adminToken: SIM_ADMIN_TOKEN, now });
    let server = await start();
    let restarts = 0;
    let isCrashArmed = false;

    return {
      get restarts() {
        return restarts;
      },
      fetch: injectFetch(() => server.app),
      readHoldings: pgHoldings(() => server.storage.pool),
      async crash() {
        await server.close(); // ends the pool: every connection and any transaction still open on it
        if (isCrashArmed) {
          // PostgreSQL has no connection-local triggers: the restart removes it before the new server starts.
          const client = new pg.Client({ connectionString: databaseUrl });
          await client.connect();
          await client.query(dropCrashTrigger).finally(() => client.end());
          isCrashArmed = false;
        }
        server = await start();
        restarts++;
      },
      async failInsideTransactionAt(bookingId) {
        isCrashArmed = true;
        await server.storage.pool.query(
          `${dropCrashTrigger};
           CREATE TRIGGER sim_crash_mid_batch BEFORE INSERT ON bookings FOR EACH ROW
             WHEN (NEW.id = '${sqlSafeBookingId(bookingId)}') EXECUTE FUNCTION sim_crash_mid_batch()`,
        );
      },
      async dispose() {
        await server.close();
        rmSync(dataDir, { recursive: true, force: true });
        await copies.drop(databaseUrl);
      },
    };
  };
  return { startServer, close: () => copies.close() };
}
