// What the bench pages expose on `window` for the Node side to call through page.evaluate. Types only.

export interface BenchIdentity {
  terminalId: string;
  stationId: string;
  token?: string;
}

export interface DbNames {
  /** Database name prefix; omitted means the app's own databases (takt-bookings, takt-master). */
  dbPrefix?: string;
}

export interface DrainReport {
  ms: number;
  synced: number;
  /** False when the time limit stopped the engine before the outbox was empty. */
  isComplete: boolean;
  pushes: number;
  /** Time spent waiting for the server's answers (request on the wire, server work, response parsing). */
  networkMs: number;
  failedRuns: number;
  /** [bookings answered so far, ms since start] after every push: the drain's rate over time. */
  progress: Array<[number, number]>;
}

export interface TerminalBenchApi {
  /** Per repeat: capture latencies (real data layer) and raw single-put latencies, in ms, taken one for one. */
  captureLatency(args: DbNames & { warmup: number; count: number; repeats: number }): Promise<{
    capture: number[][];
    raw: number[][];
  }>;
  /**
   * Writes `count` pending bookings straight into the outbox table (Dexie bulkAdd, 5,000 per transaction),
   * as the terminal given (or the one already enrolled in these databases).
   */
  seedBacklog(args: DbNames & { count: number; identity?: BenchIdentity }): Promise<{ ms: number; pending: number }>;
  /** Runs the real uploader (startSyncEngine + fetch transport) until the outbox is empty or time is up. */
  drain(args: DbNames & { maxFailedRuns: number; timeLimitMs: number }): Promise<DrainReport>;
  /** Enrolls with the real server and pulls all master data through the real puller. */
  pullMaster(args: DbNames & { enrollmentCode: string }): Promise<{ ms: number; rows: number }>;
  /** The same order book written with Dexie bulkPut into the master tables, `chunk` rows per call. */
  bulkPutMaster(args: DbNames & { records: number; chunk: number }): Promise<{ ms: number; rows: number }>;
  /** Enrolls and starts the sync engine the way the app does (automatic, with connectivity events). */
  startSession(args: DbNames & { enrollmentCode: string }): Promise<{ terminalId: string }>;
  /** Captures through the session's data layer with `concurrency` operators' worth of parallel captures. */
  captureMany(args: {
    count: number;
    concurrency: number;
    firstIndex: number;
  }): Promise<{ ms: number; failed: number }>;
  /** Pending bookings in these databases (from the index, as the top bar shows them). */
  pendingCount(args: DbNames): Promise<number>;
  stopSession(): Promise<void>;
  /** Deletes the databases a case made under `dbPrefix`. */
  deleteDatabases(args: DbNames): Promise<void>;
}

export interface PouchBenchApi {
  /** Writes `count` booking documents (bulkDocs, 1,000 per call) into a local PouchDB. */
  seed(args: { dbName: string; count: number }): Promise<{ ms: number }>;
  /** One-shot replication to the remote database; resolves when it completed or was cancelled at the time limit. */
  replicate(args: {
    dbName: string;
    remoteUrl: string;
    timeLimitMs: number;
  }): Promise<{ ms: number; docsWritten: number }>;
  destroy(args: { dbName: string }): Promise<void>;
  /** The adapter the local database ended up on. */
  adapter(args: { dbName: string }): Promise<string>;
}

declare global {
  interface Window {
    taktBench?: TerminalBenchApi;
    pouchBench?: PouchBenchApi;
  }
}
