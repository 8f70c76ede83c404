// Sync health for the top bar and for other modules. A tiny observable with no UI library inside: the UI
// wires it to its store (e.g. React's useSyncExternalStore(health.subscribe, health.getHealth)).

export type SyncErrorCode =
  | 'network' // server unreachable, timeout
  | 'not-enrolled'
  | 'unauthorized' // 401/403: token revoked or terminal unknown
  | 'server' // 5xx, 429
  | 'protocol-mismatch' // terminal and server speak different sync protocol versions
  | 'bad-request' // other 4xx
  | 'bad-response' // answer did not match the protocol
  | 'no-progress' // the server answered but listed none of the bookings sent
  | 'local-storage'; // applying the answer locally failed

export interface SyncHealthSnapshot {
  /** The browser reports a network and the last exchange did not fail for lack of one. */
  isOnline: boolean;
  pendingCount: number;
  /** occurredAt of the oldest pending booking; with `pendingAgeMs()` the UI shows its age. */
  oldestPendingAt: number | null;
  /** Last time an exchange with the server succeeded (push or pull). */
  lastSyncAt: number | null;
  deadLetterCount: number;
  /** Stored aside by the server (e.g. a reused seq): not pending any more, but a supervisor must look. */
  quarantinedCount: number;
  isSyncing: boolean;
  lastError: SyncErrorCode | null;
  /** When the next retry after a failure is due; null when not backing off. */
  nextRetryAt: number | null;
  /** Current estimate of server time − terminal time. */
  clockOffsetMs: number | null;
  /** The last seq captured in this epoch and the server's contiguous acknowledged prefix of it. */
  lastSeq: number;
  ackedUpTo: number | null;
}

export interface SyncHealth {
  /** The same object until something changes, so it is safe as an external-store snapshot. */
  getHealth(): SyncHealthSnapshot;
  subscribe(listener: (health: SyncHealthSnapshot) => void): () => void;
}

export const INITIAL_HEALTH: SyncHealthSnapshot = {
  isOnline: true,
  pendingCount: 0,
  oldestPendingAt: null,
  lastSyncAt: null,
  deadLetterCount: 0,
  quarantinedCount: 0,
  isSyncing: false,
  lastError: null,
  nextRetryAt: null,
  clockOffsetMs: null,
  lastSeq: 0,
  ackedUpTo: null,
};

export function pendingAgeMs(health: SyncHealthSnapshot, now: number = Date.now()): number | null {
  return health.oldestPendingAt === null ? null : Math.max(0, now - health.oldestPendingAt);
}

export function createHealthState(initial: SyncHealthSnapshot = INITIAL_HEALTH) {
  let snapshot = initial;
  const listeners = new Set<(health: SyncHealthSnapshot) => void>();
  return {
    getHealth: () => snapshot,
    subscribe(listener: (health: SyncHealthSnapshot) => void) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    update(patch: Partial<SyncHealthSnapshot>): void {
      const keys = Object.keys(patch) as (keyof SyncHealthSnapshot)[];
      if (keys.every((key) => patch[key] === snapshot[key])) return;
      snapshot = { ...snapshot, ...patch };
      for (const listener of [...listeners]) listener(snapshot);
    },
  };
}

export type HealthState = ReturnType<typeof createHealthState>;
