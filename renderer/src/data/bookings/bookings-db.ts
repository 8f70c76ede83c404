import Dexie, { type Table, type Transaction } from 'dexie';
import type { Booking } from '@shared/booking';
import { uuidv7, type RandomSource } from '@shared/id/uuidv7';

// The bookings database: the outbox and the only copy of a booking until the server has it. It lives apart
// from master data so that it alone pays for strict durability (offline-sync research §2.1).

export const DEFAULT_BOOKINGS_DB_NAME = 'takt-bookings';

/**
 * A booking as stored: written once at capture and never rewritten. Whether the server has it is kept
 * apart (the outbox and quarantine tables), because rewriting every acknowledged row cost a drain more
 * than the upload itself. Rows from schema version 1 still carry that version's bookkeeping fields.
 */
export type BookingRow = Booking & Version1Fields;

interface Version1Fields {
  state?: string;
  answeredAt?: number;
  serverReason?: string;
}

/** One pending booking: its place in the upload order. Deleted in the transaction that applies the answer. */
export interface OutboxRow {
  epoch: string;
  seq: number;
  id: string;
  /** The booking's, so the age of the oldest pending booking is one read. */
  occurredAt: number;
}

export function outboxRowOf(booking: Pick<Booking, 'epoch' | 'seq' | 'id' | 'occurredAt'>): OutboxRow {
  return { epoch: booking.epoch, seq: booking.seq, id: booking.id, occurredAt: booking.occurredAt };
}

export type OutboxKey = [epoch: string, seq: number];

/** A booking the server stored aside (same slot, other id): evidence that this terminal lost data. */
export interface QuarantineRow {
  /** The booking id. */
  id: string;
  reason: string;
  answeredAt: number;
}

/**
 * A booking the server stored but flagged for the shift lead's review (e.g. on an order closed meanwhile):
 * sent, and the operator should see why it may come back to them.
 */
export interface ReviewRow {
  /** The booking id. */
  id: string;
  /** The server's findings, e.g. `order-closed(FA1000004)`. */
  findings: string;
  answeredAt: number;
}

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
  /**
   * Browser mode: a rotated token stored before its first use; sent instead of `token` until the server's
   * answer settles it (accepted: it becomes the token; unknown: dropped, `token` is still valid).
   */
  pendingToken?: string;
  /** When the token was last rotated (browser mode); the schedule counts from `enrolledAt` before that. */
  rotatedAt?: number;
  enrolledAt: number;
}

/**
 * A browser-mode identity this terminal enrolled as before its current one, kept with its token while
 * bookings captured under it are pending: the server accepts a booking only with the token of the terminal
 * that captured it, so without this row those bookings could never be sent.
 */
export interface RetiredCredentialRow {
  terminalId: string;
  stationId: string;
  token: string;
  retiredAt: number;
  /** Outbox key of the last booking captured under this identity: none of its bookings sorts after it. */
  lastKey: OutboxKey;
}

export interface DbEnvironment {
  indexedDB?: IDBFactory;
  IDBKeyRange?: typeof IDBKeyRange;
}

export class BookingsDb extends Dexie {
  bookings!: Table<BookingRow, string>;
  outbox!: Table<OutboxRow, OutboxKey>;
  quarantine!: Table<QuarantineRow, string>;
  reviews!: Table<ReviewRow, string>;
  meta!: Table<OutboxMeta, string>;
  deadLetters!: Table<DeadLetterRow, string>;
  identity!: Table<TerminalIdentityRow, string>;
  retiredCredentials!: Table<RetiredCredentialRow, string>;

  constructor(name: string, env: DbEnvironment, now: () => number, random: RandomSource) {
    super(name, { ...dexieEnvironment(env), chromeTransactionDurability: 'strict' });
    // Keys are booking UUIDs, never auto-increment (Dexie#909: regenerated keys overwrote records).
    this.version(1).stores({
      bookings: 'id, [state+seq], occurredAt',
      meta: 'key',
      deadLetters: 'id, rejectedAt',
      identity: 'key',
    });
    // Version 2 moves the sync state off the booking rows: a booking is pending while its outbox row exists.
    this.version(2)
      .stores({ bookings: 'id, [epoch+seq], occurredAt', outbox: '[epoch+seq]', quarantine: 'id, answeredAt' })
      .upgrade(moveSyncStateOffRows);
    // Version 3 keeps the tokens of earlier enrollments until their bookings are sent (a new table only).
    this.version(3).stores({ retiredCredentials: 'terminalId' });
    // Version 4 keeps the server's review findings of accepted bookings, for "My shift" (a new table only).
    this.version(4).stores({ reviews: 'id, answeredAt' });
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

/** Outbox keys from `from` to `to` inclusive, within one epoch. */
export function outboxRange(
  db: BookingsDb,
  from: Pick<OutboxRow, 'epoch' | 'seq'>,
  to: Pick<OutboxRow, 'epoch' | 'seq'>,
) {
  return db.outbox.where(':id').between([from.epoch, from.seq], [to.epoch, to.seq], true, true);
}

/**
 * Builds the outbox and quarantine tables from version 1 rows. The rows themselves keep their old fields:
 * rewriting a 100,000-booking backlog would hold up the first start after the update for many seconds.
 */
async function moveSyncStateOffRows(tx: Transaction): Promise<void> {
  const outbox: OutboxRow[] = [];
  const quarantine: QuarantineRow[] = [];
  await tx.table<BookingRow, string>('bookings').each((row) => {
    if (row.state === 'pending') outbox.push(outboxRowOf(row));
    else if (row.state === 'quarantined')
      quarantine.push({ id: row.id, reason: row.serverReason ?? '', answeredAt: row.answeredAt ?? 0 });
  });
  await tx.table<OutboxRow, OutboxKey>('outbox').bulkAdd(outbox);
  await tx.table<QuarantineRow, string>('quarantine').bulkAdd(quarantine);
  await tx
    .table<OutboxMeta, string>('meta')
    .where('key')
    .equals(OUTBOX_META_KEY)
    .modify((meta) => {
      meta.pendingCount = outbox.length;
    });
}

/** The booking as it goes on the wire: without the bookkeeping fields a version 1 row carries. */
export function toBooking(row: BookingRow): Booking {
  const booking: BookingRow = { ...row };
  delete booking.state;
  delete booking.answeredAt;
  delete booking.serverReason;
  return booking;
}
