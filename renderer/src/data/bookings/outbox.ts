import type { Booking } from '../../../../shared/booking';
import type { PushResult } from '../../../../shared/protocol';
import {
  OUTBOX_META_KEY,
  outboxRange,
  toBooking,
  type BookingRow,
  type BookingsDb,
  type ClockState,
  type DeadLetterRow,
  type OutboxKey,
  type OutboxRow,
  type QuarantineRow,
  type ReviewRow,
} from './bookings-db';
import { rememberClockOffset } from './capture-on-basis';
import { forgetDrainedCredentials } from './credentials';

// The outbox side of the bookings database: what the uploader reads and how a server answer is applied.
// A booking is pending while its row in the outbox table exists; the booking row itself is never rewritten.

/**
 * Where the outbox starts, per database: a key below which nothing is pending, as far as this page knows.
 * The entries below it were deleted, and Chromium walks deleted entries until its storage compacts them.
 * A bounded read that finds nothing falls back to the whole table once, so the hint can make reads faster
 * but never hide a pending booking.
 */
const outboxFloors = new WeakMap<BookingsDb, OutboxKey>();

async function readOutboxRows(db: BookingsDb, limit: number): Promise<OutboxRow[]> {
  const floor = outboxFloors.get(db);
  let rows = floor === undefined ? [] : await db.outbox.where(':id').aboveOrEqual(floor).limit(limit).toArray();
  if (rows.length === 0) rows = await db.outbox.limit(limit).toArray();
  const first = rows[0];
  if (first) outboxFloors.set(db, [first.epoch, first.seq]);
  return rows;
}

/**
 * Up to `limit` pending bookings in seq order, all of one terminal and epoch (one push request). With
 * `after`, only bookings queued behind that one: the uploader reads its next batch while the current one
 * is still on its way.
 */
export async function readPendingBatch(db: BookingsDb, limit: number, after?: SentBooking): Promise<Booking[]> {
  return db.transaction('r', [db.outbox, db.bookings], async () => {
    const queued =
      after === undefined
        ? await readOutboxRows(db, limit)
        : await db.outbox.where(':id').above([after.epoch, after.seq]).limit(limit).toArray();
    const first = queued[0];
    if (!first) return [];
    const otherEpoch = queued.findIndex((row) => row.epoch !== first.epoch);
    const stream = otherEpoch === -1 ? queued : queued.slice(0, otherEpoch);
    const rows = await readBookingsOf(db, stream);
    const otherTerminal = rows.findIndex((row) => row.terminalId !== rows[0]?.terminalId);
    return (otherTerminal === -1 ? rows : rows.slice(0, otherTerminal)).map(toBooking);
  });
}

/**
 * The booking rows of outbox rows of one epoch, in seq order. Usually the pending seqs are contiguous and
 * one index range read fetches them all; when answers left gaps, the range would carry answered rows too,
 * so a sparse batch is fetched by id instead.
 */
async function readBookingsOf(db: BookingsDb, queued: readonly OutboxRow[]): Promise<BookingRow[]> {
  const first = queued[0];
  const last = queued.at(-1);
  if (!first || !last) return [];
  const ids = new Set(queued.map((row) => row.id));
  const isDense = last.seq - first.seq < 2 * queued.length;
  const rows = isDense
    ? await db.bookings
        .where('[epoch+seq]')
        .between([first.epoch, first.seq], [last.epoch, last.seq], true, true)
        .toArray()
    : await db.bookings.bulkGet([...ids]);
  return rows.filter((row): row is BookingRow => row !== undefined && ids.has(row.id));
}

/** What the uploader sent: enough of each booking to find its outbox row. */
export type SentBooking = Pick<Booking, 'id' | 'epoch' | 'seq'>;

export interface PushAnswer {
  /** The bookings in the request, in seq order and of one epoch; other ids in the answer are ignored. */
  sent: readonly SentBooking[];
  results: readonly PushResult[];
  epoch: string;
  ackedUpTo: number;
  answeredAt: number;
  clock?: ClockState;
}

export interface PushApplyReport {
  synced: number;
  quarantined: number;
  rejected: number;
}

/**
 * Applies a push answer in one transaction. Only bookings the server listed leave the pending state, and
 * only if they still are pending (an answer applied twice changes nothing); rejected ones move to the
 * dead-letter store, which nothing here ever deletes from.
 */
export async function applyPushAnswer(db: BookingsDb, answer: PushAnswer): Promise<PushApplyReport> {
  const sentIds = new Set(answer.sent.map((booking) => booking.id));
  const listed = new Map<string, PushResult>();
  for (const result of answer.results)
    if (sentIds.has(result.id) && !listed.has(result.id)) listed.set(result.id, result);
  const report: PushApplyReport = { synced: 0, quarantined: 0, rejected: 0 };
  const first = answer.sent[0];
  const last = answer.sent.at(-1);
  if (!first || !last) return report;

  let isWholeRange = false;
  const tables = [db.bookings, db.outbox, db.quarantine, db.reviews, db.deadLetters, db.meta, db.retiredCredentials];
  await db.transaction('rw', tables, async () => {
    const range = outboxRange(db, first, last);
    const [queued, meta] = await Promise.all([range.toArray(), db.meta.get(OUTBOX_META_KEY)]);
    const pendingBefore = meta?.pendingCount ?? (await db.outbox.count());
    const answeredKeys: OutboxKey[] = [];
    const quarantine: QuarantineRow[] = [];
    const reviews: ReviewRow[] = [];
    const rejected = new Map<string, string>();
    for (const row of queued) {
      const result = listed.get(row.id);
      if (!result) continue;
      answeredKeys.push([row.epoch, row.seq]);
      if (result.status === 'accepted' || result.status === 'duplicate') {
        report.synced++;
        const findings = reviewFindings(result.reason);
        if (findings) reviews.push({ id: row.id, findings, answeredAt: answer.answeredAt });
      } else if (result.status === 'quarantined') {
        quarantine.push({ id: row.id, reason: result.reason ?? '', answeredAt: answer.answeredAt });
        report.quarantined++;
      } else {
        rejected.set(row.id, result.reason ?? '');
        report.rejected++;
      }
    }
    // The usual answer lists the whole batch: then one range delete instead of a delete per booking.
    isWholeRange = answeredKeys.length === queued.length;
    if (isWholeRange) await range.delete();
    else await db.outbox.bulkDelete(answeredKeys);
    await db.quarantine.bulkPut(quarantine);
    await db.reviews.bulkPut(reviews);
    if (rejected.size > 0) await moveToDeadLetters(db, rejected, answer.answeredAt);
    const answered = answeredKeys.length;
    if (meta) {
      await db.meta.put({
        ...meta,
        pendingCount: Math.max(0, pendingBefore - answered),
        lastSyncAt: answer.answeredAt,
        ...(meta.epoch === answer.epoch ? { ackedUpTo: answer.ackedUpTo } : {}),
        ...(answer.clock ? { clock: answer.clock } : {}),
      });
    }
    await forgetDrainedCredentials(db, async () => (await readOutboxRows(db, 1))[0]);
  });
  if (isWholeRange) moveFloorPast(db, first, last);
  if (answer.clock) rememberClockOffset(db, answer.clock.offsetMs);
  return report;
}

/** The server answers an accepted booking it flagged with `review: finding; finding`. */
function reviewFindings(reason: string | undefined): string | null {
  const findings = reason?.startsWith(REVIEW_PREFIX) ? reason.slice(REVIEW_PREFIX.length).trim() : '';
  return findings === '' ? null : findings;
}
const REVIEW_PREFIX = 'review:';

/** A range that reached down to the floor and is gone now moves the floor behind it. */
function moveFloorPast(db: BookingsDb, first: SentBooking, last: SentBooking): void {
  const floor = outboxFloors.get(db);
  if (floor?.[0] === first.epoch && floor[1] >= first.seq && floor[1] <= last.seq + 1)
    outboxFloors.set(db, [last.epoch, last.seq + 1]);
}

async function moveToDeadLetters(db: BookingsDb, reasons: ReadonlyMap<string, string>, at: number): Promise<void> {
  const rows = await db.bookings.bulkGet([...reasons.keys()]);
  const letters: DeadLetterRow[] = rows
    .filter((row): row is BookingRow => row !== undefined)
    .map((row) => ({ id: row.id, booking: toBooking(row), reason: reasons.get(row.id) ?? '', rejectedAt: at }));
  await db.deadLetters.bulkPut(letters);
  await db.bookings.bulkDelete([...reasons.keys()]);
}

/** Records a successful exchange that carried no bookings (a pull), with the new clock estimate. */
export async function recordExchange(db: BookingsDb, at: number, clock?: ClockState): Promise<void> {
  await db.meta
    .where('key')
    .equals(OUTBOX_META_KEY)
    .modify((meta) => {
      meta.lastSyncAt = at;
      if (clock) meta.clock = clock;
    });
  if (clock) rememberClockOffset(db, clock.offsetMs);
}

export async function readClockState(db: BookingsDb): Promise<ClockState | undefined> {
  return (await db.meta.get(OUTBOX_META_KEY))?.clock;
}

export interface OutboxStats {
  pendingCount: number;
  /** occurredAt of the first pending booking in seq order, null when nothing is pending. */
  oldestPendingAt: number | null;
  deadLetterCount: number;
  quarantinedCount: number;
  lastSyncAt: number | null;
  epoch: string | null;
  /** The last seq assigned in this epoch (0 before the first capture). */
  lastSeq: number;
  ackedUpTo: number | null;
}

/** Counts come from indexes and the stored count: a 100,000-booking backlog is never loaded. */
export async function readOutboxStats(db: BookingsDb): Promise<OutboxStats> {
  return db.transaction('r', [db.outbox, db.quarantine, db.deadLetters, db.meta], async () => {
    const [pendingCount, [oldest], deadLetterCount, quarantinedCount, meta] = await Promise.all([
      readPendingCount(db),
      readOutboxRows(db, 1),
      db.deadLetters.count(),
      db.quarantine.count(),
      db.meta.get(OUTBOX_META_KEY),
    ]);
    return {
      pendingCount,
      oldestPendingAt: oldest?.occurredAt ?? null,
      deadLetterCount,
      quarantinedCount,
      lastSyncAt: meta?.lastSyncAt ?? null,
      epoch: meta?.epoch ?? null,
      lastSeq: meta ? meta.nextSeq - 1 : 0,
      ackedUpTo: meta?.ackedUpTo ?? null,
    };
  });
}

export async function listDeadLetters(db: BookingsDb, limit = 100): Promise<DeadLetterRow[]> {
  return db.deadLetters.orderBy('rejectedAt').reverse().limit(limit).toArray();
}

export interface QuarantinedBooking {
  booking: Booking;
  reason: string;
  answeredAt: number;
}

/** The latest quarantined bookings, newest answer first. */
export async function listQuarantined(db: BookingsDb, limit = 100): Promise<QuarantinedBooking[]> {
  return db.transaction('r', [db.quarantine, db.bookings], async () => {
    const entries = await db.quarantine.orderBy('answeredAt').reverse().limit(limit).toArray();
    const rows = await db.bookings.bulkGet(entries.map((entry) => entry.id));
    return entries.flatMap((entry, i) => {
      const row = rows[i];
      return row ? [{ booking: toBooking(row), reason: entry.reason, answeredAt: entry.answeredAt }] : [];
    });
  });
}

/** The latest bookings by time of capture, whatever their state. */
export async function listRecentBookings(db: BookingsDb, limit = 50): Promise<Booking[]> {
  const rows = await db.bookings.orderBy('occurredAt').reverse().limit(limit).toArray();
  return rows.map(toBooking);
}

/** The pending count from the meta row; counted from the outbox only when the meta row is gone. */
export async function readPendingCount(db: BookingsDb): Promise<number> {
  const meta = await db.meta.get(OUTBOX_META_KEY);
  return meta?.pendingCount ?? (await db.outbox.count());
}
