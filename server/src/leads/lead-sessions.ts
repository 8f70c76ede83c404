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
 * Browser sessions of shift leads, in SQLite (not in memory) so that a restart keeps them and a second
 * server instance on the same database could accept them. Only the token's SHA-256 is stored.
 */
export function createLeadSessions(db: Db, now: () => number, lifetimeMs = SESSION_LIFETIME_MS) {
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
    /** A new session; the token goes into the cookie and nowhere else. */
    start(operatorId: string, role: string): { token: string; expiresAt: number } {
      const token = randomBytes(32).toString('base64url');
      const expiresAt = now() + lifetimeMs;
      db.transaction(() => {
        prune.run(now());
        insert.run(sha256Hex(token), operatorId, role, now(), expiresAt);
      })();
      return { token, expiresAt };
    },
    find(token: string): LeadSession | undefined {
      return select.get(sha256Hex(token), now()) as LeadSession | undefined;
    },
    end(token: string): void {
      end.run(now(), sha256Hex(token));
    },
  };
}

export type LeadSessions = ReturnType<typeof createLeadSessions>;
