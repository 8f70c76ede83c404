import type { Db } from '../db/database';

export interface LoginLockoutLimits {
  /** Wrong PINs one client may send for one badge inside the window (the terminal allows five too). */
  maxFailuresPerAccount: number;
  /** Wrong logins from everyone together: bounds guessing spread over addresses and badges. */
  maxFailuresOverall: number;
  windowMs: number;
}

export const DEFAULT_LOGIN_LOCKOUT_LIMITS: LoginLockoutLimits = {
  maxFailuresPerAccount: 5,
  maxFailuresOverall: 100,
  windowMs: 15 * 60_000,
};

/**
 * Counts failed shift-lead logins per client address and account (a hash of the badge as typed), in the
 * database so that a restart does not reset it and all instances count together; the same shape as the
 * enrollment lockout. `client` must be request.ip, which honours --trust-proxy.
 */
export interface LoginLockoutStore {
  /** Milliseconds until this client may try this account again, or 0 when it may try now. */
  retryAfterMs(client: string, account: string): Promise<number>;
  recordFailure(client: string, account: string): Promise<void>;
  /** A successful login forgets this client's earlier typos for the account. */
  recordSuccess(client: string, account: string): Promise<void>;
}

/** Failures inside the window: this client's for the account, and everyone's. */
export interface FailureCounts {
  own: { count: number; oldest: number | null };
  everyone: { count: number; oldest: number | null };
}

/** The lockout's rule, the same for every store: wait until the oldest counted failure leaves the window. */
export function lockoutWaitMs(counts: FailureCounts, limits: LoginLockoutLimits, now: number): number {
  const waitFor = (row: { count: number; oldest: number | null }, max: number): number =>
    row.count < max ? 0 : Math.max(1, (row.oldest ?? 0) + limits.windowMs - now);
  return Math.max(
    waitFor(counts.own, limits.maxFailuresPerAccount),
    waitFor(counts.everyone, limits.maxFailuresOverall),
  );
}

export function createLoginLockout(
  db: Db,
  now: () => number,
  limits = DEFAULT_LOGIN_LOCKOUT_LIMITS,
): LoginLockoutStore {
  const forKey = db.prepare(
    'SELECT COUNT(*) AS count, MIN(at) AS oldest FROM lead_login_failures WHERE client = ? AND account = ? AND at > ?',
  );
  const overall = db.prepare('SELECT COUNT(*) AS count, MIN(at) AS oldest FROM lead_login_failures WHERE at > ?');
  const insert = db.prepare('INSERT INTO lead_login_failures (client, account, at) VALUES (?, ?, ?)');
  const prune = db.prepare('DELETE FROM lead_login_failures WHERE at <= ?');
  const clear = db.prepare('DELETE FROM lead_login_failures WHERE client = ? AND account = ?');
  type Count = FailureCounts['own'];

  return {
    async retryAfterMs(client, account) {
      const cutoff = now() - limits.windowMs;
      const counts = { own: forKey.get(client, account, cutoff) as Count, everyone: overall.get(cutoff) as Count };
      return lockoutWaitMs(counts, limits, now());
    },
    async recordFailure(client, account) {
      db.transaction(() => {
        prune.run(now() - limits.windowMs);
        insert.run(client, account, now());
      })();
    },
    async recordSuccess(client, account) {
      clear.run(client, account);
    },
  };
}
