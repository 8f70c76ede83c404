import Dexie from 'dexie';
import type { Booking, BookingDraft } from '@shared/booking';
import type { RandomSource } from '@shared/id/uuidv7';
import { BookingsDb, DEFAULT_BOOKINGS_DB_NAME, dexieEnvironment, type DbEnvironment } from './bookings/bookings-db';
import { BookingCapture, type CaptureOptions } from './bookings/capture';
import { CaptureError } from './bookings/capture-error';
import { readRotationState, readToken, settlePendingToken, storePendingToken } from './bookings/credentials';
import { BookingHistory } from './bookings/history';
import { clearIdentity, readIdentity, saveIdentity, type TerminalIdentity } from './bookings/identity';
import { Outbox } from './bookings/outbox';
import { restoreBookings, type RestoreReport } from './bookings/restore';
import { createChangeFeed, type ChangeFeed } from './change-feed';
import { DEFAULT_MASTER_DB_NAME, MasterDb } from './master/master-db';
import { openMasterStore } from './master/master-store';
import { DEFAULT_SESSION_DB_NAME, openSessionStore, SessionDb } from './session/session-db';

// One terminal's local data, opened once at boot. This object owns the bookings database (strict durability):
// capture, outbox, history, identity and restore, each with its own state. Beside it sit the owners of the
// master-data database (`master`) and the session database (`session`).

/** A second, independent copy of every booking (Electron: main's fsync'd journal). */
export interface BookingJournalPort {
  /** Resolves once the booking is durable there; rejects otherwise. */
  append(booking: Booking): Promise<void>;
}

export interface TerminalDataOptions extends DbEnvironment {
  bookingsDbName?: string;
  masterDbName?: string;
  sessionDbName?: string;
  now?: () => number;
  random?: RandomSource;
  /** Tell other tabs about changes over a BroadcastChannel. Default: on in a browser window. */
  crossTab?: boolean;
  journal?: BookingJournalPort;
}

export function openTerminalData(options: TerminalDataOptions = {}) {
  const now = options.now ?? (() => Date.now());
  const random = options.random ?? crypto;
  const bookingsDbName = options.bookingsDbName ?? DEFAULT_BOOKINGS_DB_NAME;
  const masterDbName = options.masterDbName ?? DEFAULT_MASTER_DB_NAME;
  const bookingsDb = new BookingsDb(bookingsDbName, options, now, random);
  const crossTab = options.crossTab ?? typeof window !== 'undefined';
  const changes: ChangeFeed = createChangeFeed(crossTab ? `takt-data:${bookingsDbName}` : undefined);
  const master = openMasterStore(new MasterDb(masterDbName, options), changes, now);
  const session = openSessionStore(new SessionDb(options.sessionDbName ?? DEFAULT_SESSION_DB_NAME, options));
  // Read before the capture's transaction: IndexedDB transactions cannot wait for another database.
  const capture = new BookingCapture(bookingsDb, { now, random, masterDataVersion: () => master.readVersion() });
  const outbox = new Outbox(bookingsDb, { changes, onClockStored: (offsetMs) => capture.useClockOffset(offsetMs) });
  let journal = options.journal;

  return {
    bookingsDbName,
    masterDbName,
    bookingsDb,
    masterDb: master.db,
    changes,
    outbox,
    history: new BookingHistory(bookingsDb),
    master,
    session,

    /**
     * Saves a booking (one strict transaction: booking + sequence counter) and then, with a journal attached,
     * in the journal too; resolves only when both hold it, so "saved" means two copies. Rejects with a
     * CaptureError whose `code`/`messageKey` the UI shows; a failed journal append rejects with
     * 'journal-failed' carrying the booking, which IndexedDB has and the uploader will send.
     */
    async captureBooking(draft: BookingDraft, options?: CaptureOptions): Promise<Booking> {
      const booking = await capture.capture(draft, options);
      changes.emit('captured');
      if (!journal) return booking; // browser mode: IndexedDB alone
      try {
        await journal.append(booking);
      } catch (error) {
        throw new CaptureError('journal-failed', { cause: error, savedBooking: booking });
      }
      return booking;
    },
    /** From now on every capture is journaled as well (Electron mode, before the first capture). */
    attachJournal(port: BookingJournalPort): void {
      journal = port;
    },
    /** Puts back what the journal holds and IndexedDB lost: same ids, pending again. */
    async restoreFromJournal(bookings: readonly Booking[]): Promise<RestoreReport> {
      const report = await restoreBookings(bookingsDb, bookings, now(), random);
      // The counter may have moved: the next capture reads it afresh instead of building on the old basis.
      if (bookings.length > 0) capture.forgetBasis();
      if (report.restored + report.slotTaken > 0) changes.emit('captured');
      return report;
    },

    readIdentity: (): Promise<TerminalIdentity | undefined> => readIdentity(bookingsDb),
    async saveIdentity(identity: Omit<TerminalIdentity, 'enrolledAt'>): Promise<void> {
      await saveIdentity(bookingsDb, identity, now(), random);
      changes.emit('identity');
    },
    /** Browser mode: the token for a push of `terminalId`'s bookings, or the current one (see credentials.ts). */
    readToken: (terminalId?: string): Promise<string | undefined> => readToken(bookingsDb, terminalId),
    /** Browser mode's token rotation (sync/token-rotation.ts). */
    tokenRotation: {
      read: () => readRotationState(bookingsDb),
      storePending: (terminalId: string, token: string) => storePendingToken(bookingsDb, terminalId, token, now()),
      settle: (terminalId: string, pendingToken: string, isAccepted: boolean) =>
        settlePendingToken(bookingsDb, terminalId, pendingToken, isAccepted),
    },
    async clearIdentity(): Promise<void> {
      await clearIdentity(bookingsDb);
      changes.emit('identity');
    },

    /** Closes the databases (pending operations finish first). */
    close(): void {
      changes.close();
      bookingsDb.close();
      master.db.close();
      session.db.close();
    },
  };
}

export type TerminalData = ReturnType<typeof openTerminalData>;

/** Deletes a terminal's local databases: a wiped or reinstalled terminal (tests and support tooling). */
export async function deleteTerminalData(
  options: Pick<TerminalDataOptions, 'bookingsDbName' | 'masterDbName' | 'indexedDB' | 'IDBKeyRange'> = {},
) {
  const env = dexieEnvironment(options);
  await new Dexie(options.bookingsDbName ?? DEFAULT_BOOKINGS_DB_NAME, env).delete();
  await new Dexie(options.masterDbName ?? DEFAULT_MASTER_DB_NAME, env).delete();
}

let defaultData: TerminalData | undefined;

/** The app's terminal data, opened on first use with the default database names. */
export function getTerminalData(): TerminalData {
  defaultData ??= openTerminalData();
  return defaultData;
}

/** Opens the app's terminal data with explicit options; only before first use (or after closing it). */
export function configureTerminalData(options: TerminalDataOptions): TerminalData {
  if (defaultData) throw new Error('terminal data is already open');
  defaultData = openTerminalData(options);
  return defaultData;
}

export function closeTerminalData(): void {
  defaultData?.close();
  defaultData = undefined;
}
