import Dexie, { type Table } from 'dexie';
import { LineViewSchema, type LineView } from '@shared/board/line-notes';
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

/** The last line a lead's Line view read from the server, and when (this terminal's clock). */
export interface StoredLine {
  view: LineView;
  fetchedAt: number;
}

const LINE_SNAPSHOT_KEY = 'lineSnapshot';

/** The owner of the session database. */
export function openSessionStore(db: SessionDb) {
  return {
    db,
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
    /** Kept across reloads so an offline lead still sees the others as they were; checked on the way out. */
    async readLineSnapshot(): Promise<StoredLine | null> {
      const value = (await db.meta.get(LINE_SNAPSHOT_KEY))?.value;
      if (!value) return null;
      try {
        const stored = JSON.parse(value) as { view?: unknown; fetchedAt?: unknown };
        const view = LineViewSchema.safeParse(stored.view);
        // A snapshot from an older app version that no longer parses is as good as none.
        return view.success && typeof stored.fetchedAt === 'number'
          ? { view: view.data, fetchedAt: stored.fetchedAt }
          : null;
      } catch {
        return null;
      }
    },
    async saveLineSnapshot(line: StoredLine): Promise<void> {
      await db.meta.put({ key: LINE_SNAPSHOT_KEY, value: JSON.stringify(line) });
    },
  };
}

/** Per station: a terminal re-enrolled at another station must not select this one's operation. */
function selectedOperationKey(stationId: string): string {
  return `selectedOperation\u0000${stationId}`;
}

export type SessionStore = ReturnType<typeof openSessionStore>;
