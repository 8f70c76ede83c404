import Dexie from 'dexie';
import type { Booking, BookingDraft } from '../../../shared/booking';
import type { DatasetName } from '../../../shared/master-data';
import type { RandomSource } from '../../../shared/id/uuidv7';
import {
  BookingsDb,
  DEFAULT_BOOKINGS_DB_NAME,
  dexieEnvironment,
  type ClockState,
  type DbEnvironment,
} from './bookings/bookings-db';
import { captureBooking, type CaptureOptions } from './bookings/capture';
import { CaptureError } from './bookings/capture-error';
import { readRotationState, readToken, settlePendingToken, storePendingToken } from './bookings/credentials';
import { listBookingsSince } from './bookings/history';
import { clearIdentity, readIdentity, saveIdentity, type TerminalIdentity } from './bookings/identity';
import * as outbox from './bookings/outbox';
import { restoreBookings, type RestoreReport } from './bookings/restore';
import { createChangeFeed, type ChangeFeed } from './change-feed';
import { DEFAULT_MASTER_DB_NAME, MasterDb } from './master/master-db';
import {
  applyPullPage,
  readMasterDataStatus,
  readMasterDataVersion,
  readPullCursor,
  type PullPage,
} from './master/pull-apply';
import { createMasterRepositories } from './master/repositories';

// One terminal's local data: the bookings database (strict durability) and the master-data database.

/** A second, independent copy of every booking (Electron: main's fsync'd journal). */
export interface BookingJournalPort {
  /** Resolves once the booking is durable there; rejects otherwise. */
  append(booking: Booking): Promise<void>;
}

export interface TerminalDataOptions extends DbEnvironment {
  bookingsDbName?: string;
  masterDbName?: string;
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
  const masterDb = new MasterDb(masterDbName, options);
  const crossTab = options.crossTab ?? typeof window !== 'undefined';
  const changes: ChangeFeed = createChangeFeed(crossTab ? `takt-data:${bookingsDbName}` : undefined);
  let journal = options.journal;

  // Stamped on every booking. Reading it is a transaction on the other database, which would cost each
  // capture a round trip; it only changes when a pull lands (here or in another tab), so it is cached.
  let masterVersion: Promise<string> | null = null;
  const masterDataVersion = (): Promise<string> => {
    masterVersion ??= readMasterDataVersion(masterDb).catch((error: unknown) => {
      masterVersion = null;
      throw error;
    });
    return masterVersion;
  };
  changes.subscribe((change) => {
    if (change === 'master') masterVersion = null;
  });

  return {
    bookingsDbName,
    masterDbName,
    bookingsDb,
    masterDb,
    changes,

    /**
     * Stores the booking in IndexedDB (which assigns its id and seq) and then, with a journal attached, in
     * the journal too; resolves only when both hold it, so "saved" means two copies. A failed journal append
     * rejects with 'journal-failed' carrying the booking, which IndexedDB has and the uploader will send.
     */
    async captureBooking(draft: BookingDraft, options?: CaptureOptions): Promise<Booking> {
      const booking = await captureBooking(bookingsDb, { now, random, masterDataVersion }, draft, options);
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

    outbox: {
      readPendingBatch: (limit: number, after?: outbox.SentBooking) =>
        outbox.readPendingBatch(bookingsDb, limit, after),
      async applyPushAnswer(answer: outbox.PushAnswer): Promise<outbox.PushApplyReport> {
        const report = await outbox.applyPushAnswer(bookingsDb, answer);
        changes.emit('answered');
        return report;
      },
      recordExchange: (at: number, clock?: ClockState) => outbox.recordExchange(bookingsDb, at, clock),
      readClockState: () => outbox.readClockState(bookingsDb),
      readStats: () => outbox.readOutboxStats(bookingsDb),
      listDeadLetters: (limit?: number) => outbox.listDeadLetters(bookingsDb, limit),
      listQuarantined: (limit?: number) => outbox.listQuarantined(bookingsDb, limit),
      listRecentBookings: (limit?: number) => outbox.listRecentBookings(bookingsDb, limit),
      listBookingsSince: (since: number) => listBookingsSince(bookingsDb, since),
    },

    master: {
      ...createMasterRepositories(masterDb),
      readPullCursor: (dataset: DatasetName) => readPullCursor(masterDb, dataset),
      async applyPullPage(dataset: DatasetName, page: PullPage) {
        const report = await applyPullPage(masterDb, dataset, page, now());
        changes.emit('master');
        return report;
      },
      readVersion: () => readMasterDataVersion(masterDb),
      readStatus: () => readMasterDataStatus(masterDb),
    },

    /** Closes both databases (pending operations finish first). */
    close(): void {
      changes.close();
      bookingsDb.close();
      masterDb.close();
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
