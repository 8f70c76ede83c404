import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { validateBooking } from '@shared/booking';
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
    expect(await data.bookingsDb.outbox.toArray()).toEqual([
      { epoch: booking.epoch, seq: 1, id: booking.id, occurredAt: booking.occurredAt },
    ]);
    expect(meta?.pendingCount).toBe(1);
  });

  it('dates a booking back when told (a downtime from the machine stop), never ahead and at most 24 h', async () => {
    const now = 1_700_000_000_000;
    const data = await enrolledTerminal({ now: () => now });
    const stop = now - 7 * 60_000;
    const booking = await data.captureBooking(goodQuantityDraft(), { occurredAt: stop });
    expect(booking).toMatchObject({ occurredAt: stop, seq: 1 });
    expect(validateBooking(booking).ok).toBe(true);
    for (const occurredAt of [now + 1, now - 24 * 3_600_000 - 1, Number.NaN])
      await expect(data.captureBooking(goodQuantityDraft(), { occurredAt })).rejects.toMatchObject({
        code: 'invalid-booking',
      });
    expect(await data.bookingsDb.bookings.count()).toBe(1);
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

describe('capturing on the basis the last capture left', () => {
  it('sends the writes together with the reads that check the basis', async () => {
    const data = await enrolledTerminal();
    const firstCalls = recordRequests();
    await data.captureBooking(goodQuantityDraft());
    expect(firstCalls.slice(0, 2).every((call) => call.startsWith('get'))).toBe(true);
    restores.splice(0).forEach((restore) => restore());
    const calls = recordRequests();
    await data.captureBooking(goodQuantityDraft());
    const fast = ['get meta', 'get identity', 'add bookings', 'add outbox', 'put meta'];
    expect(calls).toEqual(fast);
    // Concurrent captures of one page build on each other's basis, so none of them finds it stale.
    calls.length = 0;
    await Promise.all(Array.from({ length: 4 }, () => data.captureBooking(goodQuantityDraft())));
    // All four go out before the first answer comes back; a fallback would add reads and writes of its own.
    const issued = fast.slice(0, 4);
    expect(calls).toEqual([...issued, ...issued, ...issued, ...issued, 'put meta', 'put meta', 'put meta', 'put meta']);
  });

  it('notices another tab capturing on the same database and keeps seqs unique and gap-free', async () => {
    const names = { bookingsDbName: `two-tabs-${crypto.randomUUID()}`, crossTab: false };
    const a = track(openTestTerminalData(names));
    const b = track(openTestTerminalData(names));
    await a.saveIdentity(TEST_IDENTITY);
    const seqs: number[] = [];
    for (let i = 0; i < 6; i++) seqs.push((await (i % 3 === 0 ? b : a).captureBooking(goodQuantityDraft())).seq);
    expect(seqs).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await a.outbox.readStats()).toMatchObject({ pendingCount: 6, lastSeq: 6 });
  });

  it('keeps the answers the uploader stored and stamps the newest clock offset', async () => {
    const data = await enrolledTerminal();
    const first = await data.captureBooking(goodQuantityDraft());
    await data.captureBooking(goodQuantityDraft());
    await data.outbox.applyPushAnswer({
      sent: [first],
      results: [{ id: first.id, status: 'accepted' }],
      epoch: first.epoch,
      ackedUpTo: 1,
      answeredAt: 7_000,
      clock: { offsetMs: 1_234.4, samples: [] },
    });
    const third = await data.captureBooking(goodQuantityDraft());
    expect(third).toMatchObject({ seq: 3, clockOffsetMs: 1_234 });
    expect(await data.outbox.readStats()).toMatchObject({ pendingCount: 2, lastSyncAt: 7_000, ackedUpTo: 1 });
    // Another tab's uploader moved the estimate: this page's basis is stale and the capture notices.
    await data.bookingsDb.meta.update(OUTBOX_META_KEY, { clock: { offsetMs: -50, samples: [] } });
    expect(await data.captureBooking(goodQuantityDraft())).toMatchObject({ seq: 4, clockOffsetMs: -50 });
  });

  it('starts a new epoch for the new terminal id after enrolling again, and when the counter row is gone', async () => {
    const data = await enrolledTerminal();
    const first = await data.captureBooking(goodQuantityDraft());
    await data.saveIdentity({ ...TEST_IDENTITY, terminalId: 'T-0002' });
    const second = await data.captureBooking(goodQuantityDraft());
    expect(second).toMatchObject({ terminalId: 'T-0002', seq: 1 });
    expect(second.epoch).not.toBe(first.epoch);
    await data.bookingsDb.meta.delete(OUTBOX_META_KEY);
    const afresh = await data.captureBooking(goodQuantityDraft());
    expect(afresh.seq).toBe(1);
    expect(afresh.epoch).not.toBe(second.epoch);
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

type StoreName = 'bookings' | 'outbox' | 'meta';
type WriteMethod = 'add' | 'put';

const restores: (() => void)[] = [];
afterEach(() => {
  for (const restore of restores.splice(0)) restore();
});

/** Makes IndexedDB itself fail a write to one store, under Dexie and under the native fast path alike. */
function failWrites(store: StoreName, method: WriteMethod, fail: (write: () => IDBRequest) => IDBRequest): void {
  const original = IDBObjectStore.prototype[method];
  IDBObjectStore.prototype[method] = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['add']>) {
    if (this.name !== store) return original.apply(this, args);
    return fail(() => original.apply(this, args));
  };
  restores.push(() => (IDBObjectStore.prototype[method] = original));
}

/** The write is refused as it is issued. */
const withQuotaError = (): IDBRequest => {
  throw quotaError();
};
/** The write succeeds, then the transaction dies: a disk error at commit time. */
const abortAfterwards = (write: () => IDBRequest): IDBRequest => {
  const request = write();
  request.addEventListener('success', () => request.transaction?.abort());
  return request;
};

/** Every IndexedDB read and write of the next capture, in the order they were issued. */
function recordRequests(): string[] {
  const calls: string[] = [];
  for (const method of ['add', 'put', 'get'] as const) {
    const original = IDBObjectStore.prototype[method];
    IDBObjectStore.prototype[method] = function (this: IDBObjectStore, ...args: [never]) {
      calls.push(`${method} ${this.name}`);
      return (original as (...a: unknown[]) => IDBRequest).apply(this, args);
    };
    restores.push(() => (IDBObjectStore.prototype[method] = original as never));
  }
  return calls;
}

describe('capture atomicity under storage failures', () => {
  // The first capture reads before it writes; later ones write on the basis the last one left behind.
  const paths = [
    { path: 'the first capture', earlier: 0 },
    { path: 'a capture on the last basis', earlier: 2 },
  ];
  const failures = [
    { store: 'bookings', method: 'add', fail: withQuotaError, code: 'storage-full' },
    { store: 'outbox', method: 'add', fail: withQuotaError, code: 'storage-full' },
    { store: 'meta', method: 'put', fail: withQuotaError, code: 'storage-full' },
    { store: 'bookings', method: 'add', fail: abortAfterwards, code: 'storage-failed' },
  ] as const;
  for (const { path, earlier } of paths) {
    for (const { store, method, fail, code } of failures) {
      it(`${path}: a failing ${method} to ${store} (${code}) leaves nothing behind`, async () => {
        const data = await enrolledTerminal();
        for (let i = 0; i < earlier; i++) await data.captureBooking(goodQuantityDraft());
        const before = await data.outbox.readStats();
        failWrites(store, method, fail);
        const error: unknown = await data.captureBooking(goodQuantityDraft()).catch((e: unknown) => e);
        restores.pop()?.();
        expect(error).toBeInstanceOf(CaptureError);
        expect(error).toMatchObject({ code });
        expect(await data.bookingsDb.bookings.count()).toBe(earlier);
        expect(await data.bookingsDb.outbox.count()).toBe(earlier);
        expect(await data.outbox.readStats()).toEqual(before);
        expect((await data.captureBooking(goodQuantityDraft())).seq).toBe(earlier + 1);
      });
    }
  }
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
