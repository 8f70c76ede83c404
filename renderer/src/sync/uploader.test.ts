import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PushOutcome, PushRequest } from '@shared/protocol';
import type { TerminalData } from '../data';
import { goodQuantityDraft, openTestTerminalData, TEST_IDENTITY } from '../data/testing/fixtures';
import { startSyncEngine, type SyncEngine, type SyncEngineOptions } from './engine';
import { createFakeSyncServer, fakeTransport, manualTimers, type FakeSyncServer } from './testing/fake-sync-server';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function terminal(count = 0): Promise<TerminalData> {
  const data = openTestTerminalData();
  cleanup.push(() => data.close());
  await data.saveIdentity(TEST_IDENTITY);
  for (let i = 0; i < count; i++) await data.captureBooking(goodQuantityDraft(i + 1));
  return data;
}

function engine(data: TerminalData, server: FakeSyncServer, options: Partial<SyncEngineOptions> = {}): SyncEngine {
  const started = startSyncEngine({
    transport: fakeTransport(server),
    data,
    isAutomatic: false,
    connectivity: null,
    locks: null,
    datasets: [],
    ...options,
  });
  cleanup.push(() => started.stop());
  return started;
}

const seqsOf = (request: PushRequest) => request.bookings.map((b) => (b as { seq: number }).seq);

describe('uploader', () => {
  it('pushes pending bookings in seq order, in batches', async () => {
    const data = await terminal(450);
    const server = createFakeSyncServer();
    const result = await engine(data, server, { batchSize: 200 }).pushNow();
    expect(result).toMatchObject({ ok: true, answered: { synced: 450, quarantined: 0, rejected: 0 } });
    expect(server.pushes.map((p) => seqsOf(p).length)).toEqual([200, 200, 50]);
    expect(server.pushes.flatMap(seqsOf)).toEqual(Array.from({ length: 450 }, (_, i) => i + 1));
    expect(server.pushes[0]).toMatchObject({ terminalId: 'T-0001' });
    expect((await data.outbox.readStats()).pendingCount).toBe(0);
  });

  it('clamps the batch size to the protocol maximum', async () => {
    const data = await terminal(501);
    const server = createFakeSyncServer();
    await engine(data, server, { batchSize: 10_000 }).pushNow();
    expect(server.pushes.map((p) => p.bookings.length)).toEqual([500, 1]);
  });

  it('caps a push by its serialized size as well as by count, and sends a booking over the cap alone', async () => {
    const data = await terminal();
    // The longest note there is, in a script that takes two bytes per character: ~4 kB per booking.
    for (let i = 0; i < 300; i++)
      await data.captureBooking({ type: 'shift.note', payload: { text: 'ж'.repeat(2_000) }, stationId: 'ST-10' });
    const server = createFakeSyncServer();
    const bytes = (request: PushRequest) => new TextEncoder().encode(JSON.stringify(request)).length;
    await engine(data, server, { maxBatchBytes: 200_000 }).pushNow();
    expect(server.pushes.length).toBeGreaterThan(5);
    for (const push of server.pushes) expect(bytes(push)).toBeLessThanOrEqual(200_000);
    expect(server.pushes.flatMap(seqsOf)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));

    await data.captureBooking({ type: 'shift.note', payload: { text: 'ж'.repeat(2_000) }, stationId: 'ST-10' });
    await data.captureBooking(goodQuantityDraft());
    const tiny = createFakeSyncServer();
    const result = await engine(data, tiny, { maxBatchBytes: 1_000 }).pushNow();
    expect(result).toMatchObject({ ok: true, answered: { synced: 2 } });
    expect(tiny.pushes.map(seqsOf)).toEqual([[301], [302]]);
  });

  it('keeps one request in flight, however often it is triggered, also across engines', async () => {
    const data = await terminal(30);
    const server = createFakeSyncServer();
    let inFlight = 0;
    let maxInFlight = 0;
    const slow = fakeTransport(server, {
      push: async () => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight--;
        return undefined;
      },
    });
    const a = engine(data, server, { transport: slow, batchSize: 7 });
    const b = engine(data, server, { transport: slow, batchSize: 7 }); // a second tab on the same database
    const runs = [a.pushNow(), a.pushNow(), b.pushNow()];
    for (let i = 0; i < 5; i++) {
      await data.captureBooking(goodQuantityDraft());
      runs.push(i % 2 ? a.pushNow() : b.pushNow());
    }
    await Promise.all(runs);
    await a.pushNow();
    expect(maxInFlight).toBe(1);
    expect(server.stored.size).toBe(35);
    expect((await data.outbox.readStats()).pendingCount).toBe(0);
  });

  it('takes out of pending only what the server listed, and sends the rest again', async () => {
    const data = await terminal(10);
    const server = createFakeSyncServer();
    let isFirst = true;
    const partial = fakeTransport(server, {
      push: async (request): Promise<PushOutcome | undefined> => {
        if (!isFirst) return undefined;
        isFirst = false;
        const answer = server.push(request);
        return { kind: 'ok', value: { ...answer, results: answer.results.slice(0, 4) } };
      },
    });
    const sync = engine(data, server, { transport: partial });
    await sync.pushNow();
    expect(server.pushes.map(seqsOf)).toEqual([
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
      [5, 6, 7, 8, 9, 10],
    ]);
    expect(sync.health.getHealth()).toMatchObject({ pendingCount: 0, ackedUpTo: 10, lastSeq: 10 });
  });

  it('sends the next batch while the last answer is stored, and loses nothing when storing fails', async () => {
    const data = await terminal(25);
    const server = createFakeSyncServer();
    let secondRequestSeen: () => void = () => undefined;
    const secondRequest = new Promise<void>((resolve) => (secondRequestSeen = resolve));
    const watching = fakeTransport(server, {
      push: async () => {
        if (server.pushes.length === 1) secondRequestSeen(); // one request recorded: this is the second
        return undefined;
      },
    });
    let applies = 0;
    const applyPushAnswer = data.outbox.applyPushAnswer.bind(data.outbox);
    vi.spyOn(data.outbox, 'applyPushAnswer').mockImplementation(async (answer) => {
      applies++;
      if (applies > 1) return applyPushAnswer(answer);
      await secondRequest; // only resolves if batch 2 goes out while batch 1 is being stored
      throw new Error('disk I/O error');
    });
    const failingStore = data;
    const result = await engine(failingStore, server, { transport: watching, batchSize: 10 }).pushNow();
    expect(result).toMatchObject({ ok: false, error: 'local-storage', answered: { synced: 0 } });
    expect(server.pushes.map(seqsOf)).toEqual([
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
      [11, 12, 13, 14, 15, 16, 17, 18, 19, 20],
    ]);
    // Neither answer was stored: both batches are still pending and go again; the server already has them.
    expect((await data.outbox.readStats()).pendingCount).toBe(25);
    const again = await engine(data, server, { batchSize: 10 }).pushNow();
    expect(again).toMatchObject({ ok: true, answered: { synced: 25 } });
    expect(server.stored.size).toBe(25);
    expect((await data.outbox.readStats()).pendingCount).toBe(0);
  });

  it('also sends bookings captured while a run is going on', async () => {
    const data = await terminal(5);
    const server = createFakeSyncServer();
    const capturing = fakeTransport(server, {
      push: async () => {
        if (server.pushes.length < 2) await data.captureBooking(goodQuantityDraft());
        return undefined;
      },
    });
    const result = await engine(data, server, { transport: capturing, batchSize: 2 }).pushNow();
    expect(result).toMatchObject({ ok: true, answered: { synced: 7 } });
    expect(server.pushes.flatMap(seqsOf)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect((await data.outbox.readStats()).pendingCount).toBe(0);
  });

  it('backs off when an answer lists nothing that was sent', async () => {
    const data = await terminal(3);
    const server = createFakeSyncServer();
    const deaf = fakeTransport(server, {
      push: async () => ({ kind: 'ok', value: { results: [], ackedUpTo: 0, serverTime: Date.now() } }),
    });
    const result = await engine(data, server, { transport: deaf }).pushNow();
    expect(result).toMatchObject({ ok: false, error: 'no-progress' });
    expect((await data.outbox.readStats()).pendingCount).toBe(3);
  });

  it('moves rejected bookings to the dead-letter store and keeps them there', async () => {
    const data = await terminal(5);
    const server = createFakeSyncServer({
      judge: (b) => (b.seq === 2 ? 'rejected' : b.seq === 4 ? 'quarantined' : undefined),
    });
    const sync = engine(data, server);
    await sync.pushNow();
    await data.captureBooking(goodQuantityDraft());
    await sync.syncNow();
    expect(sync.health.getHealth()).toMatchObject({ pendingCount: 0, deadLetterCount: 1, quarantinedCount: 1 });
    const [letter] = await data.outbox.listDeadLetters();
    expect(letter).toMatchObject({ reason: 'judged', booking: { seq: 2 } });
    expect((await data.outbox.listQuarantined()).map((q) => q.booking.seq)).toEqual([4]);
  });

  it('never gives up: retries with backoff until the server is back', async () => {
    const data = await terminal(2);
    const server = createFakeSyncServer();
    const timers = manualTimers();
    let failuresLeft = 12;
    let attempts = 0;
    const flaky = fakeTransport(server, {
      push: async () => (
        attempts++,
        failuresLeft-- > 0 ? { kind: 'network-error', message: 'ECONNREFUSED' } : undefined
      ),
    });
    const sync = engine(data, server, { transport: flaky, timers, random: () => 0.5 });
    await sync.pushNow();
    expect(sync.health.getHealth()).toMatchObject({ isOnline: false, lastError: 'network', pendingCount: 2 });
    const delays: number[] = [];
    while (server.stored.size < 2) {
      await vi.waitFor(() => expect(timers.delays()).toHaveLength(1));
      delays.push(...timers.delays());
      const before = attempts;
      timers.fireAll();
      await vi.waitFor(() => expect(attempts).toBe(before + 1));
      await vi.waitFor(() => expect(timers.delays().length === 1 || server.stored.size === 2).toBe(true));
    }
    expect(delays).toHaveLength(12);
    expect(delays.every((d, i) => d >= 1_000 && d <= 60_000 && (i === 0 || d >= delays[i - 1]!))).toBe(true);
    expect(delays.at(-1)).toBe(45_000);
    await vi.waitFor(() =>
      expect(sync.health.getHealth()).toMatchObject({
        isOnline: true,
        lastError: null,
        pendingCount: 0,
        nextRetryAt: null,
        isSyncing: false,
      }),
    );
  });

  it('maps auth failures and halves the batch after 413', async () => {
    const data = await terminal(40);
    const server = createFakeSyncServer();
    const answers: PushOutcome[] = [
      { kind: 'http-error', status: 401, code: 'invalid-token' },
      { kind: 'http-error', status: 413, code: 'payload-too-large' },
    ];
    const sizes: number[] = [];
    const picky = fakeTransport(server, {
      push: async (request) => {
        sizes.push(request.bookings.length);
        return answers.shift();
      },
    });
    const sync = engine(data, server, { transport: picky, batchSize: 40 });
    expect(await sync.pushNow()).toMatchObject({ ok: false, error: 'unauthorized' });
    expect(sync.health.getHealth().lastError).toBe('unauthorized');
    expect(await sync.pushNow()).toMatchObject({ ok: false, error: 'bad-request' });
    expect(await sync.pushNow()).toMatchObject({ ok: true });
    expect(sizes).toEqual([40, 40, 20, 20]);
  });

  it('does not let bookings the server refuses for an earlier identity hold up the current one', async () => {
    const data = await terminal(3);
    await data.saveIdentity({ ...TEST_IDENTITY, terminalId: 'T-0002', token: 'n'.repeat(40) });
    // The old identity's token is gone (enrolled again before tokens were kept): the server refuses them.
    await data.bookingsDb.retiredCredentials.clear();
    for (let i = 0; i < 4; i++) await data.captureBooking(goodQuantityDraft(10 + i));
    const server = createFakeSyncServer();
    const sent: string[] = [];
    const strict = fakeTransport(server, {
      push: async (request) => {
        sent.push(request.terminalId);
        return request.terminalId === 'T-0002'
          ? undefined
          : { kind: 'http-error', status: 403, code: 'terminal-mismatch' };
      },
    });
    const sync = engine(data, server, { transport: strict, batchSize: 2 });
    expect(await sync.pushNow()).toMatchObject({ ok: false, error: 'unauthorized', answered: { synced: 4 } });
    expect(sent).toEqual(['T-0001', 'T-0002', 'T-0002']); // the refused identity is tried once per run
    expect(server.pushes.flatMap((p) => p.bookings.map((b) => (b as { terminalId: string }).terminalId))).toEqual(
      Array(4).fill('T-0002'),
    );
    expect(sync.health.getHealth()).toMatchObject({ pendingCount: 3, lastError: 'unauthorized' });
    // A refusal of the current identity still ends the run: everything behind it is its own.
    await data.saveIdentity({ ...TEST_IDENTITY, terminalId: 'T-0003', token: 'm'.repeat(40) });
    await data.captureBooking(goodQuantityDraft());
    sent.length = 0;
    const refusing = fakeTransport(server, {
      push: async (request) => {
        sent.push(request.terminalId);
        return { kind: 'http-error', status: 401, code: 'terminal-revoked' };
      },
    });
    expect(await engine(data, server, { transport: refusing }).pushNow()).toMatchObject({ ok: false });
    expect(sent).toEqual(['T-0001', 'T-0003']);
  });

  it('does not apply an answer that arrives after the engine stopped (crash before the local update)', async () => {
    const data = await terminal(3);
    const server = createFakeSyncServer();
    let arrive: (() => void) | undefined;
    const late = fakeTransport(server, { push: () => new Promise((resolve) => (arrive = () => resolve(undefined))) });
    const sync = engine(data, server, { transport: late });
    const run = sync.pushNow();
    await vi.waitFor(() => expect(arrive).toBeDefined());
    await sync.stop();
    arrive?.();
    expect(await run).toMatchObject({ ok: false, isAbandoned: true });
    await vi.waitFor(() => expect(server.stored.size).toBe(3)); // the server has them ...
    expect((await data.outbox.readStats()).pendingCount).toBe(3); // ... and they are sent again next time
    const again = engine(data, server);
    await again.pushNow();
    expect(server.pushes.at(-1)?.bookings).toHaveLength(3);
    expect((await data.outbox.readStats()).pendingCount).toBe(0);
  });

  it('estimates the clock offset from answers and stamps it on new bookings', async () => {
    const data = await terminal(1);
    let local = 1_000_000;
    const server = createFakeSyncServer({ serverTime: () => local + 7_200_000 + 10 });
    const sync = engine(data, server, { now: () => (local += 20) });
    await sync.pushNow();
    expect(sync.health.getHealth().clockOffsetMs).toBe(7_200_000);
    const booking = await data.captureBooking(goodQuantityDraft());
    expect(booking.clockOffsetMs).toBe(7_200_000);
  });
});

describe('engine triggers and health', () => {
  it('pushes at start, after capture and when the network comes back, and keeps health current', async () => {
    const data = await terminal(2);
    const server = createFakeSyncServer();
    const timers = manualTimers();
    let isOnline = true;
    let notify: (online: boolean) => void = () => undefined;
    const connectivity = {
      isOnline: () => isOnline,
      subscribe: (listener: (online: boolean) => void) => ((notify = listener), () => undefined),
    };
    let isDown = false;
    const transport = fakeTransport(server, {
      push: async () => (isDown ? { kind: 'network-error', message: 'down' } : undefined),
    });
    const sync = startSyncEngine({ transport, data, timers, connectivity, locks: null, datasets: [], random: () => 0 });
    cleanup.push(() => sync.stop());
    const seen: number[] = [];
    sync.health.subscribe((h) => seen.push(h.pendingCount));

    await vi.waitFor(() => expect(server.stored.size).toBe(2)); // at start
    await data.captureBooking(goodQuantityDraft());
    await vi.waitFor(() => expect(server.stored.size).toBe(3)); // on capture
    await vi.waitFor(() =>
      expect(sync.health.getHealth()).toMatchObject({ pendingCount: 0, lastSeq: 3, ackedUpTo: 3, isSyncing: false }),
    );

    isDown = true;
    isOnline = false;
    notify(false);
    await data.captureBooking(goodQuantityDraft());
    await vi.waitFor(() =>
      expect(sync.health.getHealth()).toMatchObject({ isOnline: false, pendingCount: 1, lastError: 'network' }),
    );
    expect(sync.health.getHealth().oldestPendingAt).not.toBeNull();
    expect(timers.delays()).toContain(1_000); // a retry is due (beside the periodic pull)

    isDown = false;
    isOnline = true;
    notify(true);
    await vi.waitFor(() => expect(server.stored.size).toBe(4)); // on `online`
    await vi.waitFor(() =>
      expect(sync.health.getHealth()).toMatchObject({
        isOnline: true,
        pendingCount: 0,
        oldestPendingAt: null,
        lastError: null,
        isSyncing: false,
      }),
    );
    expect(seen).toContain(1);
  });

  it('returns the same health snapshot until something changes', async () => {
    const data = await terminal(0);
    const sync = engine(data, createFakeSyncServer());
    await sync.pushNow();
    const snapshot = sync.health.getHealth();
    expect(sync.health.getHealth()).toBe(snapshot);
  });
});
