import type { Timers } from './retry-loop';

// While the server cannot be reached, ask it every few seconds whether it is back. The push backoff grows
// to a minute so that a plant of terminals does not hammer a struggling server; without this probe a
// terminal would stay "offline" for up to that minute after the server returned. A probe is one small GET
// without the token, so asking often is cheap.

export interface ReachabilityProbeOptions {
  /** Resolves true when the server answered healthy; a rejection counts as unreachable. */
  probe: () => Promise<boolean>;
  intervalMs: number;
  timers: Timers;
  /** Called once per outage, when the server answers again; probing then stops until start(). */
  onReachable: () => void;
}

export function createReachabilityProbe(options: ReachabilityProbeOptions) {
  let timer: unknown;
  let isActive = false;
  // Each start() is a new round; an answer from an earlier round is ignored.
  let round = 0;

  const schedule = (forRound: number) => {
    timer = options.timers.setTimeout(() => {
      timer = undefined;
      void ask(forRound);
    }, options.intervalMs);
  };

  const ask = async (forRound: number) => {
    const isReachable = await options.probe().catch(() => false);
    if (!isActive || forRound !== round) return;
    if (!isReachable) {
      schedule(forRound);
      return;
    }
    isActive = false;
    options.onReachable();
  };

  return {
    /** Starts probing (after one interval); does nothing while already probing. */
    start(): void {
      if (isActive) return;
      isActive = true;
      round += 1;
      schedule(round);
    },
    stop(): void {
      isActive = false;
      if (timer !== undefined) options.timers.clearTimeout(timer);
      timer = undefined;
    },
    get isActive(): boolean {
      return isActive;
    },
  };
}

export type ReachabilityProbe = ReturnType<typeof createReachabilityProbe>;
