import type { Booking } from '../../../../shared/booking';
import type { PushResult } from '../../../../shared/protocol';
import {
  OUTBOX_META_KEY,
  pendingRange,
  stateRange,
  toBooking,
  type BookingRow,
  type BookingsDb,
  type ClockState,
  type DeadLetterRow,
} from './bookings-db';

// The outbox side of the bookings database: what the uploader reads and how a server answer is applied.

/**
 * Where the pending range starts, per database: the seq of the first pending booking seen last time. A
 * bounded read that finds nothing falls back to the whole range once (a new epoch starts at seq 1 again),
 * so the hint can make reads faster but never hide a pending booking.
 */
const pendingFloors = new WeakMap<BookingsDb, number>();

async function readPendingRows(db: BookingsDb, limit: number): Promise<BookingRow[]> {
  const floor = pendingFloors.get(db);
  let rows = floor === undefined ? [] : await pendingRange(db, floor).limit(limit).toArray();
  if (rows.length === 0) rows = await pendingRange(db).limit(limit).toArray();
  const first = rows[0];
  if (first) pendingFloors.set(db, first.seq);
  return rows;
}

/** Up to `limit` pending bookings in seq order, all of one terminal and epoch (one push request). */
export async function readPendingBatch(db: BookingsDb, limit: number): Promise<Booking[]> {
  const rows = await readPendingRows(db, limit);
  const first = rows[0];
  if (!first) return [];
  const sameStream = rows.findIndex((row) => row.terminalId !== first.terminalId || row.epoch !== first.epoch);
  return (sameStream === -1 ? rows : rows.slice(0, sameStream)).map(toBooking);
}

export interface PushAnswer {
  /** Ids of the bookings that were in the request; other ids in the answer are ignored. */
  sentIds: readonly string[];
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
 * Applies a push answer in one transaction. Only bookings the server listed leave the pending state;
 * rejected ones move to the dead-letter store, which nothing here ever deletes from.
 */
export async function applyPushAnswer(db: BookingsDb, answer: PushAnswer): Promise<PushApplyReport> {
  const sent = new Set(answer.sentIds);
  const listed = new Map<string, PushResult>();
  for (const result of answer.results) if (sent.has(result.id) && !listed.has(result.id)) listed.set(result.id, result);
  const ids = [...listed.keys()];
  const report: PushApplyReport = { synced: 0, quarantined: 0, rejected: 0 };

  await db.transaction('rw', [db.bookings, db.deadLetters, db.meta], async () => {
    // Read before the rows change state: a database without the stored count counts them here.
    const pendingBefore = await readPendingCount(db);
    const rows = await db.bookings.bulkGet(ids);
    const updates: BookingRow[] = [];
    const deadLetters: DeadLetterRow[] = [];
    for (const row of rows) {
      const result = row && listed.get(row.id);
      if (!row || !result || row.state !== 'pending') continue;
      if (result.status === 'accepted' || result.status === 'duplicate') {
        updates.push({ ...row, state: 'synced', answeredAt: answer.answeredAt });
        report.synced++;
      } else if (result.status === 'quarantined') {
        updates.push({
          ...row,
          state: 'quarantined',
          answeredAt: answer.answeredAt,
          serverReason: result.reason ?? '',
        });
        report.quarantined++;
      } else {
        deadLetters.push({
          id: row.id,
          booking: toBooking(row),
          reason: result.reason ?? '',
          rejectedAt: answer.answeredAt,
        });
        report.rejected++;
      }
    }
    await db.bookings.bulkPut(updates);
    await db.deadLetters.bulkPut(deadLetters);
    await db.bookings.bulkDelete(deadLetters.map((letter) => letter.id));
    const answered = report.synced + report.quarantined + report.rejected;
    await db.meta
      .where('key')
      .equals(OUTBOX_META_KEY)
      .modify((meta) => {
        meta.pendingCount = Math.max(0, pendingBefore - answered);
        meta.lastSyncAt = answer.answeredAt;
        if (meta.epoch === answer.epoch) meta.ackedUpTo = answer.ackedUpTo;
        if (answer.clock) meta.clock = answer.clock;
      });
  });
  return report;
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

/** Counts come from indexes (IDB count over a key range): a 100,000-booking backlog is never loaded. */
export async function readOutboxStats(db: BookingsDb): Promise<OutboxStats> {
  return db.transaction('r', [db.bookings, db.deadLetters, db.meta], async () => {
    const [pendingCount, oldestRows, deadLetterCount, quarantinedCount, meta] = await Promise.all([
      readPendingCount(db),
      readPendingRows(db, 1),
      db.deadLetters.count(),
      stateRange(db, 'quarantined').count(),
      db.meta.get(OUTBOX_META_KEY),
    ]);
    const oldest = oldestRows[0];
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

export async function listQuarantined(db: BookingsDb, limit = 100): Promise<BookingRow[]> {
  return stateRange(db, 'quarantined').reverse().limit(limit).toArray();
}

/** The latest bookings by time of capture, whatever their state. */
export async function listRecentBookings(db: BookingsDb, limit = 50): Promise<BookingRow[]> {
  return db.bookings.orderBy('occurredAt').reverse().limit(limit).toArray();
}

/** The pending count from the meta row; counted from the index only for a database that predates it. */
export async function readPendingCount(db: BookingsDb): Promise<number> {
  const meta = await db.meta.get(OUTBOX_META_KEY);
  return meta?.pendingCount ?? (await pendingRange(db).count());
}
