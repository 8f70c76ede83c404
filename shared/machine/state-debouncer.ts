import type { BookingPayload } from '../booking';
import type { MachineRunState, StateObservation } from './signals';

// Turns run-state observations into `machine.state` bookings, one per real change. Two bounds keep a
// flapping signal (a loose proximity switch, a chattering contact) from flooding the outbox:
//   - a new state is booked only once it has held for `holdMs`; a blip back and forth in less is no change;
//   - at most `maxPerMinute` bookings in any 60 s. A change over the budget waits; when the budget is back, the
//     state at that moment is booked if it differs from the last booked one, dated from when it began.
// So the booked stream always alternates, its `since` never goes back, and the last booking is the truth.

export type MachineStatePayload = BookingPayload<'machine.state'>;
export interface MachineStateDraft {
  type: 'machine.state';
  payload: MachineStatePayload;
}

export interface StateDebouncerOptions {
  signal: string;
  /** How long a new state must hold before it is booked (a station's `stateHoldSeconds`); default 2 s. */
  holdMs?: number;
  /** Bookings allowed in any 60 s; default 6. */
  maxPerMinute?: number;
  /** The state the previous run booked last, so a restart does not book it again. */
  resumeFrom?: { state: MachineRunState; since: number };
}

export const DEFAULT_STATE_HOLD_MS = 2_000;
export const DEFAULT_MAX_STATE_BOOKINGS_PER_MINUTE = 6;
const BUDGET_WINDOW_MS = 60_000;

export interface StateDebouncer {
  observe(observation: StateObservation): MachineStateDraft[];
  /** Books a change whose hold time or budget wait has passed without a new observation. */
  tick(now: number): MachineStateDraft[];
  /** A new hold time (the station's master data changed): it applies from the next change on. */
  setHoldMs(holdMs: number): void;
}

export function createStateDebouncer(options: StateDebouncerOptions): StateDebouncer {
  let holdMs = options.holdMs ?? DEFAULT_STATE_HOLD_MS;
  // The hold the pending change began under: a change already being held is judged by the rule it started with.
  let pendingHoldMs = holdMs;
  const maxPerMinute = options.maxPerMinute ?? DEFAULT_MAX_STATE_BOOKINGS_PER_MINUTE;
  let booked = options.resumeFrom ? { ...options.resumeFrom } : null;
  let current = booked ? { ...booked } : null;
  let latest = booked?.since ?? -Infinity;
  const bookedAt: number[] = [];

  const tick = (now: number): MachineStateDraft[] => {
    latest = Math.max(latest, now);
    if (!current || current.state === booked?.state || latest - current.since < pendingHoldMs) return [];
    while (bookedAt.length > 0 && (bookedAt[0] as number) <= latest - BUDGET_WINDOW_MS) bookedAt.shift();
    if (bookedAt.length >= maxPerMinute) return [];
    bookedAt.push(latest);
    booked = { ...current };
    return [{ type: 'machine.state', payload: { signal: options.signal, state: current.state, since: current.since } }];
  };

  return {
    observe(observation) {
      // A clock stepped back (NTP) must not date a change before the one booked already.
      const at = Math.max(observation.at, latest);
      if (current?.state !== observation.state) {
        current = { state: observation.state, since: at };
        pendingHoldMs = holdMs;
      }
      return tick(at);
    },
    tick,
    setHoldMs(next) {
      holdMs = next;
    },
  };
}
