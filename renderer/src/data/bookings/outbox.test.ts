import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import type { Booking } from '@shared/booking';
import type { TerminalData } from '../terminal-data';
import { goodQuantityDraft, openTestTerminalData, TEST_IDENTITY } from '../testing/fixtures';
import { countRowsRead } from '../testing/rows-read';
import { OUTBOX_META_KEY, outboxRowOf, type BookingRow } from './bookings-db';

const opened: TerminalData[] = [];
afterEach(() => {
  for (const data of opened.splice(0)) data.close();
});

async function terminalWith(count: number, now: () => number = () => Date.now(), name?: string) {
  const data = openTestTerminalData({ now, ...(name ? { bookingsDbName: name } : {}) });
  opened.push(data);
  await data.saveIdentity(TEST_IDENTITY);
  const bookings: Booking[] = [];
  for (let i = 0; i < count; i++) bookings.push(await data.captureBooking(goodQuantityDraft(i + 1)));
  return { data, bookings };
}

type Status = 'accepted' | 'duplicate' | 'quarantined' | 'rejected';

function answer(sent: Booking[], results: { id: string; status: Status; reason?: string }[]) {
  return { sent, results, epoch: sent[0]?.epoch ?? '', ackedUpTo: 0, answeredAt: 5_000 };
}

function acceptAll(sent: Booking[]) {
  return answer(
    sent,
    sent.map((b) => ({ id: b.id, status: 'accepted' as const })),
  );
}

describe('outbox', () => {
  it('reads pending bookings in seq order, limited, exactly as captured', async () => {
    const { data, bookings } = await terminalWith(7);
    const batch = await data.outbox.readPendingBatch(5);
    expect(batch).toEqual(bookings.slice(0, 5));
  });

  it('keeps a batch to one epoch, so one request never mixes streams', async () => {
    const { data, bookings } = await terminalWith(3);
    const foreign: Booking = { ...bookings[0]!, id: '0190a000-0000-7000-8000-000000000001', epoch: 'older-epoch' };
    await data.bookingsDb.bookings.add(foreign);
    await data.bookingsDb.outbox.add(outboxRowOf(foreign));
    const first = await data.outbox.readPendingBatch(10);
    expect(first).toEqual(bookings);
    await data.outbox.applyPushAnswer(acceptAll(first));
    expect(await data.outbox.readPendingBatch(10)).toEqual([foreign]);
  });

  it('ends a batch where the terminal id changes (one epoch of a terminal re-enrolled before epochs followed it)', async () => {
    const { data, bookings } = await terminalWith(3);
    // Before re-enrollment started a new epoch, the new terminal id continued the old epoch's seqs.
    const later = { ...bookings[2]!, terminalId: 'T-0002' };
    await data.bookingsDb.bookings.put(later);
    const first = await data.outbox.readPendingBatch(10);
    expect(first).toEqual(bookings.slice(0, 2));
    await data.outbox.applyPushAnswer(acceptAll(first));
    expect(await data.outbox.readPendingBatch(10)).toEqual([later]);
  });

  it('takes only the bookings the server listed out of the pending state, and never rewrites a booking', async () => {
    const { data, bookings } = await terminalWith(6);
    const sent = bookings.slice(0, 5);
    const [b1, b2, b3, b4] = sent as [Booking, Booking, Booking, Booking];
    const report = await data.outbox.applyPushAnswer({
      ...answer(sent, [
        { id: b1.id, status: 'accepted' },
        { id: b2.id, status: 'duplicate' },
        { id: b3.id, status: 'quarantined', reason: 'seq reused with another id' },
        { id: b4.id, status: 'rejected', reason: 'unknown order' },
        { id: bookings[5]!.id, status: 'accepted' }, // not sent in this request: ignored
        { id: 'not-a-local-id', status: 'accepted' },
      ]),
      ackedUpTo: 4,
    });
    expect(report).toEqual({ synced: 2, quarantined: 1, rejected: 1 });
    expect((await data.outbox.readPendingBatch(10)).map((b) => b.seq)).toEqual([5, 6]); // 5 was sent but not listed
    expect(await data.bookingsDb.bookings.get(b1.id)).toEqual(b1);
    expect(await data.bookingsDb.bookings.get(b3.id)).toEqual(b3);
    expect(await data.outbox.listQuarantined()).toEqual([
      { booking: b3, reason: 'seq reused with another id', answeredAt: 5_000 },
    ]);
    expect(await data.bookingsDb.bookings.get(b4.id)).toBeUndefined();
    const letters = await data.outbox.listDeadLetters();
    expect(letters).toEqual([{ id: b4.id, booking: b4, reason: 'unknown order', rejectedAt: 5_000 }]);
    expect(await data.bookingsDb.meta.get(OUTBOX_META_KEY)).toMatchObject({
      lastSyncAt: 5_000,
      ackedUpTo: 4,
      pendingCount: 2,
    });
  });

  it('reads a batch with gaps where bookings were answered, near or far apart', async () => {
    const { data, bookings } = await terminalWith(10);
    await data.outbox.applyPushAnswer(acceptAll([bookings[1]!]));
    expect(await data.outbox.readPendingBatch(10)).toEqual([bookings[0], ...bookings.slice(2)]);
    await data.outbox.applyPushAnswer(acceptAll(bookings.slice(2, 9)));
    expect(await data.outbox.readPendingBatch(10)).toEqual([bookings[0], bookings[9]]);
    expect((await data.outbox.readStats()).pendingCount).toBe(2);
  });

  it('does not change a booking that was already answered', async () => {
    const { data, bookings } = await terminalWith(1);
    await data.outbox.applyPushAnswer(acceptAll(bookings));
    const report = await data.outbox.applyPushAnswer(
      answer(bookings, [{ id: bookings[0]!.id, status: 'rejected', reason: 'late' }]),
    );
    expect(report).toEqual({ synced: 0, quarantined: 0, rejected: 0 });
    expect(await data.outbox.listDeadLetters()).toEqual([]);
    expect((await data.outbox.readStats()).pendingCount).toBe(0);
  });

  it('reports health counts without loading the bookings', async () => {
    let now = 1_000;
    const { data, bookings } = await terminalWith(4, () => (now += 10));
    await data.outbox.applyPushAnswer({
      ...answer(bookings.slice(0, 3), [
        { id: bookings[0]!.id, status: 'accepted' },
        { id: bookings[1]!.id, status: 'rejected', reason: 'x' },
        { id: bookings[2]!.id, status: 'quarantined' },
      ]),
      ackedUpTo: 3,
    });
    expect(await data.outbox.readStats()).toEqual({
      pendingCount: 1,
      oldestPendingAt: bookings[3]!.occurredAt,
      deadLetterCount: 1,
      quarantinedCount: 1,
      lastSyncAt: 5_000,
      epoch: bookings[0]!.epoch,
      lastSeq: 4,
      ackedUpTo: 3,
    });
  });

  // How fast that start is on a 100,000-booking backlog in a browser is bench case 3 (startup-backlog).
  it('starts on a backlog by reading the first batch, not the backlog', async () => {
    const { data, bookings } = await terminalWith(1);
    const template = bookings[0]!;
    const rows: Booking[] = Array.from({ length: 5_000 }, (_, i) => ({
      ...template,
      id: `0190a000-0000-7000-8000-${String(i).padStart(12, '0')}`,
      seq: i + 2,
    }));
    await data.bookingsDb.bookings.bulkAdd(rows);
    await data.bookingsDb.outbox.bulkAdd(rows.map(outboxRowOf));
    // Rows written behind capture's back, and no stored count: then the outbox is counted once.
    await data.bookingsDb.meta.toCollection().modify((meta) => {
      delete meta.pendingCount;
    });
    const rowsRead = await countRowsRead(data.bookingsDb);
    const stats = await data.outbox.readStats();
    const batch = await data.outbox.readPendingBatch(500);
    expect(stats.pendingCount).toBe(5_001);
    expect(batch.map((b) => b.seq).slice(0, 3)).toEqual([1, 2, 3]);
    expect(batch).toHaveLength(500);
    // The oldest pending row for the stats, then the batch's outbox rows and their bookings.
    expect(rowsRead.get('outbox')).toBeLessThanOrEqual(1 + 500);
    expect(rowsRead.get('bookings')).toBeLessThanOrEqual(500);
  });
});

describe('a bookings database from schema version 1', () => {
  /** Version 1 kept the sync state on the booking row, indexed by [state+seq]. */
  async function writeVersion1(name: string, rows: BookingRow[], pendingCount?: number) {
    const old = new Dexie(name);
    old
      .version(1)
      .stores({ bookings: 'id, [state+seq], occurredAt', meta: 'key', deadLetters: 'id, rejectedAt', identity: 'key' });
    await old
      .table('identity')
      .put({ key: 'self', terminalId: TEST_IDENTITY.terminalId, stationId: 'ST-10', enrolledAt: 1 });
    await old.table('meta').put({
      key: OUTBOX_META_KEY,
      epoch: rows[0]!.epoch,
      nextSeq: rows.length + 1,
      createdAt: 1,
      ...(pendingCount === undefined ? {} : { pendingCount }),
    });
    await old.table('bookings').bulkAdd(rows);
    old.close();
  }

  it('keeps every pending and quarantined booking through the upgrade', async () => {
    const source = await terminalWith(5);
    const [b1, b2, b3, b4, b5] = source.bookings as [Booking, Booking, Booking, Booking, Booking];
    const name = `v1-${crypto.randomUUID()}`;
    await writeVersion1(name, [
      { ...b1, state: 'synced', answeredAt: 2_000 },
      { ...b2, state: 'pending' },
      { ...b3, state: 'quarantined', answeredAt: 2_000, serverReason: 'seq reused' },
      { ...b4, state: 'pending' },
      { ...b5, state: 'pending' },
    ]);

    const data = openTestTerminalData({ bookingsDbName: name });
    opened.push(data);
    expect(await data.outbox.readStats()).toMatchObject({ pendingCount: 3, quarantinedCount: 1, lastSeq: 5 });
    // On the wire without version 1's fields, in seq order.
    const batch = await data.outbox.readPendingBatch(10);
    expect(batch).toEqual([b2, b4, b5]);
    expect(await data.outbox.listQuarantined()).toEqual([{ booking: b3, reason: 'seq reused', answeredAt: 2_000 }]);
    await data.outbox.applyPushAnswer(acceptAll(batch));
    expect(await data.outbox.readStats()).toMatchObject({ pendingCount: 0, oldestPendingAt: null });
    const next = await data.captureBooking(goodQuantityDraft());
    expect(next.seq).toBe(6);
    expect(await data.outbox.readPendingBatch(10)).toEqual([next]);
  });

  it('counts the pending bookings of a version 1 database that had no stored count', async () => {
    const source = await terminalWith(2);
    const name = `v1-${crypto.randomUUID()}`;
    await writeVersion1(
      name,
      source.bookings.map((b) => ({ ...b, state: 'pending' })),
    );
    const data = openTestTerminalData({ bookingsDbName: name });
    opened.push(data);
    expect((await data.outbox.readStats()).pendingCount).toBe(2);
  });
});
