import type { Booking } from '@shared/booking';
import { validateBooking } from '@shared/booking';
import type { DatasetName } from '@shared/master-data';
import type {
  Change,
  PullOutcome,
  PullQuery,
  PushOutcome,
  PushRequest,
  PushResponse,
  PushResult,
} from '@shared/protocol';
import type { SyncTransport } from '../transport/transport';

// An in-memory stand-in for the central server, for unit tests of the engine. Dedupes on booking id,
// tracks the contiguous acknowledged seq per (terminal, epoch), and serves master data from a change log.

export interface FakeSyncServerOptions {
  serverTime?: () => number;
  /** Decide a booking's status; default accepts new ids and reports known ids as duplicate. */
  judge?: (booking: Booking) => PushResult['status'] | undefined;
}

export function createFakeSyncServer(options: FakeSyncServerOptions = {}) {
  const serverTime = options.serverTime ?? (() => Date.now());
  const stored = new Map<string, Booking>();
  const seqs = new Map<string, Set<number>>();
  const acked = new Map<string, number>();
  const pushes: PushRequest[] = [];
  const pulls: PullQuery[] = [];
  const log = new Map<DatasetName, Change[]>();
  let resetFrom: Partial<Record<DatasetName, number>> = {};

  function push(request: PushRequest): PushResponse {
    pushes.push(request);
    const stream = `${request.terminalId}/${request.epoch}`;
    const seen = seqs.get(stream) ?? new Set<number>();
    seqs.set(stream, seen);
    const results = request.bookings.map((item): PushResult => {
      const validation = validateBooking(item);
      if (!validation.ok)
        return { id: String((item as { id?: unknown }).id), status: 'rejected', reason: validation.issues.join('; ') };
      const booking = validation.booking;
      const verdict = options.judge?.(booking);
      if (verdict === 'rejected') return { id: booking.id, status: 'rejected', reason: 'judged' };
      if (stored.has(booking.id)) return { id: booking.id, status: 'duplicate' };
      stored.set(booking.id, booking);
      seen.add(booking.seq);
      return verdict === 'quarantined'
        ? { id: booking.id, status: 'quarantined', reason: 'judged' }
        : { id: booking.id, status: 'accepted' };
    });
    let upTo = acked.get(stream) ?? 0;
    while (seen.has(upTo + 1)) upTo++;
    acked.set(stream, upTo);
    return { results, ackedUpTo: upTo, serverTime: serverTime() };
  }

  function pull(query: PullQuery) {
    pulls.push(query);
    const changes = log.get(query.dataset) ?? [];
    const start = query.cursor === undefined ? 0 : Number(query.cursor);
    const from = resetFrom[query.dataset];
    const isReset = from !== undefined && start <= from;
    const begin = isReset ? from : start;
    const end = Math.min(changes.length, begin + (query.limit ?? 1000));
    return {
      changes: changes.slice(begin, end),
      cursor: String(end),
      hasMore: end < changes.length,
      ...(isReset ? { reset: true } : {}),
      serverTime: serverTime(),
    };
  }

  return {
    stored,
    pushes,
    pulls,
    push,
    pull,
    addChanges(dataset: DatasetName, changes: Change[]): void {
      log.set(dataset, [...(log.get(dataset) ?? []), ...changes]);
    },
    /** Compacts a dataset: clients behind `fromIndex` must download again from there (reset). */
    compact(dataset: DatasetName, snapshot: Change[]): void {
      const current = log.get(dataset) ?? [];
      resetFrom = { ...resetFrom, [dataset]: current.length };
      log.set(dataset, [...current, ...snapshot]);
    },
  };
}

export type FakeSyncServer = ReturnType<typeof createFakeSyncServer>;

/** A transport straight into the fake server, with a hook to fail or delay calls. */
export function fakeTransport(
  server: FakeSyncServer,
  intercept: {
    push?: (request: PushRequest) => Promise<PushOutcome | undefined>;
    pull?: (query: PullQuery) => Promise<PullOutcome | undefined>;
  } = {},
): SyncTransport {
  return {
    async push(request) {
      const replaced = await intercept.push?.(request);
      return replaced ?? { kind: 'ok', value: server.push(structuredClone(request)) };
    },
    async pull(query) {
      const replaced = await intercept.pull?.(query);
      return replaced ?? { kind: 'ok', value: server.pull(query) };
    },
  };
}

/** Timers that only fire when the test says so. */
export function manualTimers() {
  let nextId = 1;
  const pending = new Map<number, { callback: () => void; ms: number }>();
  return {
    setTimeout(callback: () => void, ms: number): unknown {
      const id = nextId++;
      pending.set(id, { callback, ms });
      return id;
    },
    clearTimeout(handle: unknown): void {
      pending.delete(handle as number);
    },
    /** Delays of the timers waiting now. */
    delays(): number[] {
      return [...pending.values()].map((timer) => timer.ms);
    },
    /** Fires the waiting timers of one delay, leaving the others waiting. */
    fireDelay(ms: number): void {
      const due = [...pending].filter(([, timer]) => timer.ms === ms);
      for (const [id] of due) pending.delete(id);
      for (const [, timer] of due) timer.callback();
    },
    /** Fires every waiting timer once. */
    fireAll(): void {
      const due = [...pending.values()];
      pending.clear();
      for (const timer of due) timer.callback();
    },
  };
}
