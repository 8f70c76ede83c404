import { randomBytes } from 'node:crypto';
import type { Db } from '../db/database';
import { sha256Hex } from '../hashing';

/** A shift and its handover, with room to spare; after that the lead signs in again. */
export const SESSION_LIFETIME_MS = 12 * 60 * 60_000;

export interface LeadSession {
  operatorId: string;
  role: string;
  expiresAt: number;
}

/**
 * Browser sessions of shift leads, in the database (not in memory) so that a restart keeps them and every
 * server instance on the same database accepts them. Only the token's SHA-256 is stored.
 */
export interface LeadSessionStore {
  /** A new session; the token goes into the cookie and nowhere else. */
  start(operatorId: string, role: string): Promise<{ token: string; expiresAt: number }>;
  find(token: string): Promise<LeadSession | undefined>;
  end(token: string): Promise<void>;
}

/** A fresh session token and what the store keeps of it. */
export function newSessionToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: sha256Hex(token) };
}

export function createLeadSessions(db: Db, now: () => number, lifetimeMs = SESSION_LIFETIME_MS): LeadSessionStore {
  const insert = db.prepare(
    'INSERT INTO lead_sessions (token_hash, operator_id, role, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
  );
  const select = db.prepare(
    `SELECT operator_id AS operatorId, role, expires_at AS expiresAt FROM lead_sessions
     WHERE token_hash = ? AND ended_at IS NULL AND expires_at > ?`,
  );
  const end = db.prepare('UPDATE lead_sessions SET ended_at = ? WHERE token_hash = ? AND ended_at IS NULL');
  const prune = db.prepare('DELETE FROM lead_sessions WHERE expires_at <= ?');
  return {
    async start(operatorId, role) {
      const { token, tokenHash } = newSessionToken();
      const expiresAt = now() + lifetimeMs;
      db.transaction(() => {
        prune.run(now());
        insert.run(tokenHash, operatorId, role, now(), expiresAt);
      })();
      return { token, expiresAt };
    },
    find: async (token) => select.get(sha256Hex(token), now()) as LeadSession | undefined,
    async end(token) {
      end.run(now(), sha256Hex(token));
    },
  };
}
