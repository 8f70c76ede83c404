import type { BenchSizes } from './cases';

// Full mode follows the figures; quick mode runs every case small so a test can keep it alive.

export const FULL_SIZES: BenchSizes = {
  capture: { warmup: 200, count: 500, repeats: 5 },
  drain: {
    bookings: 100_000,
    warmupBookings: 2_000,
    repeats: 1,
    timeLimitSeconds: 150,
    pouchDocs: 100_000,
    pouchRepeats: 1,
    floorRepeats: 3,
  },
  startup: { backlog: 100_000, warmups: 2, repeats: 7 },
  ingest: {
    terminals: 200,
    seconds: 60,
    saturationSeconds: 30,
    warmupSeconds: 5,
    windowSeconds: 10,
    bookingsPerPush: 25,
    offeredPerSecond: 6_000,
  },
  master: { records: 50_000, repeats: 3, chunk: 5_000 },
  memory: { bookings: 100_000, checkpointEvery: 1_000, concurrency: 4, timeLimitSeconds: 150, uiHours: 8 },
  scanning: {
    gs1Strings: 200_000,
    gs1Repeats: 5,
    wedgeScans: 100,
    wedgePageRuns: 3,
    serialSeconds: 5,
    serialRate: 1_000,
  },
};

export const QUICK_SIZES: BenchSizes = {
  capture: { warmup: 20, count: 100, repeats: 2 },
  drain: {
    bookings: 1_000,
    warmupBookings: 200,
    repeats: 1,
    timeLimitSeconds: 60,
    pouchDocs: 500,
    pouchRepeats: 1,
    floorRepeats: 1,
  },
  startup: { backlog: 1_000, warmups: 1, repeats: 2 },
  ingest: {
    terminals: 20,
    seconds: 4,
    saturationSeconds: 3,
    warmupSeconds: 1,
    windowSeconds: 1,
    bookingsPerPush: 25,
    offeredPerSecond: 6_000,
  },
  master: { records: 1_000, repeats: 1, chunk: 5_000 },
  memory: { bookings: 1_000, checkpointEvery: 250, concurrency: 4, timeLimitSeconds: 60, uiHours: 0.25 },
  scanning: {
    gs1Strings: 20_000,
    gs1Repeats: 2,
    wedgeScans: 20,
    wedgePageRuns: 1,
    serialSeconds: 0.5,
    serialRate: 1_000,
  },
};

/** --uncapped: every run goes to its full size, however long it takes. */
export function withoutTimeLimits(sizes: BenchSizes): BenchSizes {
  return {
    ...sizes,
    drain: { ...sizes.drain, timeLimitSeconds: Number.POSITIVE_INFINITY },
    memory: { ...sizes.memory, timeLimitSeconds: Number.POSITIVE_INFINITY },
  };
}
