import Dexie, { type Table } from 'dexie';
import { dexieEnvironment, type DbEnvironment } from '../bookings/bookings-db';

// Session state that must survive a reload but is not a booking: wrong-PIN counters (a reload must not
// reset a lock), which team member was made active by a badge scan, and the operation selected per station. Nothing secret is kept here; the
// counters are keyed by a hash, never by a badge UID.

export const DEFAULT_SESSION_DB_NAME = 'takt-session';

export interface PinAttemptsRow {
  key: string;
  failures: number;
  lockedUntil: number | null;
}

interface MetaRow {
  key: string;
  value: string | null;
}

export class SessionDb extends Dexie {
  pinAttempts!: Table<PinAttemptsRow, string>;
  meta!: Table<MetaRow, string>;

  constructor(name: string, env: DbEnvironment) {
    super(name, dexieEnvironment(env));
    this.version(1).stores({ pinAttempts: 'key', meta: 'key' });
  }
}

export function createSessionData(db: SessionDb) {
  return {
    async readPinAttempts(key: string): Promise<Omit<PinAttemptsRow, 'key'> | undefined> {
      const row = await db.pinAttempts.get(key);
      return row && { failures: row.failures, lockedUntil: row.lockedUntil };
    },
    async savePinAttempts(key: string, attempts: Omit<PinAttemptsRow, 'key'>): Promise<void> {
      if (attempts.failures === 0 && attempts.lockedUntil === null) await db.pinAttempts.delete(key);
      else await db.pinAttempts.put({ key, ...attempts });
    },
    async readActiveOperatorId(): Promise<string | null> {
      return (await db.meta.get('activeOperatorId'))?.value ?? null;
    },
    async saveActiveOperatorId(operatorId: string | null): Promise<void> {
      await db.meta.put({ key: 'activeOperatorId', value: operatorId });
    },
    async readSelectedOperationId(stationId: string): Promise<string | null> {
      return (await db.meta.get(selectedOperationKey(stationId)))?.value ?? null;
    },
    async saveSelectedOperationId(stationId: string, operationId: string | null): Promise<void> {
      await db.meta.put({ key: selectedOperationKey(stationId), value: operationId });
    },
  };
}

/** Per station: a terminal re-enrolled at another station must not select this one's operation. */
function selectedOperationKey(stationId: string): string {
  return `selectedOperation\u0000${stationId}`;
}

export type SessionData = ReturnType<typeof createSessionData>;

let defaultSession: SessionData | undefined;

/** The app's session data, opened on first use. */
export function getSessionData(): SessionData {
  defaultSession ??= createSessionData(new SessionDb(DEFAULT_SESSION_DB_NAME, {}));
  return defaultSession;
}
