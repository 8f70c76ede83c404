import type { Booking } from '@shared/booking';
import type { PushResult } from '@shared/protocol';
import type { OutboxHealth } from '@shared/sync-health';
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
import type { ChangeFeed } from '../change-feed';
import { forgetDrainedCredentials } from './credentials';

// The outbox side of the bookings database: what the uploader reads and how a server answer is applied.
// A booking is pending while its row in the outbox table exists; the booking row itself is never rewritten.

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

export interface QuarantinedBooking {
  booking: Booking;
  reason: string;
  answeredAt: number;
}

export interface OutboxOptions {
  changes: ChangeFeed;
  /** A new clock estimate was stored: the capture stamps it from now on. */
  onClockStored: (offsetMs: number) => void;
}

/** The outbox of one bookings database; it remembers where the outbox starts (see `#floor`). */
export class Outbox {
  readonly #db: BookingsDb;
  readonly #options: OutboxOptions;
  /**
   * Where the outbox starts: a key below which nothing is pending, as far as this page knows. The entries
   * below it were deleted, and Chromium walks deleted entries until its storage compacts them. A bounded
   * read that finds nothing falls back to the whole table once, so the hint can make reads faster but never
   * hide a pending booking.
   */
  #floor: OutboxKey | undefined;

  constructor(db: BookingsDb, options: OutboxOptions) {
    this.#db = db;
    this.#options = options;
  }

  async #readOutboxRows(limit: number): Promise<OutboxRow[]> {
    const db = this.#db;
    const floor = this.#floor;
    let rows = floor === undefined ? [] : await db.outbox.where(':id').aboveOrEqual(floor).limit(limit).toArray();
    if (rows.length === 0) rows = await db.outbox.limit(limit).toArray();
    const first = rows[0];
    if (first) this.#floor = [first.epoch, first.seq];
    return rows;
  }

  /**
   * Up to `limit` pending bookings in seq order, all of one terminal and epoch (one push request). With
   * `after`, only bookings queued behind that one: the uploader reads its next batch while the current one
   * is still on its way.
   */
  async readPendingBatch(limit: number, after?: SentBooking): Promise<Booking[]> {
    const db = this.#db;
    return db.transaction('r', [db.outbox, db.bookings], async () => {
      const queued =
        after === undefined
          ? await this.#readOutboxRows(limit)
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

  /** Every booking still waiting for the server, oldest first (all identities and epochs): for the export file. */
  async listAllPending(): Promise<Booking[]> {
    const pending: Booking[] = [];
    for (;;) {
      const batch = await this.readPendingBatch(500, pending.at(-1));
      if (batch.length === 0) return pending;
      pending.push(...batch);
    }
  }

  /**
   * Applies a push answer in one transaction. Only bookings the server listed leave the pending state, and
   * only if they still are pending (an answer applied twice changes nothing); rejected ones move to the
   * dead-letter store, which nothing here ever deletes from.
   */
  async applyPushAnswer(answer: PushAnswer): Promise<PushApplyReport> {
    const db = this.#db;
    const sentIds = new Set(answer.sent.map((booking) => booking.id));
    const listed = new Map<string, PushResult>();
    for (const result of answer.results)
      if (sentIds.has(result.id) && !listed.has(result.id)) listed.set(result.id, result);
    const report: PushApplyReport = { synced: 0, quarantined: 0, rejected: 0 };
    const first = answer.sent[0];
    const last = answer.sent.at(-1);
    if (!first || !last) {
      this.#options.changes.emit('answered');
      return report;
    }

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
      await forgetDrainedCredentials(db, async () => (await this.#readOutboxRows(1))[0]);
    });
    if (isWholeRange) this.#moveFloorPast(first, last);
    if (answer.clock) this.#options.onClockStored(answer.clock.offsetMs);
    this.#options.changes.emit('answered');
    return report;
  }

  /** A range that reached down to the floor and is gone now moves the floor behind it. */
  #moveFloorPast(first: SentBooking, last: SentBooking): void {
    const floor = this.#floor;
    if (floor?.[0] === first.epoch && floor[1] >= first.seq && floor[1] <= last.seq + 1)
      this.#floor = [last.epoch, last.seq + 1];
  }

  /** Records a successful exchange that carried no bookings (a pull), with the new clock estimate. */
  async recordExchange(at: number, clock?: ClockState): Promise<void> {
    await this.#db.meta
      .where('key')
      .equals(OUTBOX_META_KEY)
      .modify((meta) => {
        meta.lastSyncAt = at;
        if (clock) meta.clock = clock;
      });
    if (clock) this.#options.onClockStored(clock.offsetMs);
  }

  async readClockState(): Promise<ClockState | undefined> {
    return (await this.#db.meta.get(OUTBOX_META_KEY))?.clock;
  }

  /** Counts come from indexes and the stored count: a 100,000-booking backlog is never loaded. */
  async readStats(): Promise<OutboxHealth> {
    const db = this.#db;
    return db.transaction('r', [db.outbox, db.quarantine, db.deadLetters, db.meta], async () => {
      const [pendingCount, [oldest], deadLetterCount, quarantinedCount, meta] = await Promise.all([
        readPendingCount(db),
        this.#readOutboxRows(1),
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

  async listDeadLetters(limit = 100): Promise<DeadLetterRow[]> {
    return this.#db.deadLetters.orderBy('rejectedAt').reverse().limit(limit).toArray();
  }

  /** The latest quarantined bookings, newest answer first. */
  async listQuarantined(limit = 100): Promise<QuarantinedBooking[]> {
    const db = this.#db;
    return db.transaction('r', [db.quarantine, db.bookings], async () => {
      const entries = await db.quarantine.orderBy('answeredAt').reverse().limit(limit).toArray();
      const rows = await db.bookings.bulkGet(entries.map((entry) => entry.id));
      return entries.flatMap((entry, i) => {
        const row = rows[i];
        return row ? [{ booking: toBooking(row), reason: entry.reason, answeredAt: entry.answeredAt }] : [];
      });
    });
  }
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

/** The server answers an accepted booking it flagged with `review: finding; finding`. */
function reviewFindings(reason: string | undefined): string | null {
  const findings = reason?.startsWith(REVIEW_PREFIX) ? reason.slice(REVIEW_PREFIX.length).trim() : '';
  return findings === '' ? null : findings;
}
const REVIEW_PREFIX = 'review:';

async function moveToDeadLetters(db: BookingsDb, reasons: ReadonlyMap<string, string>, at: number): Promise<void> {
  const rows = await db.bookings.bulkGet([...reasons.keys()]);
  const letters: DeadLetterRow[] = rows
    .filter((row): row is BookingRow => row !== undefined)
    .map((row) => ({ id: row.id, booking: toBooking(row), reason: reasons.get(row.id) ?? '', rejectedAt: at }));
  await db.deadLetters.bulkPut(letters);
  await db.bookings.bulkDelete([...reasons.keys()]);
}

/** The pending count from the meta row; counted from the outbox only when the meta row is gone. */
export async function readPendingCount(db: BookingsDb): Promise<number> {
  const meta = await db.meta.get(OUTBOX_META_KEY);
  return meta?.pendingCount ?? (await db.outbox.count());
}
