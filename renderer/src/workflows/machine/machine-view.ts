import type { Booking, BookingPayload } from '@shared/booking';
import {
  createMachineStateEngine,
  type MachineRunState,
  type MachineSettings,
  type MachineStateView,
  type StationWork,
} from '@shared/machine';
import type { OperationActivity, StationActivity } from '../operation-activity';

// What the operator sees of the station's machine, from the machine bookings this terminal captured
// (workflows/machine-drafts.ts): the state the shared engine derives, the pieces counted in the current run,
// the good quantity that count leaves to confirm, and whether a stop still waits for its reason.
// Pure: every function takes the clock, so tests use plain numbers.

/** The machine bookings of one machine, in the order they happened. */
export interface MachineFacts {
  /** The machine the facts belong to (its signals are `<machineId>.run` and `<machineId>.parts`); null: none seen. */
  machineId: string | null;
  runs: Array<{ state: MachineRunState; since: number }>;
  counts: Array<{ pieces: number; from: number; to: number }>;
  /** occurredAt of every downtime start at the station that was not reversed: the reasons already given. */
  downtimeStarts: number[];
}

export const NO_MACHINE_FACTS: MachineFacts = { machineId: null, runs: [], counts: [], downtimeStarts: [] };

const machineIdOf = (signal: string): string => signal.slice(0, Math.max(0, signal.lastIndexOf('.'))) || signal;

/**
 * The station's machine bookings among `bookings` (any order). A terminal may serve several machines; the panel
 * shows one of them, the first by id, and counts only its counter.
 */
export function machineFactsOf(bookings: readonly Booking[], stationId: string | null): MachineFacts {
  const reversed = new Set(
    bookings.flatMap((b) =>
      b.type === 'booking.reverse' ? [(b.payload as BookingPayload<'booking.reverse'>).reversedBookingId] : [],
    ),
  );
  const atStation = bookings.filter((b) => b.stationId === stationId && !reversed.has(b.id));
  const machineIds = atStation
    .filter((b) => b.type === 'machine.state' || b.type === 'machine.count')
    .map((b) => machineIdOf((b.payload as { signal: string }).signal))
    .sort();
  const machineId = machineIds[0] ?? null;
  const ofMachine = (b: Booking) => machineIdOf((b.payload as { signal: string }).signal) === machineId;
  const runs = atStation
    .filter((b): b is Booking<'machine.state'> => b.type === 'machine.state' && ofMachine(b))
    .map((b) => ({ state: b.payload.state, since: b.payload.since }))
    .sort((a, b) => a.since - b.since);
  const counts = atStation
    .filter((b): b is Booking<'machine.count'> => b.type === 'machine.count' && ofMachine(b))
    .map((b) => ({ pieces: b.payload.pieces, from: b.payload.from, to: b.payload.to }))
    .sort((a, b) => a.to - b.to);
  const downtimeStarts = atStation
    .filter((b) => b.type === 'downtime.start')
    .map((b) => b.occurredAt)
    .sort((a, b) => a - b);
  return { machineId, runs, counts, downtimeStarts };
}

/** The station's work as the engine needs it, with when it began; null when nothing is started. */
export type WorkNow = (StationWork & { since: number }) | null;

/**
 * The operation in setup or production at the station (the latest to get there when several are), with its
 * cycle time from master data (0 when unknown).
 */
export function stationWorkOf(
  operations: ReadonlyMap<string, OperationActivity>,
  cycleSecondsOf: (operationId: string) => number,
): WorkNow {
  let work: WorkNow = null;
  for (const [operationId, activity] of operations) {
    if (activity.status !== 'setup' && activity.status !== 'production') continue;
    const since = activity.statusSince ?? 0;
    if (work !== null && work.since > since) continue;
    work = { phase: activity.status, cycleSeconds: cycleSecondsOf(operationId), since };
  }
  return work;
}

/**
 * How long after an interval's end its `machine.count` is in the outbox at the latest: main's tick (1 s), the
 * event to the page and the capture. Until then the interval's pieces are not known here.
 */
export const COUNT_DELAY_MS = 5_000;

/**
 * The machine's state at `now`, by the shared engine fed with the machine bookings. Counts come once per
 * interval, so while the machine runs its speed is judged up to the last interval whose count must have arrived:
 * judged at `now`, the pieces of the running interval would be missing and every machine would look slow. A
 * fresh engine per call dates producing and reduced speed from when the machine started running.
 */
export function machineStateAt(
  facts: MachineFacts,
  work: WorkNow,
  settings: MachineSettings,
  now: number,
): MachineStateView {
  const lastRun = facts.runs.filter((run) => run.since <= now).at(-1);
  let at = now;
  if (lastRun?.state === 'running') {
    const countsKnownUntil = Math.floor((now - COUNT_DELAY_MS) / settings.countIntervalMs) * settings.countIntervalMs;
    at = Math.min(now, Math.max(lastRun.since, work?.since ?? 0, countsKnownUntil));
  }
  const startedAt = Math.min(at, facts.runs[0]?.since ?? at, work?.since ?? at);
  const engine = createMachineStateEngine(settings, startedAt);
  for (const run of facts.runs) if (run.since <= at) engine.run(run.state, run.since);
  for (const count of facts.counts) if (count.to <= at) engine.counted(count.pieces, count.to);
  if (work !== null && work.since <= at)
    engine.work({ phase: work.phase, cycleSeconds: work.cycleSeconds }, work.since);
  return engine.evaluate(at);
}

/**
 * Pieces the machine counted in the run that began at `runStartedAt` (the operation's start or resume). An
 * interval is counted when the reading that saw its pieces came after the start: one that straddles the start
 * (at most one count interval) counts whole.
 */
export function countInRun(facts: MachineFacts, runStartedAt: number | null): number | null {
  if (runStartedAt === null) return null;
  return facts.counts.reduce((sum, count) => (count.to > runStartedAt ? sum + count.pieces : sum), 0);
}

/** Good pieces the machine's count leaves to confirm: counted minus what was booked in the run (good, scrap, rework). */
export function goodToConfirm(counted: number, booked: OperationActivity['bookedInRun']): number {
  return counted - booked.good - booked.scrap - booked.rework;
}

/**
 * The stop that still needs its reason: an unplanned stop (longer than the station's micro-stop threshold),
 * while no downtime is open and none was reported since the stop began (the one reported for it is dated at
 * its start). Null otherwise.
 */
export function stopNeedingReason(
  view: MachineStateView,
  facts: Pick<MachineFacts, 'downtimeStarts'>,
  isDowntimeOpen: boolean,
): { since: number } | null {
  if (view.state !== 'unplanned-stop' || isDowntimeOpen) return null;
  if (facts.downtimeStarts.some((at) => at >= view.since)) return null;
  return { since: view.since };
}

export interface MachinePanelInput {
  facts: MachineFacts;
  settings: MachineSettings;
  hasMachineSettings: boolean;
  activity: StationActivity;
  selectedOperationId: string | null;
  cycleSecondsOf: (operationId: string) => number;
  now: number;
}

export interface MachinePanelView {
  /** Master data names a machine, or its bookings are here: otherwise the station shows no machine panel. */
  hasMachine: boolean;
  state: MachineStateView;
  /** The selected operation's production run and what the machine counted in it; null unless it is producing. */
  run: { startedAt: number; counted: number; booked: OperationActivity['bookedInRun']; toConfirm: number } | null;
  stop: { since: number } | null;
}

export function machinePanelOf(input: MachinePanelInput): MachinePanelView {
  const { facts, activity, now } = input;
  const work = stationWorkOf(activity.operations, input.cycleSecondsOf);
  const state = machineStateAt(facts, work, input.settings, now);
  const selected = input.selectedOperationId === null ? undefined : activity.operations.get(input.selectedOperationId);
  const counted = selected?.status === 'production' ? countInRun(facts, selected.runStartedAt) : null;
  const run =
    selected?.runStartedAt != null && counted !== null
      ? {
          startedAt: selected.runStartedAt,
          counted,
          booked: selected.bookedInRun,
          toConfirm: goodToConfirm(counted, selected.bookedInRun),
        }
      : null;
  return {
    hasMachine: input.hasMachineSettings || facts.machineId !== null,
    state,
    run,
    stop: stopNeedingReason(state, facts, activity.downtimeReason !== null),
  };
}
