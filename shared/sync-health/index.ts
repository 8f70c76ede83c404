// How the terminal's sync is doing, in one shape from the outbox through the sync engine to the store that
// the top bar and the status screen read. It lives here, not in renderer/src/sync, because the layers that
// produce and show it (data/ and store/) may not import the sync engine; shared/ is below all of them.

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

export interface SyncHealth {
  /** The browser reports a network and the last exchange did not fail for lack of one. */
  isOnline: boolean;
  pendingCount: number;
  /** occurredAt of the first pending booking in seq order, null when nothing is pending. */
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
  /** The outbox's current epoch, null before the bookings database has one. */
  epoch: string | null;
  /** The last seq captured in this epoch (0 before the first capture) and the server's contiguous acknowledged prefix of it. */
  lastSeq: number;
  ackedUpTo: number | null;
}

/** The part of the health the bookings database knows; the sync engine adds the rest. */
export type OutboxHealth = Pick<
  SyncHealth,
  | 'pendingCount'
  | 'oldestPendingAt'
  | 'deadLetterCount'
  | 'quarantinedCount'
  | 'lastSyncAt'
  | 'epoch'
  | 'lastSeq'
  | 'ackedUpTo'
>;

export const INITIAL_SYNC_HEALTH: SyncHealth = {
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
  epoch: null,
  lastSeq: 0,
  ackedUpTo: null,
};
