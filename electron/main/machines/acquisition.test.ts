import { afterEach, describe, expect, it, vi } from 'vitest';
import { validateBooking } from '@shared/booking';
import { DEFAULT_MACHINE_SETTINGS, type MachineSettings } from '@shared/machine';
import { createMachineAcquisition, machineSignals, type MachineAcquisition, type MachineDraft } from './acquisition';
import type { MachineObservation, ObservationSink } from './collector';
import { createMachineCollector } from './machine-collectors';
import { parseMachineConfigs } from './machine-config';
import { startModbusSimulator, type ModbusSimulator } from './testing/modbus-simulator';

const RUNNING = 0;
const COUNTER = 100;
const INTERVAL_MS = 400;
const SETTINGS: MachineSettings = { ...DEFAULT_MACHINE_SETTINGS, countIntervalMs: INTERVAL_MS, stateHoldMs: 150 };
const signals = machineSignals('press-1');

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function configFor(port: number) {
  const parsed = parseMachineConfigs([
    {
      kind: 'modbus-tcp',
      machineId: 'press-1',
      host: '127.0.0.1',
      port,
      pollIntervalMs: 50,
      timeoutMs: 500,
      running: { address: RUNNING },
      counter: { address: COUNTER },
      backoff: { initialDelayMs: 20, maxDelayMs: 200 },
    },
  ]);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.configs;
}

/** The sink a test hands in: every draft, and a way to wait for one without fixed sleeps. */
function draftSink() {
  const drafts: MachineDraft[] = [];
  const waiters = new Set<() => void>();
  return {
    drafts,
    sink: (draft: MachineDraft) => {
      drafts.push(draft);
      for (const wake of waiters) wake();
    },
    async until(test: (drafts: MachineDraft[]) => boolean, what: string, timeoutMs = 10_000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (!test(drafts)) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(drafts)}`);
        await new Promise<void>((resolve) => {
          const wake = () => {
            waiters.delete(wake);
            clearTimeout(timer);
            resolve();
          };
          const timer = setTimeout(wake, 50);
          waiters.add(wake);
        });
      }
    },
  };
}

const pieces = (drafts: MachineDraft[]) =>
  drafts.reduce((sum, d) => sum + (d.type === 'machine.count' ? d.payload.pieces : 0), 0);
const states = (drafts: MachineDraft[]) => drafts.filter((d) => d.type === 'machine.state');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A machine that makes one piece every few milliseconds on its 32-bit counter. */
async function makePieces(sim: ModbusSimulator, from: number, count: number): Promise<number> {
  let value = from;
  for (let made = 0; made < count; made++) {
    value = (value + 1) % 2 ** 32;
    sim.setRegisterPair(sim.inputRegisters, COUNTER, value, 'high-first');
    if (made % 5 === 4) await sleep(10);
  }
  return value;
}

function activeHandles(): { timers: number; sockets: number } {
  const resources = process.getActiveResourcesInfo();
  return {
    timers: resources.filter((r) => r === 'Timeout').length,
    sockets: resources.filter((r) => r === 'TCPSocketWrap').length,
  };
}

function start(sim: ModbusSimulator, sink: (draft: MachineDraft) => void, resume?: MachineAcquisition['resumePoints']) {
  const statuses: string[] = [];
  const observations: MachineObservation[] = [];
  const acquisition = createMachineAcquisition({
    machines: configFor(sim.port),
    settings: SETTINGS,
    sink,
    tickMs: 50,
    // The real Modbus collector; what it reports is kept to check the drafts against.
    collectorFor: (config, emit, clock) =>
      createMachineCollector(
        config,
        (observation) => {
          observations.push(observation);
          emit(observation);
        },
        clock,
      ),
    onStatus: (machineId, status) => statuses.push(`${machineId} ${status}`),
    ...(resume ? { resume: resume() } : {}),
  });
  acquisition.start();
  cleanups.push(() => acquisition.stop());
  return { acquisition, statuses, observations };
}

describe('machine acquisition against a Modbus TCP simulator', () => {
  it('books exactly the pieces made across a wrap and a reset, the one stop, and resumes after a restart', async () => {
    const sim = await startModbusSimulator();
    cleanups.push(() => sim.close());
    sim.discreteInputs.set(RUNNING, true);
    let value = 2 ** 32 - 40;
    sim.setRegisterPair(sim.inputRegisters, COUNTER, value, 'high-first');
    const before = activeHandles();
    const out = draftSink();
    const { acquisition, statuses, observations } = start(sim, out.sink);

    // The first state booked says the machine runs; by then its counter was read: that reading is the baseline.
    await out.until((d) => states(d).length === 1, 'the running state');
    let made = 0;
    value = await makePieces(sim, value, 150); // over the top of the 32-bit counter
    made += 150;

    // One stop; during it the operator resets the counter.
    await sleep(100);
    const stoppedAt = Date.now();
    sim.discreteInputs.set(RUNNING, false);
    await out.until((d) => states(d).some((s) => s.payload.state === 'stopped'), 'the stop');
    value = 0;
    sim.setRegisterPair(sim.inputRegisters, COUNTER, value, 'high-first');
    await sleep(100);
    sim.discreteInputs.set(RUNNING, true);
    value = await makePieces(sim, value, 230);
    made += 230;
    await out.until((d) => pieces(d) === made, `${made} pieces`);
    await out.until((d) => states(d).length === 3, 'running again');

    await acquisition.stop();
    expect(pieces(out.drafts)).toBe(made);
    const counts = out.drafts.filter((d) => d.type === 'machine.count');
    expect(counts.some((c) => c.payload.wraps === 1)).toBe(true);
    expect(counts.some((c) => c.payload.resets === 1)).toBe(true);
    // At most one count per interval: each ends in an interval of its own, later than the one before.
    const intervalOf = (count: (typeof counts)[number]) => Math.floor(count.payload.to / INTERVAL_MS);
    for (let index = 1; index < counts.length; index++) {
      expect(intervalOf(counts[index]!)).toBeGreaterThan(intervalOf(counts[index - 1]!));
    }
    // The states are the one stop and back; the stop counts from the first reading that saw it, not the hold.
    expect(states(out.drafts).map((s) => s.payload.state)).toEqual(['running', 'stopped', 'running']);
    const stop = states(out.drafts)[1];
    const firstStopped = observations.find((o) => o.kind === 'state' && !o.running);
    expect(stop?.payload.since).toBeGreaterThanOrEqual(stoppedAt);
    expect(stop?.payload.since).toBe(firstStopped?.at);
    // Every draft becomes a valid booking once capture stamps it; the counts chain.
    for (const draft of out.drafts) {
      const stamped = {
        ...draft,
        id: '01890a5d-ac96-774b-bcce-b302099a8057',
        terminalId: 'T-1',
        epoch: 'E-1',
        seq: 1,
        occurredAt: Date.now(),
        clockOffsetMs: 0,
        stationId: 'ST-10',
        masterDataVersion: '',
      };
      expect(validateBooking(stamped)).toMatchObject({ ok: true });
    }
    for (let index = 1; index < counts.length; index++) {
      expect(counts[index]?.payload.startValue).toBe(counts[index - 1]?.payload.endValue);
    }
    expect(counts.every((c) => c.payload.signal === signals.parts)).toBe(true);
    expect(statuses).toContain('press-1 connected');

    // Stopped, it holds no timer or socket of its own.
    for (let waited = 0; waited < 40; waited++) {
      const now = activeHandles();
      if (now.timers <= before.timers && now.sockets <= before.sockets) break;
      await sleep(25);
    }
    expect(activeHandles().timers).toBeLessThanOrEqual(before.timers);
    expect(activeHandles().sockets).toBeLessThanOrEqual(before.sockets);

    // Pieces made while the terminal is off are counted by the next run, none twice, and no state again.
    value = await makePieces(sim, value, 17);
    made += 17;
    const next = draftSink();
    const restarted = start(sim, next.sink, () => acquisition.resumePoints());
    await next.until((d) => pieces(d) === 17, '17 pieces after the restart');
    await sleep(300);
    await restarted.acquisition.stop();
    expect(pieces(out.drafts) + pieces(next.drafts)).toBe(made);
    expect(states(next.drafts)).toEqual([]);
  });
});

describe("machine acquisition taking the station's thresholds while it runs", () => {
  afterEach(() => vi.useRealTimers());

  it('counts every piece exactly once across an interval change mid-run, and holds the next change by the new rule', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const T0 = 1_764_000_000_000; // a full minute
    let now = T0;
    let emit: ObservationSink = () => undefined;
    const sunk: { draft: MachineDraft; at: number }[] = [];
    const acquisition = createMachineAcquisition({
      machines: configFor(502),
      sink: (draft) => sunk.push({ draft, at: now }),
      clock: () => now,
      tickMs: 1_000,
      // The test is the machine: one poll a second, read at the fake clock's time.
      collectorFor: (config, sink) => {
        emit = sink;
        return { machineId: config.machineId, start: () => undefined, stop: async () => undefined };
      },
    });
    acquisition.start();
    let value = 500;
    let made = 0;
    emit({ kind: 'counter', value, bits: 32, at: now }); // the baseline
    const second = (running: boolean) => {
      now += 1_000;
      if (running) {
        value += 1;
        made += 1;
      }
      emit({ kind: 'state', running, at: now });
      emit({ kind: 'counter', value, bits: 32, at: now });
      vi.advanceTimersByTime(1_000);
    };
    for (let t = 1; t <= 90; t++) second(true);
    // Master data arrives at 90 s, inside the second minute: 10 s intervals, 5 s hold.
    acquisition.updateSettings({ ...DEFAULT_MACHINE_SETTINGS, countIntervalMs: 10_000, stateHoldMs: 5_000 });
    for (let t = 91; t <= 150; t++) second(true);
    for (let t = 151; t <= 170; t++) second(false);
    for (let t = 171; t <= 200; t++) second(true);
    await acquisition.stop();

    const drafts = sunk.map((s) => s.draft);
    const counts = drafts.filter((d) => d.type === 'machine.count');
    expect(pieces(drafts)).toBe(made);
    for (let index = 1; index < counts.length; index++) {
      expect(counts[index]?.payload.startValue).toBe(counts[index - 1]?.payload.endValue);
    }
    // The first minute under the default, the one open at 90 s closes at 100 s (not 120 s), then every 10 s.
    const ends = counts.map((c) => (c.payload.to - T0) / 1_000);
    expect(ends.slice(0, 4)).toEqual([59, 99, 109, 119]);
    // The stop at 151 s is booked once it held the new 5 s, not the default 2 s.
    const stop = sunk.find((s) => s.draft.type === 'machine.state' && s.draft.payload.state === 'stopped');
    expect(stop?.draft.payload).toMatchObject({ since: T0 + 151_000 });
    expect(stop?.at).toBe(T0 + 156_000);
    expect(states(drafts).map((s) => s.payload.state)).toEqual(['running', 'stopped', 'running']);
  });

  it('starts with thresholds that arrived before it started', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    let now = 1_764_000_000_000;
    let emit: ObservationSink = () => undefined;
    const sunk: MachineDraft[] = [];
    const acquisition = createMachineAcquisition({
      machines: configFor(502),
      sink: (draft) => sunk.push(draft),
      clock: () => now,
      collectorFor: (config, sink) => {
        emit = sink;
        return { machineId: config.machineId, start: () => undefined, stop: async () => undefined };
      },
    });
    acquisition.updateSettings({ ...DEFAULT_MACHINE_SETTINGS, countIntervalMs: 5_000 });
    acquisition.start();
    for (let value = 0; value <= 12; value++) {
      now += 1_000;
      emit({ kind: 'counter', value, bits: 32, at: now });
    }
    await acquisition.stop();
    expect(sunk.filter((d) => d.type === 'machine.count').map((c) => c.payload.pieces)).toEqual([3, 5, 4]);
  });
});
