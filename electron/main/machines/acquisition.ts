import {
  createCountAggregator,
  createStateDebouncer,
  DEFAULT_MACHINE_SETTINGS,
  type CountAggregator,
  type CounterBits,
  type CounterReading,
  type MachineCountDraft,
  type MachineRunState,
  type MachineSettings,
  type MachineStateDraft,
  type StateDebouncer,
} from '@shared/machine';
import type { Clock, MachineCollector, MachineConnectionStatus, MachineObservation } from './collector';
import type { MachineConfig } from './machine-config';
import { createMachineCollector } from './machine-collectors';

// The glue between the station's collectors and its bookings: every machine's raw observations go through the
// shared, pure arithmetic (count aggregator, state debouncer) and what comes out is a booking draft for the sink.
//
// Where the drafts go (Electron): capture assigns a booking's id, epoch and seq in the renderer, in the same
// IndexedDB transaction that writes its outbox row (renderer/src/data/bookings/capture.ts); main's journal only
// keeps a copy of bookings the renderer already captured. Capturing in main would need a second sequence
// counter for the same epoch, which breaks the server's gap-free `seq` check. So main hands each draft to the
// renderer as the validated `machine:draft` event and the renderer captures it like any workflow's draft:
// from there it is durable (IndexedDB + journal), ordered and exactly once like every other booking.
//
// Restarts: the aggregator of a counter resumes from the last reading it handed over (`resumePoints()`), so
// pieces made while the terminal was off are counted by the first reading after the start and none twice; the
// debouncer resumes from the last state handed over, so a restart books no state again.

export type MachineDraft = MachineCountDraft | MachineStateDraft;

/** Where a signal's bookings stopped: what the next run resumes from so nothing is lost or counted twice. */
export interface SignalResumePoint {
  /** The last handed-over count's `endValue` and `to`, with the width they were read at. */
  count?: (CounterReading & { bits: CounterBits }) | undefined;
  /** The last handed-over state and its `since`. */
  state?: { state: MachineRunState; since: number } | undefined;
}

export interface MachineAcquisitionOptions {
  machines: readonly MachineConfig[];
  /** The station's thresholds (machineSettingsOf(station)); defaults until `updateSettings` brings them. */
  settings?: MachineSettings | undefined;
  /** Takes every draft in order. A sink that throws is reported and the resume point stays where it was. */
  sink: (draft: MachineDraft) => void;
  /** Keyed by signal name, as `resumePoints()` of the previous run answered. */
  resume?: Readonly<Record<string, SignalResumePoint>> | undefined;
  /** Link changes of each machine (connecting, connected, disconnected, error), for the log. */
  onStatus?: (machineId: string, status: MachineConnectionStatus, detail?: string) => void;
  /** Readings a counter refused and sinks that threw: technical text for the log. */
  onProblem?: (machineId: string, message: string) => void;
  clock?: Clock | undefined;
  /** How often a closed interval or a held state change is looked for without a new reading. */
  tickMs?: number | undefined;
  /** Makes each machine's collector; the protocol collectors unless a test feeds observations itself. */
  collectorFor?: typeof createMachineCollector | undefined;
}

export interface MachineAcquisition {
  start(): void;
  /** Stops the collectors and the timer, then books what the open count intervals hold. */
  stop(): Promise<void>;
  /** The resume point of every signal that has handed over a booking (or was resumed). */
  resumePoints(): Record<string, SignalResumePoint>;
  /**
   * The station's thresholds changed (the renderer loaded its master data): a new count interval applies from
   * the next interval boundary, a new hold time from the next state change; no counted piece is lost or doubled.
   */
  updateSettings(settings: MachineSettings): void;
}

const DEFAULT_TICK_MS = 1_000;

/** The booked signal names of a machine: its run signal and its part counter. */
export function machineSignals(machineId: string): { run: string; parts: string } {
  return { run: `${machineId}.run`, parts: `${machineId}.parts` };
}

interface MachineChannel {
  readonly config: MachineConfig;
  readonly collector: MachineCollector;
  readonly debouncer: StateDebouncer;
  counter: { aggregator: CountAggregator; bits: CounterBits } | undefined;
}

export function createMachineAcquisition(options: MachineAcquisitionOptions): MachineAcquisition {
  let settings = options.settings ?? DEFAULT_MACHINE_SETTINGS;
  const collectorFor = options.collectorFor ?? createMachineCollector;
  const clock = options.clock ?? Date.now;
  const resume: Record<string, SignalResumePoint> = structuredClone({ ...options.resume });
  const channels: MachineChannel[] = [];
  let timer: ReturnType<typeof setInterval> | undefined;
  let running = false;

  const hand = (machineId: string, drafts: MachineDraft[]): void => {
    for (const draft of drafts) {
      try {
        options.sink(draft);
      } catch (error) {
        options.onProblem?.(machineId, `draft not handed over: ${String(error)}`);
        continue;
      }
      const point = (resume[draft.payload.signal] ??= {});
      if (draft.type === 'machine.count') {
        point.count = { value: draft.payload.endValue, at: draft.payload.to, bits: draft.payload.bits };
      } else {
        point.state = { state: draft.payload.state, since: draft.payload.since };
      }
    }
  };

  const counterOf = (channel: MachineChannel, bits: CounterBits): CountAggregator => {
    if (channel.counter?.bits === bits) return channel.counter.aggregator;
    // A changed width (a reconfigured Sparkplug metric) is a new counter: book the old one, then start afresh.
    if (channel.counter) hand(channel.config.machineId, channel.counter.aggregator.flush());
    const signal = machineSignals(channel.config.machineId).parts;
    const previous = resume[signal]?.count;
    const aggregator = createCountAggregator({
      signal,
      bits,
      intervalMs: settings.countIntervalMs,
      ...(previous?.bits === bits ? { resumeFrom: { value: previous.value, at: previous.at } } : {}),
      onRefused: (reading) =>
        options.onProblem?.(channel.config.machineId, `counter reading refused: ${reading.value}`),
    });
    channel.counter = { aggregator, bits };
    return aggregator;
  };

  const observe = (channel: MachineChannel, observation: MachineObservation): void => {
    if (!running) return; // the collector's last words while it stops are no reading
    const { machineId } = channel.config;
    switch (observation.kind) {
      case 'state':
        hand(
          machineId,
          channel.debouncer.observe({ state: observation.running ? 'running' : 'stopped', at: observation.at }),
        );
        return;
      case 'counter':
        hand(machineId, counterOf(channel, observation.bits).read({ value: observation.value, at: observation.at }));
        return;
      case 'status':
        options.onStatus?.(machineId, observation.status, observation.detail);
        // Without a link the run state is not known; the next reading after a reconnect says what it is.
        if (observation.status === 'disconnected' || observation.status === 'error') {
          hand(machineId, channel.debouncer.observe({ state: 'unknown', at: observation.at }));
        }
        return;
    }
  };

  const tick = (): void => {
    const now = clock();
    for (const channel of channels) {
      hand(channel.config.machineId, channel.debouncer.tick(now));
      if (channel.counter) hand(channel.config.machineId, channel.counter.aggregator.tick(now));
    }
  };

  return {
    start() {
      if (running) return;
      running = true;
      for (const config of options.machines) {
        const run = machineSignals(config.machineId).run;
        const resumedState = resume[run]?.state;
        const channel: MachineChannel = {
          config,
          debouncer: createStateDebouncer({
            signal: run,
            holdMs: settings.stateHoldMs,
            ...(resumedState ? { resumeFrom: resumedState } : {}),
          }),
          counter: undefined,
          collector: collectorFor(config, (observation) => observe(channel, observation), clock),
        };
        channels.push(channel);
      }
      for (const channel of channels) channel.collector.start();
      timer = setInterval(tick, options.tickMs ?? DEFAULT_TICK_MS);
    },
    async stop() {
      if (!running) return;
      running = false;
      clearInterval(timer);
      timer = undefined;
      const stopping = channels.splice(0);
      await Promise.all(stopping.map((channel) => channel.collector.stop()));
      // Pieces counted up to the stop are booked now rather than lost with the open interval; a state change
      // not held long enough yet stays unbooked, the next run sees the machine's state anew.
      for (const channel of stopping) {
        if (channel.counter) hand(channel.config.machineId, channel.counter.aggregator.flush());
      }
    },
    resumePoints: () => structuredClone(resume),
    updateSettings(next) {
      settings = { ...next };
      const now = clock();
      for (const channel of channels) {
        channel.debouncer.setHoldMs(settings.stateHoldMs);
        channel.counter?.aggregator.setIntervalMs(settings.countIntervalMs, now);
      }
    },
  };
}
