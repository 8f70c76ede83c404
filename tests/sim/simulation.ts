import { checkInvariants } from './invariants';
import { createFaultyNetwork, emptyFaultCounts, type FaultCounts } from './faulty-network';
import { createPrng } from './prng';
import { startSqliteSimServer, type SimServerFactory } from './sim-server';
import { createSimTerminal, type Expectation, type SimTerminal } from './sim-terminal';

// One seeded run: terminals capture, sync, crash, get wiped and have their clocks jump while the
// network and the server misbehave; then the faults stop, everything drains and the invariants are checked.

export interface SimulationConfig {
  seed: number;
  /** Roughly how many bookings all terminals capture together. */
  bookings: number;
  terminals?: number;
  /** Share of requests that meet a fault while faults are on. */
  faultRate?: number;
  /** Wipe one terminal's database once, mid-run, after its outbox drained (the negative control needs it). */
  forceWipe?: boolean;
  /** Replace the server's dedupe with a broken one that only looks at (terminal, seq). */
  isSeqOnlyDedupeServer?: boolean;
  /** Random idle actions that lose or reset terminal data (wipe with pending bookings, power-loss rollback). */
  allowDataLoss?: boolean;
  /** Re-enroll one terminal once, mid-run, right after it captured (so bookings of the old identity are pending). */
  forceReenroll?: boolean;
  /** Terminals push with their current token only, as before re-enrollment kept old tokens (negative control). */
  isCurrentTokenOnlyClient?: boolean;
  /** Which store the server runs on: SQLite unless a PostgreSQL factory (sim-server-pg.ts) is given. */
  startServer?: SimServerFactory;
}

const ACTIONS = [
  'capture',
  'push',
  'pull',
  'client-crash',
  'server-crash',
  'clock-jump',
  're-enroll',
  'rollback',
  'wipe',
] as const;
type Action = (typeof ACTIONS)[number];
/** Relative weights of the idle actions between requests. */
const WEIGHTS: Record<Action, number> = {
  capture: 50,
  push: 32,
  pull: 4,
  'client-crash': 4,
  'server-crash': 3,
  'clock-jump': 3,
  're-enroll': 1.5,
  rollback: 1.5,
  wipe: 1,
};

export interface SimulationResult {
  seed: number;
  violations: string[];
  captured: number;
  faults: FaultCounts;
  actions: Record<Action, number>;
  serverRestarts: number;
  /** Wall time per action kind, ms. */
  timings: Partial<Record<Action | 'setup' | 'heal' | 'check', number>>;
}

const MAX_DRAIN_ROUNDS = 30;

let runCounter = 0;

export async function runSimulation(config: SimulationConfig): Promise<SimulationResult> {
  const runId = ++runCounter; // database names stay unique when one process runs a seed twice
  const prng = createPrng(config.seed);
  const timings: SimulationResult['timings'] = {};
  const timed = async <T>(key: keyof SimulationResult['timings'], work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await work();
    } finally {
      timings[key] = (timings[key] ?? 0) + performance.now() - started;
    }
  };
  let serverTime = Date.UTC(2026, 0, 5, 6, 0, 0) + config.seed * 1_000;
  const serverNow = () => serverTime;
  const server = await (config.startServer ?? startSqliteSimServer)(serverNow);
  const expected = new Map<string, Expectation>();
  const faults = emptyFaultCounts();
  const actions = Object.fromEntries(ACTIONS.map((a) => [a, 0])) as Record<Action, number>;
  const behaviour = {
    isSeqOnlyDedupe: config.isSeqOnlyDedupeServer === true,
    seenSlots: new Set<string>(),
    now: serverNow,
  };
  const skews: number[] = [];
  const jumpClock = (index: number) => {
    const sign = prng.chance(0.5) ? -1 : 1;
    skews[index] = (skews[index] ?? 0) + sign * prng.int(5_000, 3 * 3_600_000);
  };

  const terminals: SimTerminal[] = [];
  const networks: ReturnType<typeof createFaultyNetwork>[] = [];
  const violations: string[] = [];
  try {
    await timed('setup', async () => {
      const count = config.terminals ?? prng.int(1, 3);
      for (let i = 0; i < count; i++) {
        skews.push(prng.int(-120_000, 120_000));
        const hooks = {
          crashClient: () => terminals[i]?.crashNow(),
          jumpClock: () => jumpClock(i),
          latency: () => (serverTime += prng.int(1, 40)),
        };
        const network = createFaultyNetwork(prng, server, hooks, behaviour, faults);
        networks.push(network);
        terminals.push(
          await createSimTerminal({
            name: `sim-${config.seed}-${runId}-${i}`,
            prng,
            now: () => serverTime + (skews[i] ?? 0),
            fetch: network.fetch,
            expected,
            isCurrentTokenOnly: config.isCurrentTokenOnlyClient === true,
          }),
        );
      }
    });
    for (const network of networks) network.setFaultRate(config.faultRate ?? 0.25);
    const allowed = ACTIONS.filter((a) => config.allowDataLoss !== false || (a !== 'rollback' && a !== 'wipe'));
    const totalWeight = allowed.reduce((sum, a) => sum + WEIGHTS[a], 0);
    const captureSize = Math.max(1, Math.min(40, Math.ceil(config.bookings / 20)));
    let isWipeDue = config.forceWipe === true;
    let isReenrollDue = config.forceReenroll === true;

    while (expected.size < config.bookings) {
      serverTime += prng.int(0, 3_000);
      const index = prng.int(0, terminals.length - 1);
      const terminal = terminals[index]!;
      let action = pickWeighted(allowed, totalWeight, prng.next());
      if (isWipeDue && expected.size > config.bookings / 2) {
        isWipeDue = false;
        await drain(terminal, violations); // the wiped database held only acknowledged bookings
        action = 'wipe';
      }
      const isForcedReenroll = isReenrollDue && action !== 'wipe' && expected.size > config.bookings / 3;
      if (isForcedReenroll) {
        isReenrollDue = false;
        action = 're-enroll';
      }
      actions[action]++;
      await timed(action, async () => {
        switch (action) {
          case 'capture':
            return terminal.capture(prng.int(1, captureSize));
          case 'push':
            return terminal.engine.pushNow();
          case 'pull':
            return terminal.engine.pullNow();
          case 'client-crash':
            return terminal.crashIdle();
          case 'server-crash':
            return server.crash();
          case 'clock-jump':
            return jumpClock(index);
          case 're-enroll':
            // Bookings captured under the old identity are pending when the new one arrives.
            await terminal.capture(prng.int(1, captureSize));
            // A forced re-enrollment tries until the faulty network lets one through.
            for (let attempt = 0; attempt < 10; attempt++) {
              if ((await terminal.reenroll()) || !isForcedReenroll) return;
              await terminal.recover();
            }
            return;
          case 'rollback':
            return terminal.rollBack(prng.int(1, 5));
          case 'wipe':
            return terminal.wipe();
        }
      });
      for (const t of terminals) await t.recover(); // restarts a terminal that crashed inside a request
    }

    // Heal: no more faults, late duplicates arrive, every terminal drains its outbox and talks to the server once more.
    await timed('heal', async () => {
      for (const network of networks) network.setFaultRate(0);
      for (const network of networks) await network.flushStale();
      for (const terminal of terminals) {
        await terminal.recover();
        await drain(terminal, violations);
        await terminal.engine.pullNow();
      }
    });
    violations.push(
      ...(await timed('check', () => checkInvariants({ readServer: server.readHoldings, terminals, expected, skews }))),
    );
  } catch (error) {
    violations.push(`simulation crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  } finally {
    for (const terminal of terminals) await terminal.dispose().catch(() => undefined);
    await server.dispose();
  }
  return {
    seed: config.seed,
    violations,
    captured: expected.size,
    faults,
    actions,
    serverRestarts: server.restarts,
    timings,
  };
}

function pickWeighted(allowed: readonly Action[], totalWeight: number, roll: number): Action {
  let remaining = roll * totalWeight;
  for (const action of allowed) {
    remaining -= WEIGHTS[action];
    if (remaining < 0) return action;
  }
  return 'capture';
}

async function drain(terminal: SimTerminal, violations: string[]): Promise<void> {
  for (let round = 0; round < MAX_DRAIN_ROUNDS; round++) {
    await terminal.recover();
    const report = await terminal.engine.pushNow();
    if (report?.ok && (await terminal.data.outbox.readStats()).pendingCount === 0) return;
  }
  violations.push(`terminal ${terminal.terminalId}: outbox did not drain within ${MAX_DRAIN_ROUNDS} fault-free pushes`);
}
