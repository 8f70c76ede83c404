import type { Booking } from '@shared/booking';
import type { RandomSource } from '@shared/id/uuidv7';
import {
  IDENTITY_KEY,
  newOutboxMeta,
  OUTBOX_META_KEY,
  outboxRowOf,
  type BookingsDb,
  type OutboxMeta,
} from './bookings-db';

// Restores bookings from main's journal that IndexedDB lost (a power cut ate its last commits, or the
// profile was wiped). They come back exactly as captured (same id, epoch, seq) and pending, so the uploader
// sends them and the server, which keys bookings by id, stores each once.

export interface RestoreReport {
  /** Bookings added back as pending. */
  restored: number;
  /** Bookings IndexedDB already had (the normal case at every start). */
  present: number;
  /**
   * Bookings whose slot (epoch, seq) another booking already holds here: kept as dead letters, visible to IT,
   * rather than dropped or sent into a slot the server would quarantine.
   */
  slotTaken: number;
}

export async function restoreBookings(
  db: BookingsDb,
  journaled: readonly Booking[],
  now: number,
  random: RandomSource,
): Promise<RestoreReport> {
  const report: RestoreReport = { restored: 0, present: 0, slotTaken: 0 };
  if (journaled.length === 0) return report;
  await db.transaction('rw', [db.bookings, db.outbox, db.meta, db.identity, db.deadLetters], async () => {
    const [existing, slots, storedMeta, identity] = await Promise.all([
      db.bookings.bulkGet(journaled.map((booking) => booking.id)),
      db.outbox.bulkGet(journaled.map((booking): [string, number] => [booking.epoch, booking.seq])),
      db.meta.get(OUTBOX_META_KEY),
      db.identity.get(IDENTITY_KEY),
    ]);
    const missing = journaled.filter((_, i) => existing[i] === undefined);
    report.present = journaled.length - missing.length;
    if (missing.length === 0) return;
    const slotIsFree = new Map(journaled.map((booking, i) => [booking.id, slots[i] === undefined]));
    const restorable = missing.filter((booking) => slotIsFree.get(booking.id));
    const taken = missing.filter((booking) => !slotIsFree.get(booking.id));
    report.restored = restorable.length;
    report.slotTaken = taken.length;

    const meta = storedMeta ?? newOutboxMeta(now, random);
    const pendingCount = meta.pendingCount ?? (await db.outbox.count());
    await Promise.all([
      db.bookings.bulkAdd(restorable),
      db.outbox.bulkAdd(restorable.map(outboxRowOf)),
      db.deadLetters.bulkPut(
        taken.map((booking) => ({
          id: booking.id,
          booking,
          reason: 'restored from the journal, but another booking holds its slot',
          rejectedAt: now,
        })),
      ),
      db.meta.put({
        ...continueCounter(meta, journaled, identity?.terminalId),
        pendingCount: pendingCount + restorable.length,
      }),
    ]);
  });
  return report;
}

/**
 * The counter after a restore: the next capture's seq stays above every journaled seq of the current epoch.
 * A database that has captured nothing in its epoch yet (it was wiped and made anew) continues the newest
 * journaled epoch of this terminal instead, so the server sees one unbroken stream rather than a new epoch
 * that looks like a lost database.
 */
function continueCounter(meta: OutboxMeta, journaled: readonly Booking[], terminalId?: string): OutboxMeta {
  const maxSeq = (epoch: string) =>
    journaled.reduce((max, booking) => (booking.epoch === epoch ? Math.max(max, booking.seq) : max), 0);
  if (meta.nextSeq === 1 && terminalId !== undefined) {
    const own = journaled.filter((booking) => booking.terminalId === terminalId);
    const newest = own.reduce<string | undefined>(
      // Epochs are UUIDv7: they sort by creation time, as the outbox relies on too.
      (latest, booking) => (latest === undefined || booking.epoch > latest ? booking.epoch : latest),
      undefined,
    );
    if (newest !== undefined && newest !== meta.epoch) {
      const adopted: OutboxMeta = { ...meta, epoch: newest, nextSeq: maxSeq(newest) + 1 };
      delete adopted.ackedUpTo; // it was the abandoned epoch's
      return adopted;
    }
  }
  return { ...meta, nextSeq: Math.max(meta.nextSeq, maxSeq(meta.epoch) + 1) };
}
