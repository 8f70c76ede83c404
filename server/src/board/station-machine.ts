import type { BoardMachine } from '@shared/board';
import type { Booking, BookingPayload } from '@shared/booking';
import type { MachineRunState } from '@shared/machine';

// The machine part of a station on the board, folded from `machine.state` and `machine.count`
// (docs/board-api.md, "Machine"). Kept apart from people's bookings: a count a minute must not become the
// station's last booking, and the station's state stays what people booked.

/** Of several machines the board shows the one that needs a look: stopped, then unreachable, then running. */
const ATTENTION: Record<MachineRunState, number> = { stopped: 2, unknown: 1, running: 0 };

export interface StationMachine {
  /** Per run signal, its latest state (business time). */
  runs: Map<string, { state: MachineRunState; since: number }>;
  /** Pieces counted per operation while it was the station's current operation. */
  pieces: Map<string, number>;
  countedUntil: number | null;
}

/** The station's current operation: the open one started last, and when it was started (business time). */
export interface CurrentOperation {
  operationId: string;
  startedAt: number;
}

export function emptyStationMachine(): StationMachine {
  return { runs: new Map(), pieces: new Map(), countedUntil: null };
}

export function applyMachineBooking(machine: StationMachine, booking: Booking, current: CurrentOperation | null): void {
  if (booking.type === 'machine.state') {
    const payload = booking.payload as BookingPayload<'machine.state'>;
    const since = payload.since + booking.clockOffsetMs;
    const held = machine.runs.get(payload.signal);
    // The terminal books a signal's states in order; a copy arriving late must not turn the clock back.
    if (held !== undefined && held.since > since) return;
    machine.runs.set(payload.signal, { state: payload.state, since });
    return;
  }
  if (booking.type !== 'machine.count') return;
  const payload = booking.payload as BookingPayload<'machine.count'>;
  const to = payload.to + booking.clockOffsetMs;
  machine.countedUntil = Math.max(machine.countedUntil ?? 0, to);
  // Pieces counted before the current operation began (a backlog arriving late) belong to no operation shown.
  if (current !== null && to >= current.startedAt) {
    machine.pieces.set(current.operationId, (machine.pieces.get(current.operationId) ?? 0) + payload.pieces);
  }
}

/** The board's `machine` object; undefined while the station has no machine data. */
export function machineView(machine: StationMachine, current: CurrentOperation | null): BoardMachine | undefined {
  if (machine.runs.size === 0 && machine.countedUntil === null) return undefined;
  let shown: { state: MachineRunState; since: number } | undefined;
  for (const run of machine.runs.values()) {
    const isWorse = shown === undefined || ATTENTION[run.state] > ATTENTION[shown.state];
    if (isWorse || (run.state === shown?.state && run.since < shown.since)) shown = run;
  }
  return {
    // Counts without any state booked yet: the run signal is not known.
    state: shown?.state ?? 'unknown',
    since: shown?.since ?? machine.countedUntil ?? 0,
    operationId: current?.operationId ?? null,
    count: current === null ? null : (machine.pieces.get(current.operationId) ?? 0),
    countedUntil: machine.countedUntil,
  };
}
