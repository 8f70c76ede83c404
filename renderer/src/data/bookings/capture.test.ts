import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { validateBooking } from '../../../../shared/booking';
import { deleteTerminalData, openTerminalData, type TerminalData } from '../terminal-data';
import { goodQuantityDraft, openTestTerminalData, TEST_IDENTITY } from '../testing/fixtures';
import { CaptureError, isQuotaError } from './capture-error';
import { OUTBOX_META_KEY } from './bookings-db';

const opened: TerminalData[] = [];
function track(data: TerminalData): TerminalData {
  opened.push(data);
  return data;
}
afterEach(() => {
  for (const data of opened.splice(0)) data.close();
});

async function enrolledTerminal(options: Parameters<typeof openTestTerminalData>[0] = {}) {
  const data = track(openTestTerminalData(options));
  await data.saveIdentity(TEST_IDENTITY);
  return data;
}

function quotaError(): DOMException {
  return new DOMException('The quota has been exceeded.', 'QuotaExceededError');
}

describe('captureBooking', () => {
  it('assigns identity, epoch, seq and clock and stores a valid pending booking', async () => {
    const data = await enrolledTerminal({ now: () => 1_700_000_000_123 });
    const booking = await data.captureBooking(goodQuantityDraft(3));
    expect(validateBooking(booking).ok).toBe(true);
    expect(booking).toMatchObject({
      terminalId: 'T-0001',
      seq: 1,
      occurredAt: 1_700_000_000_123,
      clockOffsetMs: 0,
      masterDataVersion: '',
    });
    const meta = await data.bookingsDb.meta.get(OUTBOX_META_KEY);
    expect(booking.epoch).toBe(meta?.epoch);
    expect(meta?.nextSeq).toBe(2);
    expect(await data.bookingsDb.bookings.get(booking.id)).toEqual(booking);
    expect(await data.bookingsDb.outbox.toArray()).toEqual([{ epoch: booking.epoch, seq: 1, id: booking.id }]);
    expect(meta?.pendingCount).toBe(1);
  });

  it('stamps the current clock offset estimate and master-data version', async () => {
    const data = await enrolledTerminal();
    await data.bookingsDb.meta.update(OUTBOX_META_KEY, { clock: { offsetMs: -4321.6, samples: [] } });
    await data.master.applyPullPage('reasons', { changes: [], cursor: 'c-17', hasMore: false });
    const booking = await data.captureBooking(goodQuantityDraft());
    expect(booking.clockOffsetMs).toBe(-4322);
    expect(booking.masterDataVersion).toBe('reasons=c-17');
  });

  it('refuses to capture before enrollment and writes nothing', async () => {
    const data = track(openTestTerminalData());
    await expect(data.captureBooking(goodQuantityDraft())).rejects.toMatchObject({ code: 'not-enrolled' });
    expect(await data.bookingsDb.bookings.count()).toBe(0);
  });

  it('rejects an invalid draft without using up a seq', async () => {
    const data = await enrolledTerminal();
    const invalid = { ...goodQuantityDraft(), payload: { quantity: -1, unit: 'pcs' } };
    const error: unknown = await data.captureBooking(invalid).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CaptureError);
    expect(error).toMatchObject({ code: 'invalid-booking', messageKey: 'capture.errors.invalidBooking' });
    expect((error as CaptureError).issues.length).toBeGreaterThan(0);
    expect((await data.captureBooking(goodQuantityDraft())).seq).toBe(1);
  });

  it('drops fields a caller must not set', async () => {
    const data = await enrolledTerminal();
    const draft = { ...goodQuantityDraft(), seq: 99, id: 'nope' } as ReturnType<typeof goodQuantityDraft>;
    const booking = await data.captureBooking(draft);
    expect(booking.seq).toBe(1);
    expect(booking.id).not.toBe('nope');
  });

  it('keeps seq contiguous across closing and reopening the database', async () => {
    const names = { bookingsDbName: 'reopen-bookings', masterDbName: 'reopen-master', crossTab: false };
    const first = openTerminalData(names);
    await first.saveIdentity(TEST_IDENTITY);
    const before = [];
    for (let i = 0; i < 5; i++) before.push(await first.captureBooking(goodQuantityDraft()));
    first.close();
    const second = track(openTerminalData(names));
    const after = [];
    for (let i = 0; i < 5; i++) after.push(await second.captureBooking(goodQuantityDraft()));
    expect([...before, ...after].map((b) => b.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(new Set([...before, ...after].map((b) => b.epoch)).size).toBe(1);
  });

  it('gets a new epoch and restarts seq when the database is wiped', async () => {
    const names = { bookingsDbName: 'wipe-bookings', masterDbName: 'wipe-master', crossTab: false };
    const first = openTerminalData(names);
    await first.saveIdentity(TEST_IDENTITY);
    const old = await first.captureBooking(goodQuantityDraft());
    await first.captureBooking(goodQuantityDraft());
    first.close();
    await deleteTerminalData(names);
    const second = track(openTerminalData(names));
    await second.saveIdentity(TEST_IDENTITY);
    const fresh = await second.captureBooking(goodQuantityDraft());
    expect(fresh.seq).toBe(1);
    expect(fresh.epoch).not.toBe(old.epoch);
  });

  it('gives concurrent captures distinct, gap-free seqs', async () => {
    const data = await enrolledTerminal();
    const bookings = await Promise.all(Array.from({ length: 20 }, () => data.captureBooking(goodQuantityDraft())));
    expect(bookings.map((b) => b.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });
});

describe('durability', () => {
  it('commits bookings with strict durability and master data with the default', async () => {
    const data = track(openTestTerminalData());
    const bookingsDurability = await data.bookingsDb.transaction(
      'rw',
      data.bookingsDb.meta,
      (tx) => tx.idbtrans.durability,
    );
    const masterDurability = await data.masterDb.transaction(
      'rw',
      data.masterDb.datasets,
      (tx) => tx.idbtrans.durability,
    );
    expect(bookingsDurability).toBe('strict');
    expect(masterDurability).toBe('default');
  });
});

describe('capture atomicity under storage failures', () => {
  it('leaves neither booking nor counter behind when the booking write fails with a full disk', async () => {
    const data = await enrolledTerminal();
    await data.captureBooking(goodQuantityDraft());
    // The counter is written first in the transaction, so this failure comes after it.
    const failWrite = () => {
      throw quotaError();
    };
    data.bookingsDb.bookings.hook('creating', failWrite);
    const error: unknown = await data.captureBooking(goodQuantityDraft()).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'storage-full', messageKey: 'capture.errors.storageFull' });
    expect((await data.bookingsDb.meta.get(OUTBOX_META_KEY))?.nextSeq).toBe(2);
    expect(await data.bookingsDb.bookings.count()).toBe(1);
    expect(await data.bookingsDb.outbox.count()).toBe(1);

    data.bookingsDb.bookings.hook('creating').unsubscribe(failWrite);
    expect((await data.captureBooking(goodQuantityDraft())).seq).toBe(2);
  });

  it('rolls the booking back when a write late in the transaction fails for another reason', async () => {
    const data = await enrolledTerminal();
    // Fail at the very end: after both writes were issued, the transaction is aborted from a hook.
    data.bookingsDb.bookings.hook('creating', function () {
      this.onsuccess = () => {
        throw new Error('disk I/O error');
      };
    });
    const error: unknown = await data.captureBooking(goodQuantityDraft()).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'storage-failed' });
    expect(await data.bookingsDb.bookings.count()).toBe(0);
    expect(await data.bookingsDb.outbox.count()).toBe(0);
    expect((await data.bookingsDb.meta.get(OUTBOX_META_KEY))?.nextSeq).toBe(1);
  });

  it('stores no booking whose outbox row could not be written', async () => {
    const data = await enrolledTerminal();
    data.bookingsDb.outbox.hook('creating', () => {
      throw quotaError();
    });
    const error: unknown = await data.captureBooking(goodQuantityDraft()).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'storage-full' });
    expect(await data.bookingsDb.bookings.count()).toBe(0);
    expect(await data.outbox.readStats()).toMatchObject({ pendingCount: 0, lastSeq: 0 });
  });

  it('maps a quota error that Dexie wrapped in an AbortError', () => {
    const wrapped = new Dexie.AbortError('Transaction aborted', quotaError());
    expect(isQuotaError(wrapped)).toBe(true);
    expect(isQuotaError({ name: 'BulkError', failuresByPos: { 3: { name: 'AbortError', inner: quotaError() } } })).toBe(
      true,
    );
    expect(isQuotaError(new Error('other', { cause: { name: 'QuotaExceededError' } }))).toBe(true);
    expect(isQuotaError(new Dexie.AbortError('Transaction aborted'))).toBe(false);
    const cyclic: Record<string, unknown> = { name: 'AbortError' };
    cyclic['inner'] = cyclic;
    expect(isQuotaError(cyclic)).toBe(false);
  });
});
