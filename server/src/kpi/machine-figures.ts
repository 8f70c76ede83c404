import {
  businessTime,
  calendarTime,
  measure,
  mergeIntervals,
  reversedIds,
  stationKpiFigures,
  stationTimeline,
  subtractIntervals,
  type Interval,
  type KpiBooking,
  type KpiFigures,
  type ReasonInterval,
  type ReasonTime,
  type StationKpiInput,
} from '@shared/kpi';
import type { MachineRunState } from '@shared/machine';

// A station's ISO 22400 figures with its machine's own data merged in (docs/kpi.md, "Machine data"). Pure:
// the people's figures come from the shared engine, then machine stops take production time and the
// machine's counter sets the produced quantity. Every instant still has one state, so nothing is counted twice.

/** The Pareto's reason for a machine stop no operator gave a reason for. */
export const UNASSIGNED_MACHINE_STOP = 'MACHINE-STOP';

/** A `machine.state` booking: `since` in business time (payload `since` + the booking's clock offset). */
export interface MachineStateRow {
  signal: string;
  state: MachineRunState;
  since: number;
}

/** A `machine.count` booking: pieces counted up to `at` (payload `to` + clock offset, business time). */
export interface MachineCountRow {
  at: number;
  pieces: number;
}

export interface MachineKpiInput extends StationKpiInput {
  /** The run states of every signal, including each signal's last one before `from`. */
  machineStates: readonly MachineStateRow[];
  /** Counts whose `at` lies in [from, to). */
  machineCounts: readonly MachineCountRow[];
  /** A stop nobody gave a reason for that is shorter than this stays production time (a speed loss). */
  microStopMs: number;
}

/** What the machine added; these add up over stations like the figures. */
export interface MachineFigures {
  /** Pieces the machine counted in the window. */
  counted: number;
  /** Produced pieces nobody booked as good, scrap or rework: they count as produced, not as good. */
  unconfirmed: number;
  /** Machine stops that began in the window and took production time. */
  stops: number;
  /** Of those, stops no operator's downtime or interruption covered. */
  unassignedStops: number;
  /** Production time that machine stops turned into downtime. */
  stopTime: number;
}

export function emptyMachineFigures(): MachineFigures {
  return { counted: 0, unconfirmed: 0, stops: 0, unassignedStops: 0, stopTime: 0 };
}

export function addMachineFigures(sum: MachineFigures, add: MachineFigures): void {
  for (const key of Object.keys(sum) as Array<keyof MachineFigures>) sum[key] += add[key];
}

/** The station's figures; `machine` is null when it has no machine data (the figures are the people's alone). */
export function stationFiguresWithMachine(input: MachineKpiInput): {
  figures: KpiFigures;
  machine: MachineFigures | null;
} {
  const figures = stationKpiFigures(input);
  if (input.machineStates.length === 0 && input.machineCounts.length === 0) return { figures, machine: null };
  const until = Math.min(input.to, input.asOf ?? input.to);
  const timeline = stationTimeline(input.bookings, until);
  const machine = emptyMachineFigures();
  mergeStops(figures, machine, input, timeline, until);
  mergeCounts(figures, machine, input, timeline);
  return { figures, machine };
}

type Timeline = ReturnType<typeof stationTimeline>;

const intersect = (a: readonly Interval[], b: readonly Interval[]): Interval[] =>
  subtractIntervals(a, subtractIntervals(a, b));

/** Where any machine of the station stood, merged: two machines stopped at once are one stop. */
export function machineStops(states: readonly MachineStateRow[], until: number): Interval[] {
  const bySignal = new Map<string, MachineStateRow[]>();
  for (const row of states) bySignal.set(row.signal, [...(bySignal.get(row.signal) ?? []), row]);
  const stopped: Interval[] = [];
  for (const rows of bySignal.values()) {
    const ordered = [...rows].sort((a, b) => a.since - b.since);
    ordered.forEach((row, index) => {
      if (row.state !== 'stopped') return;
      stopped.push({ start: row.since, end: Math.min(until, ordered[index + 1]?.since ?? until) });
    });
  }
  return mergeIntervals(stopped);
}

/**
 * Production time during a machine stop becomes downtime: for the reason of the operator's downtime or
 * interruption that overlaps the stop (the one that began first), else for UNASSIGNED_MACHINE_STOP. Time
 * people booked as down, interrupted or setup keeps their state; a stop in a break costs nothing.
 */
function mergeStops(
  figures: KpiFigures,
  machine: MachineFigures,
  input: MachineKpiInput,
  timeline: Timeline,
  until: number,
): void {
  const plannedBusy = calendarTime(input.calendar.shifts, input.calendar.timeZone, input.from, until).plannedBusy;
  const productive = subtractIntervals(
    intersect(mergeIntervals(timeline.production), plannedBusy),
    mergeIntervals(timeline.down),
  );
  const perOperation = new Map<string, Interval[]>();
  for (const interval of timeline.production)
    perOperation.set(interval.operationId, [...(perOperation.get(interval.operationId) ?? []), interval]);
  const reasons: ReasonInterval[] = [...timeline.down, ...timeline.interrupted].sort((a, b) => a.start - b.start);
  const byReason = new Map(figures.downtime.byReason.map((reason) => [reason.reasonCode, reason.time]));

  for (const stop of machineStops(input.machineStates, until)) {
    const cover = reasons.find((reason) => reason.start < stop.end && stop.start < reason.end);
    if (cover === undefined && stop.end - stop.start < input.microStopMs) continue;
    const taken = intersect(productive, [stop]);
    const time = measure(taken);
    if (time === 0) continue;
    const reasonCode = cover?.reasonCode ?? UNASSIGNED_MACHINE_STOP;
    figures.actualProductionTime -= time;
    figures.downtime.total += time;
    byReason.set(reasonCode, (byReason.get(reasonCode) ?? 0) + time);
    for (const [operationId, intervals] of perOperation) {
      const lost = measure(intersect(mergeIntervals(intervals), taken));
      const cycle = input.cycleSeconds(operationId) ?? 0;
      figures.operationTime -= lost;
      if (cycle > 0) figures.target -= lost / (cycle * 1000);
    }
    machine.stopTime += time;
    if (stop.start < input.from || stop.start >= until) continue;
    machine.stops += 1;
    // A covered stop's interruption is the operator's booking, already counted.
    if (cover === undefined) {
      machine.unassignedStops += 1;
      figures.interruptions += 1;
    }
  }
  figures.downtime.byReason = pareto(byReason);
}

/**
 * The produced quantity per operation is what the machine counted for it, or what people booked for it if
 * that is more; good, scrap and rework stay as booked. A count belongs to the operation in production when
 * it ended (else in setup; else to none).
 */
function mergeCounts(figures: KpiFigures, machine: MachineFigures, input: MachineKpiInput, timeline: Timeline): void {
  const booked = bookedPerOperation(input);
  const counted = new Map<string, number>();
  for (const count of input.machineCounts) {
    const key = operationAt(timeline.production, count.at) ?? operationAt(timeline.setup, count.at) ?? '';
    counted.set(key, (counted.get(key) ?? 0) + count.pieces);
    machine.counted += count.pieces;
  }
  figures.produced = 0;
  figures.plannedRunTime = 0;
  figures.producedWithoutCycleTime = 0;
  for (const key of new Set([...booked.keys(), ...counted.keys()])) {
    const produced = Math.max(booked.get(key) ?? 0, counted.get(key) ?? 0);
    const cycle = key === '' ? 0 : (input.cycleSeconds(key) ?? 0);
    figures.produced += produced;
    if (cycle > 0) figures.plannedRunTime += cycle * 1000 * produced;
    else figures.producedWithoutCycleTime += produced;
  }
  machine.unconfirmed = figures.produced - (figures.good + figures.scrap + figures.rework);
}

/** The operation whose interval holds `at` (pieces counted up to `at`: its end belongs to it); the latest begun. */
function operationAt(intervals: ReadonlyArray<Interval & { operationId: string }>, at: number): string | undefined {
  let found: (Interval & { operationId: string }) | undefined;
  for (const interval of intervals)
    if (interval.start < at && at <= interval.end && (found === undefined || interval.start >= found.start))
      found = interval;
  return found?.operationId;
}

/** Good + scrap + rework booked per operation in the window, as the shared engine counts them. */
function bookedPerOperation(input: MachineKpiInput): Map<string, number> {
  const reversed = reversedIds(input.bookings);
  const booked = new Map<string, number>();
  for (const booking of input.bookings) {
    const at = businessTime(booking);
    if (at < input.from || at >= input.to || reversed.has(booking.id)) continue;
    const quantity = quantityOf(booking);
    if (quantity === undefined) continue;
    const key = booking.operationId ?? '';
    booked.set(key, (booked.get(key) ?? 0) + quantity);
  }
  return booked;
}

const QUANTITY_TYPES = new Set(['quantity.good', 'quantity.scrap', 'quantity.rework', 'operation.finish']);

function quantityOf(booking: KpiBooking): number | undefined {
  if (!QUANTITY_TYPES.has(booking.type) || typeof booking.payload !== 'object' || booking.payload === null)
    return undefined;
  const quantity = (booking.payload as Record<string, unknown>).quantity;
  return typeof quantity === 'number' && Number.isFinite(quantity) && quantity > 0 ? quantity : undefined;
}

/** Longest first, equal times by reason code: the shared engine's Pareto order. */
function pareto(byReason: ReadonlyMap<string, number>): ReasonTime[] {
  return [...byReason]
    .filter(([, time]) => time > 0)
    .map(([reasonCode, time]) => ({ reasonCode, time, minutes: time / 60_000 }))
    .sort((a, b) => b.time - a.time || (a.reasonCode < b.reasonCode ? -1 : 1));
}
