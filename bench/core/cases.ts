import type { Spread } from './stats';

// What a benchmark case is and what it reports. Each case fills table rows (the headline figures against
// their targets) and keeps its detailed measurements for results.json.

export interface TableRow {
  case: string;
  /** Human-readable figure with its spread, e.g. "2.9 ms (2.7–3.2, n=5)". */
  takt: string;
  reference: string;
  /** Takt ÷ reference (or the figure the target is about), null when not a ratio. */
  ratio: number | null;
  target: string;
  /** null: not applicable or could not be measured (the table says why). */
  met: boolean | null;
}

export interface CaseResult {
  id: string;
  title: string;
  rows: TableRow[];
  /** Raw figures for results.json: medians with spreads, counts, settings. */
  metrics: Record<string, Spread | number | string | boolean | null>;
  notes: string[];
  /** Set when the case could not run at all. */
  error?: string;
  seconds: number;
}

export interface BenchSizes {
  capture: { warmup: number; count: number; repeats: number };
  /** Time limits stop a run that would blow the ~15 min budget; the table then says how far it got. */
  drain: {
    bookings: number;
    warmupBookings: number;
    repeats: number;
    timeLimitSeconds: number;
    pouchDocs: number;
    pouchRepeats: number;
    /** Runs of the floor (the same backlog from a Node client), each on a fresh server. */
    floorRepeats: number;
  };
  startup: { backlog: number; warmups: number; repeats: number };
  /** Paced at `offeredPerSecond` for `seconds` (latency under load), then closed loop (capacity). */
  ingest: {
    terminals: number;
    seconds: number;
    saturationSeconds: number;
    warmupSeconds: number;
    windowSeconds: number;
    bookingsPerPush: number;
    offeredPerSecond: number;
  };
  master: { records: number; repeats: number; chunk: number };
  memory: { bookings: number; checkpointEvery: number; concurrency: number; timeLimitSeconds: number; uiHours: number };
  scanning: {
    gs1Strings: number;
    gs1Repeats: number;
    wedgeScans: number;
    wedgePageRuns: number;
    serialSeconds: number;
    serialRate: number;
  };
}

export interface BenchContext {
  isQuick: boolean;
  sizes: BenchSizes;
  /** Scratch folder for databases, browser profiles and server data; removed at the end. */
  workDir: string;
  /** Static site (built terminal + bench pages) for the servers' --static. */
  siteDir: string;
  /** Where CPU profiles go when --profile is on; undefined otherwise. */
  profileDir: string | undefined;
  log(message: string): void;
}

export interface BenchCase {
  id: string;
  title: string;
  run(ctx: BenchContext): Promise<Omit<CaseResult, 'id' | 'title' | 'seconds'>>;
}
