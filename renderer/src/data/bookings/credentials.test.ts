import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import type { Booking } from '@shared/booking';
import type { TerminalData } from '../terminal-data';
import { goodQuantityDraft, openTestTerminalData, TEST_IDENTITY } from '../testing/fixtures';
import { OUTBOX_META_KEY, outboxRowOf } from './bookings-db';

// A terminal enrolled again (moved to another station, or pointed at another server address) must still be
// able to send what it captured under its old identity: with the old identity's token.

const opened: TerminalData[] = [];
afterEach(() => {
  for (const data of opened.splice(0)) data.close();
});

const OLD = TEST_IDENTITY;
const NEW = { terminalId: 'T-0002', stationId: 'ST-20', token: 'n'.repeat(40) };

async function terminal() {
  let now = 1_000_000;
  const data = openTestTerminalData({ now: () => (now += 10) });
  opened.push(data);
  await data.saveIdentity(OLD);
  return data;
}

async function capture(data: TerminalData, count: number): Promise<Booking[]> {
  const bookings: Booking[] = [];
  for (let i = 0; i < count; i++) bookings.push(await data.captureBooking(goodQuantityDraft(i + 1)));
  return bookings;
}

const acceptAll = (sent: Booking[]) => ({
  sent,
  results: sent.map((b) => ({ id: b.id, status: 'accepted' as const })),
  epoch: sent[0]?.epoch ?? '',
  ackedUpTo: sent.at(-1)?.seq ?? 0,
  answeredAt: 5_000,
});

describe('credentials of earlier enrollments', () => {
  it('keeps the old token for the old bookings and gives pulls the current one', async () => {
    const data = await terminal();
    const old = await capture(data, 3);
    await data.saveIdentity(NEW);
    const fresh = await capture(data, 2);

    expect(await data.readToken()).toBe(NEW.token);
    expect(await data.readToken(NEW.terminalId)).toBe(NEW.token);
    expect(await data.readToken(OLD.terminalId)).toBe(OLD.token);
    expect(await data.readToken('T-unknown')).toBeUndefined();
    // The new identity's stream starts at seq 1 in an epoch of its own.
    expect(fresh.map((b) => [b.terminalId, b.seq])).toEqual([
      [NEW.terminalId, 1],
      [NEW.terminalId, 2],
    ]);
    expect(fresh[0]!.epoch).not.toBe(old[0]!.epoch);

    const first = await data.outbox.readPendingBatch(500);
    expect(first).toEqual(old); // one batch never mixes the two identities
    await data.outbox.applyPushAnswer(acceptAll(first.slice(0, 2)));
    expect(await data.readToken(OLD.terminalId)).toBe(OLD.token); // one old booking is still pending
    await data.outbox.applyPushAnswer(acceptAll(first.slice(2)));
    expect(await data.readToken(OLD.terminalId)).toBeUndefined();
    expect(await data.bookingsDb.retiredCredentials.count()).toBe(0);
    expect(await data.outbox.readPendingBatch(500)).toEqual(fresh);
  });

  it('forgets the old token once its bookings are answered, whether quarantined or rejected', async () => {
    const data = await terminal();
    const old = await capture(data, 2);
    await data.saveIdentity(NEW);
    await data.outbox.applyPushAnswer({
      ...acceptAll(old),
      results: [
        { id: old[0]!.id, status: 'quarantined' as const, reason: 'slot taken' },
        { id: old[1]!.id, status: 'rejected' as const, reason: 'bad' },
      ],
    });
    expect(await data.readToken(OLD.terminalId)).toBeUndefined();
  });

  it('keeps a token only for an identity that captured bookings which are still pending', async () => {
    const data = await terminal();
    const old = await capture(data, 1);
    await data.outbox.applyPushAnswer(acceptAll(old));
    await data.saveIdentity(NEW);
    expect(await data.bookingsDb.retiredCredentials.count()).toBe(0);

    const second = await capture(data, 1);
    await data.saveIdentity({ ...OLD, token: 'z'.repeat(40) }); // captures nothing before the next enrollment
    await data.saveIdentity({ ...NEW, terminalId: 'T-0003', token: 'y'.repeat(40) });
    expect(await data.readToken(NEW.terminalId)).toBe(NEW.token);
    expect(await data.bookingsDb.retiredCredentials.count()).toBe(1);
    expect(await data.readToken('T-0003')).toBe('y'.repeat(40));
    await data.outbox.applyPushAnswer(acceptAll(second));
    expect(await data.bookingsDb.retiredCredentials.count()).toBe(0);
  });

  it('sends the old identity first even when the clock was set back before the new enrollment', async () => {
    let now = 5_000_000_000;
    const data = openTestTerminalData({ now: () => (now -= 60_000) });
    opened.push(data);
    await data.saveIdentity(OLD);
    const old = await capture(data, 2);
    await data.saveIdentity(NEW);
    const fresh = await capture(data, 1);
    expect(fresh[0]!.epoch > old[0]!.epoch).toBe(true);
    expect(await data.outbox.readPendingBatch(500)).toEqual(old);
    await data.outbox.applyPushAnswer(acceptAll(old));
    expect(await data.readToken(OLD.terminalId)).toBeUndefined();
  });

  it('saving the same identity again changes neither the epoch nor the credentials', async () => {
    const data = await terminal();
    const [before] = await capture(data, 1);
    await data.saveIdentity(OLD);
    const [after] = await capture(data, 1);
    expect(after).toMatchObject({ epoch: before!.epoch, seq: 2 });
    expect(await data.bookingsDb.retiredCredentials.count()).toBe(0);
  });
});

describe('a bookings database from schema version 2', () => {
  it('keeps its pending bookings through the upgrade, and the old token at the next enrollment', async () => {
    const source = await terminal();
    const bookings = await capture(source, 3);
    const name = `v2-${crypto.randomUUID()}`;
    const old = new Dexie(name);
    old.version(2).stores({
      bookings: 'id, [epoch+seq], occurredAt',
      meta: 'key',
      deadLetters: 'id, rejectedAt',
      identity: 'key',
      outbox: '[epoch+seq]',
      quarantine: 'id, answeredAt',
    });
    await old.table('identity').put({ key: 'self', ...OLD, enrolledAt: 1 });
    await old
      .table('meta')
      .put({ key: OUTBOX_META_KEY, epoch: bookings[0]!.epoch, nextSeq: 4, createdAt: 1, pendingCount: 3 });
    await old.table('bookings').bulkAdd(bookings);
    await old.table('outbox').bulkAdd(bookings.map(outboxRowOf));
    old.close();

    const data = openTestTerminalData({ bookingsDbName: name });
    opened.push(data);
    expect(await data.outbox.readPendingBatch(10)).toEqual(bookings);
    expect(await data.readIdentity()).toMatchObject(OLD);
    await data.saveIdentity(NEW);
    expect(await data.readToken(OLD.terminalId)).toBe(OLD.token);
    expect(await data.outbox.readStats()).toMatchObject({ pendingCount: 3, lastSeq: 0 });
  });
});
