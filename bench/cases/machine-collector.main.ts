import { createMachineAcquisition, type MachineDraft } from '../../electron/main/machines/acquisition';
import { parseMachineConfigs } from '../../electron/main/machines/machine-config';

// The process measured by case 11: main's machine acquisition (Modbus TCP collector, count aggregator, state
// debouncer) with the production settings, following the machine the bench process simulates. Each phase
// reports the CPU this process used (process.cpuUsage: user + system, GC included) and what it booked.

export interface MachinePhase {
  /** null: no acquisition at all, the process's own idle cost (Node, timers, GC). */
  pollIntervalMs: number | null;
  seconds: number;
  /** A warm-up phase runs the same code to compile it but is not reported. */
  isWarmup?: boolean;
}

export interface MachinePhaseResult {
  pollIntervalMs: number | null;
  seconds: number;
  cpuMicros: number;
  states: number;
  counts: number;
  pieces: number;
}

const config = JSON.parse(process.env.TAKT_BENCH_MACHINE ?? '{}') as { port: number; phases: MachinePhase[] };

const sleep = (seconds: number) => new Promise((resolve) => setTimeout(resolve, seconds * 1000));

async function runPhase(phase: MachinePhase): Promise<MachinePhaseResult> {
  if (phase.pollIntervalMs === null) {
    const before = process.cpuUsage();
    const started = performance.now();
    await sleep(phase.seconds);
    const used = process.cpuUsage(before);
    const elapsed = (performance.now() - started) / 1000;
    return {
      pollIntervalMs: null,
      seconds: elapsed,
      cpuMicros: used.user + used.system,
      states: 0,
      counts: 0,
      pieces: 0,
    };
  }
  const parsed = parseMachineConfigs([
    {
      kind: 'modbus-tcp',
      machineId: 'bench-1',
      host: '127.0.0.1',
      port: config.port,
      pollIntervalMs: phase.pollIntervalMs,
      running: { address: 0 },
      counter: { address: 100 },
    },
  ]);
  if (!parsed.ok) throw new Error(parsed.problem);
  const drafts: MachineDraft[] = [];
  // No settings: the station defaults (one count a minute, a state once it held 2 s, at most 6 a minute).
  const acquisition = createMachineAcquisition({ machines: parsed.configs, sink: (draft) => drafts.push(draft) });
  const before = process.cpuUsage();
  const started = performance.now();
  acquisition.start();
  await sleep(phase.seconds);
  await acquisition.stop();
  const used = process.cpuUsage(before);
  return {
    pollIntervalMs: phase.pollIntervalMs,
    seconds: (performance.now() - started) / 1000,
    cpuMicros: used.user + used.system,
    states: drafts.filter((d) => d.type === 'machine.state').length,
    counts: drafts.filter((d) => d.type === 'machine.count').length,
    pieces: drafts.reduce((sum, d) => sum + (d.type === 'machine.count' ? d.payload.pieces : 0), 0),
  };
}

const results: MachinePhaseResult[] = [];
for (const phase of config.phases) {
  const result = await runPhase(phase);
  if (!phase.isWarmup) results.push(result);
}
process.stdout.write(`${JSON.stringify(results)}\n`);
