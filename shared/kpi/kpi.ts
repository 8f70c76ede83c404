import type { Shift } from '../master-data';
import { calendarTime } from './calendar';
import { clipIntervals, measure, type Interval } from './intervals';
import { businessTime, reversedIds, stationTimeline, type KpiBooking, type StationTimeline } from './station-timeline';

// ISO 22400-2 KPIs of one station, or of several summed, for a window [from, to). Every formula and
// convention is in docs/kpi.md; its worked example is a test in kpi-worked-example.test.ts.

export interface KpiCalendar {
  shifts: readonly Shift[];
  /** For shifts without a time zone of their own. */
  timeZone: string;
}

export interface StationKpiInput {
  from: number;
  to: number;
  /** "Now": planned time and intervals still open end here when it is before `to` (default `to`). */
  asOf?: number;
  /** The station's bookings in server order, including those before `from` that set the state at `from`. */
  bookings: readonly KpiBooking[];
  calendar: KpiCalendar;
  /** Planned run time per unit of an operation in seconds (master data); undefined or 0 when unknown. */
  cycleSeconds: (operationId: string) => number | undefined;
}

export interface ReasonTime {
  reasonCode: string;
  /** Milliseconds. */
  time: number;
  /** The same in minutes, not rounded. */
  minutes: number;
}

/** Sums: these add up over stations; the ratios are computed from them, never averaged. */
export interface KpiFigures {
  plannedBusyTime: number;
  actualProductionTime: number;
  setupTime: number;
  downtime: { total: number; byReason: ReasonTime[] };
  /** Planned busy time with nothing booked: no operation running, interrupted for a reason, or down. */
  unaccountedTime: number;
  /** Production time summed per operation (parallel operations each count): the time base of performance. */
  operationTime: number;
  /** Planned run time per unit x produced quantity, summed over the operations, in ms. */
  plannedRunTime: number;
  produced: number;
  good: number;
  scrap: number;
  rework: number;
  /** Produced quantity of operations without a planned cycle time (they add nothing to plannedRunTime). */
  producedWithoutCycleTime: number;
  /** What the operations' cycle times promise for their production time. */
  target: number;
  /** Interruptions and downtimes that began in the window. */
  interruptions: number;
}

export interface Kpis extends KpiFigures {
  from: number;
  to: number;
  availability: number | null;
  performance: number | null;
  quality: number | null;
  oee: number | null;
  scrapRate: number | null;
  meanTimeBetweenInterruptions: number | null;
}

type SegmentState =
  | { kind: 'production'; operations: string[] }
  | { kind: 'down' | 'interrupted'; reasonCode: string }
  | { kind: 'setup' | 'none' };

/** One station's figures for the window. */
export function stationKpiFigures(input: StationKpiInput): KpiFigures {
  const until = Math.min(input.to, input.asOf ?? input.to);
  const calendar = calendarTime(input.calendar.shifts, input.calendar.timeZone, input.from, until);
  const timeline = stationTimeline(input.bookings, until);
  const figures = emptyFigures();
  figures.plannedBusyTime = measure(calendar.plannedBusy);
  const byReason = new Map<string, number>();
  const perOperation = new Map<string, number>();

  for (const segment of segments(timeline, calendar.plannedBusy)) {
    const length = segment.end - segment.start;
    const state = segment.state;
    if (state.kind === 'production') {
      figures.actualProductionTime += length;
      for (const operationId of state.operations)
        perOperation.set(operationId, (perOperation.get(operationId) ?? 0) + length);
    } else if (state.kind === 'down' || state.kind === 'interrupted') {
      figures.downtime.total += length;
      byReason.set(state.reasonCode, (byReason.get(state.reasonCode) ?? 0) + length);
    } else if (state.kind === 'setup') figures.setupTime += length;
    else figures.unaccountedTime += length;
  }
  figures.downtime.byReason = pareto(byReason);
  for (const [operationId, time] of perOperation) {
    figures.operationTime += time;
    const cycle = input.cycleSeconds(operationId) ?? 0;
    if (cycle > 0) figures.target += time / (cycle * 1000);
  }
  figures.interruptions = timeline.stopsBegun.filter((at) => at >= input.from && at < until).length;
  addQuantities(figures, input);
  return figures;
}

/** One station's KPIs for the window. */
export function stationKpis(input: StationKpiInput): Kpis {
  return withRatios(input.from, input.to, stationKpiFigures(input));
}

/** Several stations (an area) as one: times and quantities add up, the ratios come from the sums. */
export function combineFigures(all: readonly KpiFigures[]): KpiFigures {
  const sum = emptyFigures();
  const byReason = new Map<string, number>();
  for (const figures of all) {
    for (const key of NUMERIC_KEYS) sum[key] += figures[key];
    sum.downtime.total += figures.downtime.total;
    for (const reason of figures.downtime.byReason)
      byReason.set(reason.reasonCode, (byReason.get(reason.reasonCode) ?? 0) + reason.time);
  }
  sum.downtime.byReason = pareto(byReason);
  return sum;
}

/** The ratios of ISO 22400-2; null where the denominator is 0 (nothing planned, produced or run). */
export function withRatios(from: number, to: number, figures: KpiFigures): Kpis {
  const ratio = (numerator: number, denominator: number): number | null =>
    denominator > 0 ? numerator / denominator : null;
  const availability = ratio(figures.actualProductionTime, figures.plannedBusyTime);
  const performance = ratio(figures.plannedRunTime, figures.operationTime);
  const quality = ratio(figures.good, figures.produced);
  const oee =
    availability === null || performance === null || quality === null ? null : availability * performance * quality;
  return {
    from,
    to,
    ...figures,
    availability,
    performance,
    quality,
    oee,
    scrapRate: ratio(figures.scrap, figures.produced),
    meanTimeBetweenInterruptions: ratio(figures.actualProductionTime, figures.interruptions),
  };
}

const NUMERIC_KEYS = [
  'plannedBusyTime',
  'actualProductionTime',
  'setupTime',
  'unaccountedTime',
  'operationTime',
  'plannedRunTime',
  'produced',
  'good',
  'scrap',
  'rework',
  'producedWithoutCycleTime',
  'target',
  'interruptions',
] as const satisfies ReadonlyArray<keyof KpiFigures>;

function emptyFigures(): KpiFigures {
  return {
    plannedBusyTime: 0,
    actualProductionTime: 0,
    setupTime: 0,
    downtime: { total: 0, byReason: [] },
    unaccountedTime: 0,
    operationTime: 0,
    plannedRunTime: 0,
    produced: 0,
    good: 0,
    scrap: 0,
    rework: 0,
    producedWithoutCycleTime: 0,
    target: 0,
    interruptions: 0,
  };
}

/** Longest first (a Pareto chart's order); equal times by reason code, so the order is stable. */
function pareto(byReason: ReadonlyMap<string, number>): ReasonTime[] {
  return [...byReason]
    .map(([reasonCode, time]) => ({ reasonCode, time, minutes: time / 60_000 }))
    .sort((a, b) => b.time - a.time || (a.reasonCode < b.reasonCode ? -1 : 1));
}

/** Quantities count when booked (business time) inside [from, to), whatever the calendar says. */
function addQuantities(figures: KpiFigures, input: StationKpiInput): void {
  const reversed = reversedIds(input.bookings);
  for (const booking of input.bookings) {
    const at = businessTime(booking);
    if (at < input.from || at >= input.to || reversed.has(booking.id)) continue;
    const quantity = bookedQuantity(booking);
    if (quantity === undefined) continue;
    if (booking.type === 'quantity.scrap') figures.scrap += quantity;
    else if (booking.type === 'quantity.rework') figures.rework += quantity;
    else figures.good += quantity;
    figures.produced += quantity;
    const cycle = booking.operationId === undefined ? 0 : (input.cycleSeconds(booking.operationId) ?? 0);
    if (cycle > 0) figures.plannedRunTime += cycle * 1000 * quantity;
    else figures.producedWithoutCycleTime += quantity;
  }
}

function bookedQuantity(booking: KpiBooking): number | undefined {
  const isQuantity =
    booking.type === 'quantity.good' ||
    booking.type === 'quantity.scrap' ||
    booking.type === 'quantity.rework' ||
    // A confirmation may carry the good pieces made since the last one.
    booking.type === 'operation.finish';
  if (!isQuantity || typeof booking.payload !== 'object' || booking.payload === null) return undefined;
  const quantity = (booking.payload as Record<string, unknown>).quantity;
  return typeof quantity === 'number' && Number.isFinite(quantity) && quantity > 0 ? quantity : undefined;
}

interface Segment extends Interval {
  state: SegmentState;
}

interface SweepEvent {
  at: number;
  /** +1 opens, -1 closes. */
  delta: 1 | -1;
  apply: (delta: 1 | -1) => void;
}

/**
 * Cuts planned busy time into segments of one state each. Where intervals overlap, one state wins, in
 * this order: down, production, setup, interrupted, nothing. Among overlapping downtimes or interruptions
 * the one that began first names the reason. So every millisecond is counted once.
 */
function* segments(timeline: StationTimeline, plannedBusy: readonly Interval[]): Generator<Segment> {
  if (plannedBusy.length === 0) return;
  const first = plannedBusy[0]?.start ?? 0;
  const last = plannedBusy.at(-1)?.end ?? 0;
  let planned = 0;
  let setup = 0;
  const producing = new Map<string, number>();
  const down: Array<{ since: number; reasonCode: string }> = [];
  const interrupted: Array<{ since: number; reasonCode: string }> = [];
  const events: SweepEvent[] = [];
  const add = (interval: Interval, apply: (delta: 1 | -1) => void): void => {
    const [clipped] = clipIntervals([interval], first, last);
    if (!clipped) return;
    events.push({ at: clipped.start, delta: 1, apply }, { at: clipped.end, delta: -1, apply });
  };
  for (const interval of plannedBusy) add(interval, (d) => (planned += d));
  for (const interval of timeline.setup) add(interval, (d) => (setup += d));
  for (const interval of timeline.production) {
    add(interval, (d) => {
      const count = (producing.get(interval.operationId) ?? 0) + d;
      if (count > 0) producing.set(interval.operationId, count);
      else producing.delete(interval.operationId);
    });
  }
  const track = (list: typeof down, interval: { start: number; reasonCode: string }) => (d: 1 | -1) => {
    if (d > 0) list.push({ since: interval.start, reasonCode: interval.reasonCode });
    else
      list.splice(
        list.findIndex((entry) => entry.since === interval.start && entry.reasonCode === interval.reasonCode),
        1,
      );
  };
  for (const interval of timeline.down) add(interval, track(down, interval));
  for (const interval of timeline.interrupted) add(interval, track(interrupted, interval));
  events.sort((a, b) => a.at - b.at);

  let index = 0;
  while (index < events.length) {
    const at = events[index]?.at ?? 0;
    for (; index < events.length && events[index]?.at === at; index += 1) {
      const event = events[index];
      event?.apply(event.delta);
    }
    const next = events[index]?.at;
    if (next === undefined || planned <= 0 || next <= at) continue;
    yield { start: at, end: next, state: stateOf(producing, setup, down, interrupted) };
  }
}

function stateOf(
  producing: ReadonlyMap<string, number>,
  setup: number,
  down: ReadonlyArray<{ since: number; reasonCode: string }>,
  interrupted: ReadonlyArray<{ since: number; reasonCode: string }>,
): SegmentState {
  const earliest = (list: ReadonlyArray<{ since: number; reasonCode: string }>) =>
    list.reduce((a, b) => (b.since < a.since ? b : a));
  if (down.length > 0) return { kind: 'down', reasonCode: earliest(down).reasonCode };
  if (producing.size > 0) return { kind: 'production', operations: [...producing.keys()] };
  if (setup > 0) return { kind: 'setup' };
  if (interrupted.length > 0) return { kind: 'interrupted', reasonCode: earliest(interrupted).reasonCode };
  return { kind: 'none' };
}
