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

// The simulation's server on PostgreSQL. The runs of one test file share a database, each run with a plant of
// its own (its terminals, secrets, master data and lockouts), as several plants share one PostgreSQL: an import
// per run is ~10x cheaper than a database per run, and the invariants read only the run's plant and terminals.
// "Crashing" the server closes it and its pool; a new server then starts on the same database and plant.

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

/** Migrates the file's database once; every run then adds its plant. */
export async function preparePgSimStore(cluster: PgCluster): Promise<PgSimStore> {
  const databaseUrl = await cluster.createDatabase();
  const storage = await openPgSyncStorage({ connectionString: databaseUrl });
  try {
    await storage.pool.query(CRASH_FUNCTION_SQL);
  } finally {
    await storage.close();
  }
  // Installs and removes the fault's trigger, outside the server under test.
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  const { orders, operations, boms } = demoOrders(Date.now());
  // The demo plant (as the SQLite runs have it) without its operators: no simulated booking names one, and
  // hashing their PINs is slow.
  const masterData = {
    mode: 'merge',
    stations: DEMO_STATIONS,
    reasons: DEMO_REASONS,
    qualityPlans: DEMO_QUALITY_PLANS,
    shifts: DEMO_SHIFTS,
    orders,
    operations,
    boms,
  } as const;
  let plants = 0;

  const startServer: SimServerFactory = async (now) => {
    plants += 1;
    const plantId = `sim-plant-${plants}`;
    const dataDir = mkdtempSync(join(scratchRoot, 'takt-sim-pg-'));
    const start = () =>
      createPgServer({
        dataDir,
        databaseUrl,
        plantId,
        enrollmentCode: SIM_ENROLLMENT_CODE,
        adminToken: SIM_ADMIN_TOKEN,
        now,
      });
    let server = await start();
    const imported = await server.storage.importMasterData(masterData, { clientIp: 'simulation' });
    if (!imported.ok) throw new Error(`demo master data refused: ${imported.errors.join('; ')}`);
    let restarts = 0;
    let isCrashArmed = false;

    return {
      get restarts() {
        return restarts;
      },
      fetch: injectFetch(() => server.app),
      readHoldings: pgHoldings(() => server.storage.pool, plantId),
      async crash() {
        await server.close(); // ends the pool: every connection and any transaction still open on it
        if (isCrashArmed) {
          // PostgreSQL has no connection-local triggers: the restart removes it before the new server starts.
          await admin.query(dropCrashTrigger);
          isCrashArmed = false;
        }
        server = await start();
        restarts++;
      },
      async failInsideTransactionAt(bookingId) {
        isCrashArmed = true;
        await admin.query(
          `${dropCrashTrigger};
           CREATE TRIGGER sim_crash_mid_batch BEFORE INSERT ON bookings FOR EACH ROW
             WHEN (NEW.id = '${sqlSafeBookingId(bookingId)}') EXECUTE FUNCTION sim_crash_mid_batch()`,
        );
      },
      async dispose() {
        await server.close();
        if (isCrashArmed) await admin.query(dropCrashTrigger);
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  };
  return { startServer, close: () => admin.end() };
}
