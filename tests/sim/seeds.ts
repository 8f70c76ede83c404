import { afterAll, expect, it } from 'vitest';
import { FAULT_KINDS } from './faulty-network';
import type { SimServerFactory } from './sim-server';
import { runSimulation, type SimulationResult } from './simulation';

// Seed selection for the simulation suites. One variable, TAKT_SIM_SEEDS, sets how many seeds run: that many on
// SQLite (default 40 for a fast local loop, 200 in CI) and half as many on PostgreSQL, whose path differs only
// below the storage interface and whose seeds cost twice the time (each waits on its database). Each store's seeds
// are split over two files (odd and even) so two workers share them. TAKT_SIM_SEED replays one seed and nothing
// else, on both stores.

const DEFAULT_SEEDS = 40;

function replayedSeed(): number | undefined {
  const single = Number(process.env['TAKT_SIM_SEED']);
  return Number.isInteger(single) && single > 0 ? single : undefined;
}

function seedCount(): number {
  const count = Number(process.env['TAKT_SIM_SEEDS'] ?? DEFAULT_SEEDS);
  return Number.isInteger(count) && count > 0 ? count : DEFAULT_SEEDS;
}

/** The even (shard 0) or odd (shard 1) seeds of 1..TAKT_SIM_SEEDS; a replayed seed runs in shard 0 only. */
export function selectedSeeds(shard: 0 | 1): number[] {
  return seedsOfShard(seedCount(), shard);
}

/** The same split of the first half of those seeds; the seeds of one file run one after another on its cluster. */
export function selectedPgSeeds(shard: 0 | 1): number[] {
  return seedsOfShard(Math.ceil(seedCount() / 2), shard);
}

function seedsOfShard(count: number, shard: 0 | 1): number[] {
  const single = replayedSeed();
  if (single !== undefined) return shard === 0 ? [single] : [];
  return Array.from({ length: count }, (_, i) => i + 1).filter((seed) => seed % 2 === shard);
}

/**
 * 50..100 bookings per seed, one to three terminals, the full fault mix. `startServer` is read when a seed
 * runs (a PostgreSQL store is prepared in beforeAll); without it the server runs on SQLite.
 */
export function registerSeedTests(label: string, seeds: readonly number[], startServer?: () => SimServerFactory): void {
  const results: SimulationResult[] = [];
  for (const seed of seeds) {
    it(`seed ${seed}: every booking stored exactly once, outbox drained, ackedUpTo = last seq`, async () => {
      const result = await runSimulation({
        seed,
        bookings: 50 + (seed % 51),
        ...(startServer === undefined ? {} : { startServer: startServer() }),
      });
      results.push(result);
      expect(result.violations, `replay with TAKT_SIM_SEED=${seed}`).toEqual([]);
    }, 60_000);
  }
  if (seeds.length >= 20) {
    it('injected every kind of fault and action', () => {
      const faults = Object.fromEntries(
        FAULT_KINDS.map((kind) => [kind, results.reduce((sum, r) => sum + r.faults[kind], 0)]),
      );
      for (const kind of FAULT_KINDS) expect(faults[kind], kind).toBeGreaterThan(0);
      const actions = results.reduce<Record<string, number>>((sum, r) => {
        for (const [action, count] of Object.entries(r.actions)) sum[action] = (sum[action] ?? 0) + count;
        return sum;
      }, {});
      for (const [action, count] of Object.entries(actions)) expect(count, action).toBeGreaterThan(0);
    });
  }
  afterAll(() => {
    const bookings = results.reduce((sum, r) => sum + r.captured, 0);
    const faults = results.reduce((sum, r) => sum + Object.values(r.faults).reduce((a, b) => a + b, 0), 0);
    const restarts = results.reduce((sum, r) => sum + r.serverRestarts, 0);
    console.info(
      `sync simulation ${label}: ${results.length} seeds, ${bookings} bookings, ${faults} injected faults, ${restarts} server restarts`,
    );
  });
}
