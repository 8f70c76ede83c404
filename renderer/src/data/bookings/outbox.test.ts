import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Booking } from '../../../../shared/booking';
import type { TerminalData } from '../terminal-data';
import { goodQuantityDraft, openTestTerminalData, TEST_IDENTITY } from '../testing/fixtures';
import { OUTBOX_META_KEY, type BookingRow } from './bookings-db';

const opened: TerminalData[] = [];
afterEach(() => {
  for (const data of opened.splice(0)) data.close();
});

async function terminalWith(count: number, now: () => number = () => Date.now()) {
  const data = openTestTerminalData({ now });
  opened.push(data);
  await data.saveIdentity(TEST_IDENTITY);
  const bookings: Booking[] = [];
  for (let i = 0; i < count; i++) bookings.push(await data.captureBooking(goodQuantityDraft(i + 1)));
  return { data, bookings };
}

function answer(
  sent: Booking[],
  results: { id: string; status: 'accepted' | 'duplicate' | 'quarantined' | 'rejected'; reason?: string }[],
) {
  return { sentIds: sent.map((b) => b.id), results, epoch: sent[0]?.epoch ?? '', ackedUpTo: 0, answeredAt: 5_000 };
}

describe('outbox', () => {
  it('reads pending bookings in seq order, limited, without local fields', async () => {
    const { data, bookings } = await terminalWith(7);
    const batch = await data.outbox.readPendingBatch(5);
    expect(batch.map((b) => b.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(batch[0]).toEqual(bookings[0]);
    expect(batch[0]).not.toHaveProperty('state');
  });

  it('keeps a batch to one epoch, so one request never mixes streams', async () => {
    const { data, bookings } = await terminalWith(3);
    const foreign: BookingRow = {
      ...bookings[0]!,
      id: '0190a000-0000-7000-8000-000000000001',
      epoch: 'older-epoch',
      seq: 2,
      state: 'pending',
    };
    await data.bookingsDb.bookings.put(foreign);
    // seq order is 1 (current), 2 (foreign), 2 (current), 3 ...: the batch stops where the stream changes
    const batch = await data.outbox.readPendingBatch(10);
    expect(batch.every((b) => b.epoch === batch[0]?.epoch)).toBe(true);
    expect(batch.length).toBeLessThan(4);
  });

  it('takes only the bookings the server listed out of the pending state', async () => {
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
    const pending = await data.outbox.readPendingBatch(10);
    expect(pending.map((b) => b.seq)).toEqual([5, 6]); // 5 was sent but not listed
    expect(await data.bookingsDb.bookings.get(b1.id)).toMatchObject({ state: 'synced', answeredAt: 5_000 });
    expect(await data.bookingsDb.bookings.get(b3.id)).toMatchObject({
      state: 'quarantined',
      serverReason: 'seq reused with another id',
    });
    expect(await data.bookingsDb.bookings.get(b4.id)).toBeUndefined();
    const letters = await data.outbox.listDeadLetters();
    expect(letters).toEqual([{ id: b4.id, booking: b4, reason: 'unknown order', rejectedAt: 5_000 }]);
    expect(await data.bookingsDb.meta.get(OUTBOX_META_KEY)).toMatchObject({ lastSyncAt: 5_000, ackedUpTo: 4 });
  });

  it('does not change a booking that was already answered', async () => {
    const { data, bookings } = await terminalWith(1);
    await data.outbox.applyPushAnswer(answer(bookings, [{ id: bookings[0]!.id, status: 'accepted' }]));
    const report = await data.outbox.applyPushAnswer(
      answer(bookings, [{ id: bookings[0]!.id, status: 'rejected', reason: 'late' }]),
    );
    expect(report).toEqual({ synced: 0, quarantined: 0, rejected: 0 });
    expect(await data.outbox.listDeadLetters()).toEqual([]);
  });

  it('reports health counts from the indexes', async () => {
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

  it('starts quickly on a 100,000-booking backlog', async () => {
    const { data, bookings } = await terminalWith(1);
    const template = bookings[0]!;
    const rows: BookingRow[] = Array.from({ length: 100_000 }, (_, i) => ({
      ...template,
      id: `0190a000-0000-7000-8000-${String(i).padStart(12, '0')}`,
      seq: i + 2,
      state: 'pending',
    }));
    for (let i = 0; i < rows.length; i += 20_000) await data.bookingsDb.bookings.bulkAdd(rows.slice(i, i + 20_000));
    // Rows written behind capture's back: like a database from before the stored count, it is counted once.
    await data.bookingsDb.meta.toCollection().modify((meta) => {
      delete meta.pendingCount;
    });
    const started = performance.now();
    const stats = await data.outbox.readStats();
    const batch = await data.outbox.readPendingBatch(500);
    const elapsed = performance.now() - started;
    expect(stats.pendingCount).toBe(100_001);
    expect(batch.map((b) => b.seq).slice(0, 3)).toEqual([1, 2, 3]);
    expect(batch).toHaveLength(500);
    // What start would cost if it loaded the backlog; index reads must stay well below it.
    const loadStarted = performance.now();
    await data.bookingsDb.bookings.toArray();
    expect(elapsed).toBeLessThan((performance.now() - loadStarted) / 2);
  }, 120_000);
});
