import type { DatasetName } from '@shared/master-data';
import { getTerminalData, type ClockSample, type ClockState, type TerminalData } from '../data';
import { MAX_PUSH_BYTES } from './batch-bytes';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff';
import { addClockSample } from './clock-offset';
import { defaultLockManager, type LockManagerLike } from './exclusive';
import type { SyncErrorCode } from '@shared/sync-health';
import { createHealthState, type SyncHealthFeed } from './health';
import { startTerminalHeartbeat, type TerminalHeartbeatOptions } from './heartbeat';
import { ALL_DATASETS, createPuller, type PullRunReport } from './puller';
import { createReachabilityProbe } from './reachability-probe';
import { createRetryLoop, realTimers, type Timers } from './retry-loop';
import type { SyncTransport } from './transport/transport';
import { createUploader, type PushRunReport } from './uploader';

// The sync engine's lifecycle: wires uploader, puller, triggers (start, capture, `online`, timers) and health.

export interface Connectivity {
  isOnline(): boolean;
  /** Calls back on every online/offline change. */
  subscribe(listener: (isOnline: boolean) => void): () => void;
}

export interface SyncEngineOptions {
  transport: SyncTransport;
  /** Default: the app's terminal data (getTerminalData()). */
  data?: TerminalData;
  now?: () => number;
  /** [0, 1), for backoff jitter. */
  random?: () => number;
  timers?: Timers;
  /** Bookings per push request, 1..500. Default 500: fewer round trips and commits on both sides. */
  batchSize?: number;
  /** Serialized size of a push request; default MAX_PUSH_BYTES (1 MiB, half the server's body limit). */
  maxBatchBytes?: number;
  /** Periodic push (safety net besides the capture trigger). Default 30 s. */
  pushIntervalMs?: number;
  /** Periodic master-data pull. Default 5 min. */
  pullIntervalMs?: number;
  pullPageSize?: number;
  datasets?: readonly DatasetName[];
  backoff?: BackoffPolicy;
  /** While the server is unreachable, how often to ask whether it is back (if the transport can). Default 2.5 s. */
  probeIntervalMs?: number;
  /** Web Locks (cross-tab) by default where available; null forces the in-process lock. */
  locks?: LockManagerLike | null;
  lockName?: string;
  /** Default: `online`/`offline` events of window and navigator.onLine; null for none. */
  connectivity?: Connectivity | null;
  /** false: no automatic runs (start, capture, online, timers); only syncNow/pushNow/pullNow. Default true. */
  isAutomatic?: boolean;
  /** Terminal heartbeats for the board (when automatic and the transport can send them); every 30 s by default. */
  heartbeat?: Pick<TerminalHeartbeatOptions, 'appVersion' | 'readScanners'> & { intervalMs?: number };
}

export interface SyncEngine {
  readonly health: SyncHealthFeed;
  /** Pushes everything pending, then pulls master data; bypasses any backoff wait. */
  syncNow(): Promise<{ push: PushRunReport | undefined; pull: PullRunReport | undefined }>;
  pushNow(): Promise<PushRunReport | undefined>;
  pullNow(): Promise<PullRunReport | undefined>;
  /** Stops timers and listeners and abandons a request in flight (its answer is not applied). */
  stop(): Promise<void>;
}

export function startSyncEngine(options: SyncEngineOptions): SyncEngine {
  const data = options.data ?? getTerminalData();
  const now = options.now ?? (() => Date.now());
  const random = options.random ?? Math.random;
  const timers = options.timers ?? realTimers;
  const isAutomatic = options.isAutomatic ?? true;
  const connectivity = options.connectivity === undefined ? browserConnectivity() : options.connectivity;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const abort = new AbortController();
  const health = createHealthState();
  health.update({ isOnline: connectivity?.isOnline() ?? true });

  let clockState: ClockState | undefined;
  const clockLoaded = data.outbox.readClockState().then(
    (state) => {
      clockState = state;
      health.update({ clockOffsetMs: state?.offsetMs ?? null });
    },
    () => undefined,
  );
  const onClockSample = (sample: ClockSample): ClockState | undefined => {
    clockState = addClockSample(clockState, sample);
    health.update({ clockOffsetMs: clockState?.offsetMs ?? null });
    return clockState;
  };

  let lastFailure: { push?: SyncErrorCode; pull?: SyncErrorCode } = {};
  const onExchange = (source: 'push' | 'pull') => (result: { ok: true } | { ok: false; error: SyncErrorCode }) => {
    lastFailure = { ...lastFailure, [source]: result.ok ? undefined : result.error };
    const error = lastFailure.push ?? lastFailure.pull ?? null;
    const isOnline = (connectivity?.isOnline() ?? true) && error !== 'network';
    health.update({ lastError: error, isOnline, ...(result.ok ? { lastSyncAt: now() } : {}) });
    const isUnreachable = lastFailure.push === 'network' || lastFailure.pull === 'network';
    if (isUnreachable && !abort.signal.aborted) reachability?.start();
    else reachability?.stop();
  };

  const uploader = createUploader({
    data,
    transport: options.transport,
    now,
    batchSize: options.batchSize ?? 500,
    maxBatchBytes: options.maxBatchBytes ?? MAX_PUSH_BYTES,
    lockName: options.lockName ?? `takt-sync-push:${data.bookingsDbName}`,
    locks: options.locks === undefined ? defaultLockManager() : options.locks,
    signal: abort.signal,
    onClockSample,
    onExchange: onExchange('push'),
  });
  const puller = createPuller({
    data,
    transport: options.transport,
    now,
    pageSize: options.pullPageSize ?? 1_000,
    datasets: options.datasets ?? ALL_DATASETS,
    signal: abort.signal,
    onClockSample,
    onExchange: onExchange('pull'),
  });

  const sendHeartbeat = options.transport.heartbeat?.bind(options.transport);
  const heartbeat =
    sendHeartbeat && options.heartbeat && isAutomatic
      ? startTerminalHeartbeat({
          ...options.heartbeat,
          send: sendHeartbeat,
          readHealth: health.getHealth,
          intervalMs: options.heartbeat.intervalMs ?? 30_000,
          timers,
          signal: abort.signal,
        })
      : undefined;

  const pushLoop = createRetryLoop<PushRunReport>({
    run: async () => {
      await clockLoaded;
      health.update({ isSyncing: true });
      try {
        return await uploader.run();
      } finally {
        await refreshHealth();
        health.update({ isSyncing: false });
        void heartbeat?.nudge();
      }
    },
    intervalMs: isAutomatic ? (options.pushIntervalMs ?? 30_000) : null,
    backoff: (attempt) => backoffDelay(attempt, random, backoff),
    timers,
    now,
    onSchedule: (nextRunAt, isRetry) => health.update({ nextRetryAt: isRetry ? nextRunAt : null }),
  });
  const askServer = options.transport.probe?.bind(options.transport);
  // The server answering again cuts any backoff short: sync at once instead of after up to a minute.
  const reachability =
    askServer && isAutomatic
      ? createReachabilityProbe({
          probe: async () => {
            const outcome = await askServer({ signal: abort.signal });
            return outcome.kind === 'ok' && outcome.value.status === 'ok';
          },
          intervalMs: options.probeIntervalMs ?? 2_500,
          timers,
          onReachable: () => {
            void pushLoop.trigger(true);
            void pullLoop.trigger(true);
          },
        })
      : null;
  const pullLoop = createRetryLoop<PullRunReport>({
    run: async () => {
      await clockLoaded;
      return puller.run();
    },
    intervalMs: isAutomatic ? (options.pullIntervalMs ?? 300_000) : null,
    backoff: (attempt) => backoffDelay(attempt, random, backoff),
    timers,
    now,
  });

  // Health counts come from the database. Requests during a read collapse into one follow-up read.
  // A capture counts at once, before the UI says "saved": the figure never shows fewer pending bookings than
  // the terminal has confirmed. A read that began before the latest capture is dropped (it may not see it);
  // the read that capture asked for follows.
  let captures = 0;
  let refreshing: Promise<void> | undefined;
  let queuedRefresh: Promise<void> | undefined;
  function refreshHealth(): Promise<void> {
    if (!refreshing) {
      refreshing = readHealthCounts().finally(() => {
        refreshing = undefined;
      });
      return refreshing;
    }
    queuedRefresh ??= refreshing.then(() => {
      queuedRefresh = undefined;
      return refreshHealth();
    });
    return queuedRefresh;
  }
  async function readHealthCounts(): Promise<void> {
    if (abort.signal.aborted) return;
    const capturesBefore = captures;
    const stats = await data.outbox.readStats().catch(() => undefined);
    if (!stats || abort.signal.aborted || captures !== capturesBefore) return;
    health.update(stats);
  }

  const unsubscribers: (() => void)[] = [];
  unsubscribers.push(
    data.changes.subscribe((change) => {
      if (change === 'captured') {
        captures += 1;
        health.update({ pendingCount: health.getHealth().pendingCount + 1 });
      }
      void refreshHealth();
      if (!isAutomatic) return;
      if (change === 'captured') void pushLoop.trigger(false);
      if (change === 'identity') {
        void pushLoop.trigger(true);
        void pullLoop.trigger(true);
      }
    }),
  );
  if (connectivity) {
    unsubscribers.push(
      connectivity.subscribe((isOnline) => {
        health.update({ isOnline: isOnline && lastFailure.push !== 'network' && lastFailure.pull !== 'network' });
        if (isOnline && isAutomatic) {
          void pushLoop.trigger(true);
          void pullLoop.trigger(true);
        }
      }),
    );
  }

  void refreshHealth();
  if (isAutomatic) {
    void pushLoop.trigger(true);
    void pullLoop.trigger(true);
  }

  return {
    health: { getHealth: health.getHealth, subscribe: health.subscribe },
    async syncNow() {
      const push = await pushLoop.trigger(true);
      const pull = await pullLoop.trigger(true);
      return { push, pull };
    },
    pushNow: () => pushLoop.trigger(true),
    pullNow: () => pullLoop.trigger(true),
    async stop() {
      abort.abort();
      reachability?.stop();
      heartbeat?.stop();
      for (const unsubscribe of unsubscribers.splice(0)) unsubscribe();
      await Promise.all([pushLoop.stop(), pullLoop.stop()]);
    },
  };
}

function browserConnectivity(): Connectivity | null {
  if (typeof window === 'undefined' || typeof navigator === 'undefined') return null;
  return {
    isOnline: () => navigator.onLine,
    subscribe(listener) {
      const online = () => listener(true);
      const offline = () => listener(false);
      window.addEventListener('online', online);
      window.addEventListener('offline', offline);
      return () => {
        window.removeEventListener('online', online);
        window.removeEventListener('offline', offline);
      };
    },
  };
}
