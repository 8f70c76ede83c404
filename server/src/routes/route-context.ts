import type { StorageHealth } from '../health/storage-health';
import type { createBookingIngest } from '../bookings/ingest';
import type { Db } from '../db/database';
import type { EnrollmentCodes } from '../enrollment/enrollment-codes';
import type { EnrollmentLockout } from '../enrollment/enrollment-lockout';
import type { MasterDataStore } from '../master-data/store';
import type { SyncStorage } from '../storage/sync-storage';
import type { TerminalRegistry } from '../terminals/terminal-registry';

/** What the route modules share; built once per server in app.ts. */
export interface RouteContext {
  db: Db;
  store: MasterDataStore;
  terminals: TerminalRegistry;
  bookings: ReturnType<typeof createBookingIngest>;
  /** The plant-wide code of demo and development mode; undefined in production. */
  enrollmentCode: string | undefined;
  enrollmentCodes: EnrollmentCodes;
  enrollmentLockout: EnrollmentLockout;
  adminToken: string;
  storageHealth: StorageHealth;
  now: () => number;
  /** The sync contract's storage (SQLite here; PostgreSQL in the PostgreSQL server). */
  sync: SyncStorage;
}
