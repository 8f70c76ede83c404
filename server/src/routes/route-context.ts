import type { StorageHealth } from '../health/storage-health';
import type { createBookingIngest } from '../bookings/ingest';
import type { Db } from '../db/database';
import type { MasterDataStore } from '../master-data/store';
import type { TerminalRegistry } from '../terminals/terminal-registry';

/** What the route modules share; built once per server in app.ts. */
export interface RouteContext {
  db: Db;
  store: MasterDataStore;
  terminals: TerminalRegistry;
  bookings: ReturnType<typeof createBookingIngest>;
  enrollmentCode: string;
  adminToken: string;
  storageHealth: StorageHealth;
  now: () => number;
}
