import Dexie, { type Table } from 'dexie';
import type { Booking } from '../../../../shared/booking';
import { uuidv7, type RandomSource } from '../../../../shared/id/uuidv7';

// The bookings database: the outbox and the only copy of a booking until the server has it. It lives apart
// from master data so that it alone pays for strict durability (offline-sync research §2.1).

export const DEFAULT_BOOKINGS_DB_NAME = 'takt-bookings';

/** pending: not yet answered by the server. synced: accepted or duplicate. quarantined: stored aside by the server. */
export type BookingState = 'pending' | 'synced' | 'quarantined';

export type BookingRow = Booking & {
  state: BookingState;
  /** Local time the server's answer was applied. */
  answeredAt?: number;
  /** The server's reason for a quarantine. */
  serverReason?: string;
};

export interface ClockSample {
  /** serverTime − local midpoint of the round trip. */
  offsetMs: number;
  rttMs: number;
  /** Local clock when the answer arrived. */
  takenAt: number;
}

export interface ClockState {
  offsetMs: number;
  samples: ClockSample[];
}

export const OUTBOX_META_KEY = 'outbox';

export interface OutboxMeta {
  key: typeof OUTBOX_META_KEY;
  /** Random id made together with this database: a wiped or reinstalled database gets a new one. */
  epoch: string;
  nextSeq: number;
  createdAt: number;
  clock?: ClockState;
  /** Last time an exchange with the server succeeded (push or pull). */
  lastSyncAt?: number;
  /** The server's contiguous acknowledged prefix for this epoch, from its last push answer. */
  ackedUpTo?: number;
  /**
   * Bookings in the pending state, kept by the capture and answer transactions themselves: counting the
   * index instead walks every entry (and Chromium's LevelDB tombstones), which at 100,000 costs ~0.4 s.
   * Absent in databases from before it existed; then it is counted once.
   */
  pendingCount?: number;
}

export interface DeadLetterRow {
  /** The booking id. */
  id: string;
  booking: Booking;
  reason: string;
  rejectedAt: number;
}

export const IDENTITY_KEY = 'self';

export interface TerminalIdentityRow {
  key: typeof IDENTITY_KEY;
  terminalId: string;
  stationId: string;
  /** Browser mode only. In Electron the main process keeps the token and the renderer never sees it. */
  token?: string;
  enrolledAt: number;
}

export interface DbEnvironment {
  indexedDB?: IDBFactory;
  IDBKeyRange?: typeof IDBKeyRange;
}

export class BookingsDb extends Dexie {
  bookings!: Table<BookingRow, string>;
  meta!: Table<OutboxMeta, string>;
  deadLetters!: Table<DeadLetterRow, string>;
  identity!: Table<TerminalIdentityRow, string>;

  constructor(name: string, env: DbEnvironment, now: () => number, random: RandomSource) {
    super(name, { ...dexieEnvironment(env), chromeTransactionDurability: 'strict' });
    // Keys are booking UUIDs, never auto-increment (Dexie#909: regenerated keys overwrote records).
    this.version(1).stores({
      bookings: 'id, [state+seq], occurredAt',
      meta: 'key',
      deadLetters: 'id, rejectedAt',
      identity: 'key',
    });
    // Runs inside the transaction that creates the database, so epoch and database are born together.
    this.on('populate', (tx) => {
      // A database that is being created holds no bookings yet, so its pending count is known: zero.
      void tx.table<OutboxMeta, string>('meta').add({ ...newOutboxMeta(now(), random), pendingCount: 0 });
    });
  }
}

export function newOutboxMeta(now: number, random: RandomSource): OutboxMeta {
  return { key: OUTBOX_META_KEY, epoch: uuidv7(now, random), nextSeq: 1, createdAt: now };
}

export function dexieEnvironment(env: DbEnvironment): { indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange } {
  return {
    ...(env.indexedDB ? { indexedDB: env.indexedDB } : {}),
    ...(env.IDBKeyRange ? { IDBKeyRange: env.IDBKeyRange } : {}),
  };
}

/**
 * The pending range of the `[state+seq]` index, in seq order, from `fromSeq` on. Reading from the lowest
 * seq that can still be pending skips the entries of bookings already answered, which Chromium would walk.
 */
export function pendingRange(db: BookingsDb, fromSeq: number = Dexie.minKey as unknown as number) {
  return db.bookings.where('[state+seq]').between(['pending', fromSeq], ['pending', Dexie.maxKey]);
}

export function stateRange(db: BookingsDb, state: BookingState) {
  return db.bookings.where('[state+seq]').between([state, Dexie.minKey], [state, Dexie.maxKey]);
}

/** Strips the local bookkeeping fields, leaving the booking as it goes on the wire. */
export function toBooking(row: BookingRow): Booking {
  const booking: Booking & Partial<Pick<BookingRow, 'state' | 'answeredAt' | 'serverReason'>> = { ...row };
  delete booking.state;
  delete booking.answeredAt;
  delete booking.serverReason;
  return booking;
}
