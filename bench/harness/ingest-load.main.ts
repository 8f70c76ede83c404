import http from 'node:http';
import { uuidv7 } from '@shared/id/uuidv7';
import { benchBookings } from '../fixtures/bookings';
import { postJson } from './post-json';

// The load generator for case 4, its own process so it never shares the server's event loop: N simulated
// terminals, each enrolled with its own token and epoch, one push in flight per terminal as the uploader
// does. Paced: each terminal pushes on its own clock so that together they offer `offeredPerSecond`
// (a push that is late starts at once). Closed loop: the next push as soon as the last was answered.

export interface IngestLoadConfig {
  url: string;
  enrollmentCode: string;
  terminals: number;
  warmupSeconds: number;
  seconds: number;
  windowSeconds: number;
  bookingsPerPush: number;
  /** null: closed loop (saturation). */
  offeredPerSecond: number | null;
}

export interface IngestLoadResult {
  /** Bookings answered per measurement window (warm-up excluded). */
  windowBookings: number[];
  latenciesMs: { p50: number; p90: number; p99: number; max: number; count: number };
  errors: number;
  errorSamples: string[];
  statuses: Record<string, number>;
  /** Bookings accepted over the whole run, warm-up included (what the database must hold). */
  acceptedTotal: number;
  /** CPU time of the load generator itself over the whole run, warm-up included. */
  cpuMs: number;
}

const config = JSON.parse(process.env.TAKT_BENCH_LOAD ?? '{}') as IngestLoadConfig;
const agent = new http.Agent({ keepAlive: true, maxSockets: config.terminals + 8 });

const post = (path: string, body: string, token?: string) => postJson(agent, `${config.url}${path}`, body, token);

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

async function main(): Promise<void> {
  const terminals: Array<{ terminalId: string; token: string; epoch: string; seq: number }> = [];
  for (let i = 0; i < config.terminals; i++) {
    const answer = await post(
      '/api/v1/terminals/enroll',
      JSON.stringify({ stationId: 'ST-10', enrollmentCode: config.enrollmentCode }),
    );
    if (answer.status < 200 || answer.status > 299) throw new Error(`enroll: HTTP ${answer.status} ${answer.body}`);
    const { terminalId, token } = JSON.parse(answer.body) as { terminalId: string; token: string };
    terminals.push({ terminalId, token, epoch: uuidv7(), seq: 0 });
  }

  const windows = Math.ceil(config.seconds / config.windowSeconds);
  const result: IngestLoadResult = {
    windowBookings: Array.from({ length: windows }, () => 0),
    latenciesMs: { p50: 0, p90: 0, p99: 0, max: 0, count: 0 },
    errors: 0,
    errorSamples: [],
    statuses: {},
    acceptedTotal: 0,
    cpuMs: 0,
  };
  const latencies: number[] = [];
  const started = performance.now();
  const measureFrom = started + config.warmupSeconds * 1000;
  const end = measureFrom + config.seconds * 1000;
  const fail = (message: string) => {
    result.errors += 1;
    if (result.errorSamples.length < 5) result.errorSamples.push(message.slice(0, 300));
  };

  const intervalMs =
    config.offeredPerSecond === null ? 0 : (config.terminals * config.bookingsPerPush * 1000) / config.offeredPerSecond;
  const runTerminal = async (terminal: (typeof terminals)[number], index: number) => {
    let due = started + (intervalMs * index) / config.terminals; // spread the terminals over one interval
    while (performance.now() < end) {
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      if (performance.now() >= end) break;
      due = Math.max(due + intervalMs, performance.now()); // a late terminal does not burst to catch up
      const bookings = benchBookings(terminal, terminal.seq + 1, config.bookingsPerPush, Date.now(), crypto);
      terminal.seq += config.bookingsPerPush;
      const body = JSON.stringify({ terminalId: terminal.terminalId, epoch: terminal.epoch, bookings });
      const sentAt = performance.now();
      let answer: { status: number; body: string };
      try {
        answer = await post('/api/v1/sync/push', body, terminal.token);
      } catch (error) {
        fail(`network: ${String(error)}`);
        continue;
      }
      const answeredAt = performance.now();
      if (answer.status !== 200) {
        fail(`HTTP ${answer.status}: ${answer.body}`);
        continue;
      }
      const parsed = JSON.parse(answer.body) as { results: Array<{ status: string }>; ackedUpTo: number };
      for (const item of parsed.results) result.statuses[item.status] = (result.statuses[item.status] ?? 0) + 1;
      const accepted = parsed.results.filter((item) => item.status === 'accepted').length;
      result.acceptedTotal += accepted;
      if (accepted !== bookings.length || parsed.ackedUpTo !== terminal.seq)
        fail(`push answered ${accepted}/${bookings.length} accepted, ackedUpTo ${parsed.ackedUpTo} of ${terminal.seq}`);
      if (sentAt >= measureFrom && answeredAt <= end) {
        latencies.push(answeredAt - sentAt);
        const window = Math.min(windows - 1, Math.floor((answeredAt - measureFrom) / (config.windowSeconds * 1000)));
        result.windowBookings[window] = (result.windowBookings[window] ?? 0) + accepted;
      }
    }
  };
  await Promise.all(terminals.map(runTerminal));

  const sorted = Float64Array.from(latencies).sort();
  result.latenciesMs = {
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: percentile(sorted, 100),
    count: sorted.length,
  };
  agent.destroy();
  const cpu = process.cpuUsage();
  result.cpuMs = (cpu.user + cpu.system) / 1000;
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
