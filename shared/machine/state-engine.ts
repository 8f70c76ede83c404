import type { MachineSettings } from './settings';
import type { MachineRunState } from './signals';

// The station's machine state, derived from the run signal, the pieces counted and the work booked at the
// station (docs/machine-bookings.md). First match wins:
//   no-order        no operation is started at the station (whatever the machine does);
//   setup           the operation is in setup: the machine running or not is expected;
//   no-signal       the collector cannot reach the machine;
//   micro-stop      stopped for less than `microStopMs`;
//   unplanned-stop  stopped for longer; dated from the machine's stop, not from when the threshold passed;
//   reduced-speed   running, but over the running time inside the last `rateWindowMs` fewer pieces than
//                   `reducedSpeedShare` of what the cycle time allows; judged only once that running time covers
//                   three cycles (less says nothing about a rate) and only with a cycle time;
//   producing       running otherwise.
// Pure: every input carries its time and `evaluate(now)` takes the clock, so tests use plain numbers. Feed the
// counter's steps as they are read: the minute bookings arrive too late for a five-minute rate.

export const MACHINE_STATES = [
  'producing',
  'reduced-speed',
  'micro-stop',
  'unplanned-stop',
  'no-order',
  'setup',
  'no-signal',
] as const;
export type MachineState = (typeof MACHINE_STATES)[number];

/** The operation the station works on, as the terminal's bookings say; null when none is started. */
export interface StationWork {
  phase: 'setup' | 'production';
  /** The operation's planned cycle time per piece; 0 when unknown (speed is then not judged). */
  cycleSeconds: number;
}

export interface MachineStateView {
  state: MachineState;
  since: number;
}

export interface MachineStateEngine {
  /** The machine's run signal changed to `state` at `since` (a `machine.state` booking or a debounced reading). */
  run(state: MachineRunState, since: number): void;
  /** The counter counted `pieces` at `at`. */
  counted(pieces: number, at: number): void;
  /** The station's work changed at `at`. */
  work(work: StationWork | null, at: number): void;
  /** The state at `now`; call with a `now` that does not go back. */
  evaluate(now: number): MachineStateView;
}

export type MachineThresholds = Pick<MachineSettings, 'microStopMs' | 'reducedSpeedShare' | 'rateWindowMs'>;

const CYCLES_TO_JUDGE_SPEED = 3;

export function createMachineStateEngine(thresholds: MachineThresholds, startedAt: number): MachineStateEngine {
  let runState: { state: MachineRunState; since: number } = { state: 'unknown', since: startedAt };
  let station: { work: StationWork | null; since: number } = { work: null, since: startedAt };
  /** Running stretches that may still overlap the rate window; the last one is open while running. */
  let runningStretches: Array<{ start: number; end: number | null }> = [];
  let countedPieces: Array<{ pieces: number; at: number }> = [];
  let last: MachineStateView | null = null;

  function forgetBefore(windowStart: number): void {
    runningStretches = runningStretches.filter((stretch) => stretch.end === null || stretch.end > windowStart);
    countedPieces = countedPieces.filter((count) => count.at > windowStart);
  }

  function isBelowSpeed(work: StationWork, now: number): boolean {
    const cycleMs = work.cycleSeconds * 1_000;
    if (cycleMs <= 0) return false;
    const windowStart = now - thresholds.rateWindowMs;
    forgetBefore(windowStart);
    const runningMs = runningStretches.reduce(
      (sum, stretch) => sum + Math.max(0, Math.min(stretch.end ?? now, now) - Math.max(stretch.start, windowStart)),
      0,
    );
    if (runningMs < CYCLES_TO_JUDGE_SPEED * cycleMs) return false;
    const pieces = countedPieces.reduce((sum, count) => sum + (count.at <= now ? count.pieces : 0), 0);
    return pieces < (thresholds.reducedSpeedShare * runningMs) / cycleMs;
  }

  /** The state at `now` and its start; a start of null is dated `now` (a change of speed has no event of its own). */
  function derive(now: number): { state: MachineState; since: number | null } {
    const work = station.work;
    if (work === null) return { state: 'no-order', since: station.since };
    if (work.phase === 'setup') return { state: 'setup', since: station.since };
    const since = Math.max(runState.since, station.since);
    if (runState.state === 'unknown') return { state: 'no-signal', since };
    if (runState.state === 'stopped') {
      return { state: now - runState.since < thresholds.microStopMs ? 'micro-stop' : 'unplanned-stop', since };
    }
    const state = isBelowSpeed(work, now) ? 'reduced-speed' : 'producing';
    const wasRunning = last?.state === 'producing' || last?.state === 'reduced-speed';
    return { state, since: wasRunning ? null : since };
  }

  return {
    run(state, since) {
      if (state === runState.state) return;
      const open = runningStretches.at(-1);
      if (open && open.end === null) open.end = since;
      if (state === 'running') runningStretches.push({ start: since, end: null });
      runState = { state, since };
    },
    counted(pieces, at) {
      if (pieces > 0) countedPieces.push({ pieces, at });
    },
    work(work, at) {
      const isSame =
        work === station.work ||
        (work !== null &&
          station.work !== null &&
          work.phase === station.work.phase &&
          work.cycleSeconds === station.work.cycleSeconds);
      if (!isSame) station = { work, since: at };
    },
    evaluate(now) {
      const next = derive(now);
      // A new stop right after another (never seen running in between) is a new state too: it has its own start.
      const isNewStretch = next.since !== null && last !== null && next.since > last.since;
      if (last?.state !== next.state || isNewStretch) last = { state: next.state, since: next.since ?? now };
      return { ...last };
    },
  };
}
