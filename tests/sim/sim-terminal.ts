import type { Booking } from '@shared/booking';
import { deleteTerminalData, openTerminalData, type TerminalData } from '../../renderer/src/data';
import { OUTBOX_META_KEY } from '../../renderer/src/data/bookings/bookings-db';
import { goodQuantityDraft } from '../../renderer/src/data/testing/fixtures';
import {
  createFetchTransport,
  enrollTerminal,
  EnrollmentError,
  startSyncEngine,
  type SyncEngine,
} from '../../renderer/src/sync';
import type { Prng } from './prng';
import { SIM_ENROLLMENT_CODE } from './sim-server';

// One simulated terminal: the real data layer (fake-indexeddb) and the real sync engine, driven step by
// step. A crash drops the engine and its in-memory state and reopens the databases.

export interface Expectation {
  booking: Booking;
  /** false once the booking may be lost for good on the terminal (wiped or rolled back while pending). */
  mustArrive: boolean;
}

const NEVER: NonNullable<Parameters<typeof startSyncEngine>[0]['timers']> = {
  setTimeout: () => 0,
  clearTimeout: () => undefined,
};

export interface SimTerminalOptions {
  name: string;
  prng: Prng;
  now: () => number;
  fetch: typeof fetch;
  expected: Map<string, Expectation>;
  /**
   * The behaviour from before tokens of earlier enrollments were kept: every push goes with the current
   * token. Bookings pending at a re-enrollment are then refused forever (the negative control needs it).
   */
  isCurrentTokenOnly?: boolean;
}

const STATIONS = ['ST-10', 'ST-20'] as const;

export async function createSimTerminal(options: SimTerminalOptions) {
  const names = { bookingsDbName: `${options.name}-bookings`, masterDbName: `${options.name}-master` };
  const open = () =>
    openTerminalData({ ...names, now: options.now, random: options.prng.randomSource, crossTab: false });
  let data: TerminalData = open();
  let { terminalId, stationId } = await enrollTerminal('http://sim.invalid', 'ST-10', SIM_ENROLLMENT_CODE, {
    fetch: options.fetch,
    data,
  });
  const terminalIds = new Set([terminalId]);
  const transport = createFetchTransport({
    baseUrl: 'http://sim.invalid',
    getToken: (pushFor) => data.readToken(options.isCurrentTokenOnly ? undefined : pushFor),
    fetch: options.fetch,
  });
  const startEngine = () =>
    startSyncEngine({
      transport,
      data,
      now: options.now,
      random: options.prng.next,
      timers: NEVER,
      isAutomatic: false,
      connectivity: null,
      locks: null,
      batchSize: options.prng.int(100, 500),
      datasets: ['stations', 'reasons'],
      pullPageSize: 5,
    });
  let engine: SyncEngine = startEngine();
  let stopping: Promise<void> | undefined;
  const epochs = new Set<string>();
  let hasRolledBack = false;

  /** Closing a Dexie database while it is still opening can leave the connection open, so let it finish first. */
  async function closeData(): Promise<void> {
    await Promise.allSettled([data.bookingsDb.open(), data.masterDb.open()]);
    data.close();
  }

  async function restart(): Promise<void> {
    await (stopping ?? engine.stop());
    stopping = undefined;
    await closeData();
    data = open();
    engine = startEngine();
  }

  async function pendingIds(): Promise<string[]> {
    return (await data.bookingsDb.outbox.toArray()).map((row) => row.id);
  }

  return {
    /** The current identity's terminal id. */
    get terminalId() {
      return terminalId;
    },
    /** Every terminal id this terminal was enrolled as. */
    get terminalIds(): ReadonlySet<string> {
      return terminalIds;
    },
    get data() {
      return data;
    },
    get engine() {
      return engine;
    },
    get epochs(): ReadonlySet<string> {
      return epochs;
    },
    get hasRolledBack() {
      return hasRolledBack;
    },
    get isCrashed() {
      return stopping !== undefined;
    },
    async capture(count: number): Promise<void> {
      for (let i = 0; i < count; i++) {
        const booking = await data.captureBooking({ ...goodQuantityDraft(options.prng.int(1, 50)), stationId });
        epochs.add(booking.epoch);
        options.expected.set(booking.id, { booking, mustArrive: true });
      }
    },
    /**
     * Enrolled again (moved to a station, or its server address changed) while bookings may be pending: a new
     * identity from now on. Enrollment goes over the faulty network and may fail; then nothing changes.
     */
    async reenroll(): Promise<boolean> {
      const station = options.prng.chance(0.5) ? stationId : STATIONS[options.prng.int(0, STATIONS.length - 1)]!;
      try {
        ({ terminalId, stationId } = await enrollTerminal('http://sim.invalid', station, SIM_ENROLLMENT_CODE, {
          fetch: options.fetch,
          data,
        }));
        terminalIds.add(terminalId);
        return true;
      } catch (error) {
        if (!(error instanceof EnrollmentError)) throw error;
        return false;
      }
    },
    /** Called from inside a request: the engine is aborted at once, the rest happens in `recover`. */
    crashNow(): void {
      stopping ??= engine.stop();
    },
    async recover(): Promise<void> {
      if (stopping) await restart();
    },
    crashIdle: restart,
    /** The local database is deleted and recreated (new epoch); the token survives, as it does in Electron main. */
    async wipe(): Promise<void> {
      const token = await data.readToken();
      for (const id of await pendingIds())
        options.expected.set(id, { ...options.expected.get(id)!, mustArrive: false });
      await (stopping ?? engine.stop());
      stopping = undefined;
      await closeData();
      await deleteTerminalData(names);
      data = open();
      await data.saveIdentity({ terminalId, stationId, ...(token === undefined ? {} : { token }) });
      engine = startEngine();
    },
    /** Power loss under relaxed durability: the last `count` writes and the counter are gone, seqs get reused. */
    async rollBack(count: number): Promise<void> {
      await (stopping ?? engine.stop());
      stopping = undefined;
      const db = data.bookingsDb;
      const meta = await db.meta.get(OUTBOX_META_KEY);
      // Only the last writes are lost: those of the current epoch (a re-enrollment started it).
      const rows = (await db.bookings.toArray())
        .filter((row) => row.epoch === meta?.epoch)
        .sort((a, b) => b.seq - a.seq)
        .slice(0, count);
      const lost = rows.map((row) => row.id);
      const pending = new Set((await db.outbox.toArray()).map((row) => row.id));
      const lostPending = lost.filter((id) => pending.has(id));
      for (const id of lostPending) options.expected.set(id, { ...options.expected.get(id)!, mustArrive: false });
      // A booking, its outbox row, the counter and the pending count commit together, so they roll back together.
      await db.bookings.bulkDelete(lost);
      await db.outbox.bulkDelete(rows.map((row): [string, number] => [row.epoch, row.seq]));
      await db.quarantine.bulkDelete(lost);
      if (meta) {
        await db.meta.put({
          ...meta,
          nextSeq: Math.max(1, meta.nextSeq - rows.length),
          ...(meta.pendingCount === undefined
            ? {}
            : { pendingCount: Math.max(0, meta.pendingCount - lostPending.length) }),
        });
      }
      hasRolledBack ||= rows.length > 0;
      await restart();
    },
    /** Stops the terminal and deletes its databases (fake-indexeddb keeps them in memory otherwise). */
    async dispose(): Promise<void> {
      await (stopping ?? engine.stop());
      await closeData();
      await deleteTerminalData(names);
    },
  };
}

export type SimTerminal = Awaited<ReturnType<typeof createSimTerminal>>;
