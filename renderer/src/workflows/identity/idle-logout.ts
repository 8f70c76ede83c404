import type { Shift } from '@shared/master-data';

// A terminal left logged in lets the next person book under someone else's name. After a station's idle
// time without input the team is warned for IDLE_WARNING_MS, then logged out; at the end of a shift from
// the plant's shift calendar the team is logged out as well.

export const DEFAULT_IDLE_LOGOUT_MINUTES = 10;
export const IDLE_WARNING_MS = 30_000;

export interface IdleTimers {
  setTimeout: (run: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
  now: () => number;
}

export interface IdleWatchOptions {
  idleMs: number;
  /** The warning starts; `logoutAt` is when the team goes. */
  onWarn: (logoutAt: number) => void;
  /** Input during the warning: the warning goes away. */
  onActive: () => void;
  onTimeout: () => void;
  timers?: IdleTimers;
}

export interface IdleWatch {
  /** Any touch, key or scan. */
  activity: () => void;
  stop: () => void;
}

const realTimers: IdleTimers = {
  setTimeout: (run, ms) => globalThis.setTimeout(run, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
  now: () => Date.now(),
};

/**
 * Warns after `idleMs - IDLE_WARNING_MS` without activity and times out `IDLE_WARNING_MS` later. Activity
 * only notes the time (it runs on every key of a scan, so it must cost nothing); the timer, when it fires,
 * checks whether there was input since and waits again for the rest.
 */
export function watchIdle(options: IdleWatchOptions): IdleWatch {
  const timers = options.timers ?? realTimers;
  const warnAfter = Math.max(0, options.idleMs - IDLE_WARNING_MS);
  const warningMs = options.idleMs - warnAfter;
  let lastActivityAt = timers.now();
  let handle: unknown = null;
  let isWarning = false;
  let isStopped = false;

  const schedule = (run: () => void, ms: number) => {
    if (handle !== null) timers.clearTimeout(handle);
    handle = timers.setTimeout(run, ms);
  };
  const checkIdle = () => {
    const quietMs = timers.now() - lastActivityAt;
    if (quietMs < warnAfter) {
      schedule(checkIdle, warnAfter - quietMs);
      return;
    }
    isWarning = true;
    options.onWarn(timers.now() + warningMs);
    schedule(() => {
      handle = null;
      isWarning = false;
      options.onTimeout();
    }, warningMs);
  };
  schedule(checkIdle, warnAfter);
  return {
    activity() {
      if (isStopped) return;
      lastActivityAt = timers.now();
      if (!isWarning) return;
      isWarning = false;
      options.onActive();
      schedule(checkIdle, warnAfter);
    },
    stop() {
      isStopped = true;
      if (handle !== null) timers.clearTimeout(handle);
      handle = null;
    },
  };
}

/**
 * The next shift end after `now` on this terminal's clock (local time), or null without a calendar. A
 * night shift from 22:00 to 06:00 ends on the next morning.
 */
export function nextShiftEnd(shifts: readonly Pick<Shift, 'start' | 'end'>[], now: Date): Date | null {
  let next: Date | null = null;
  for (const shift of shifts) {
    const [hours, minutes] = shift.end.split(':').map(Number);
    if (hours === undefined || minutes === undefined) continue;
    const end = new Date(now);
    end.setHours(hours, minutes, 0, 0);
    if (end.getTime() <= now.getTime()) end.setDate(end.getDate() + 1);
    if (next === null || end < next) next = end;
  }
  return next;
}
