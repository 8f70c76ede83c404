import { randomBytes } from 'node:crypto';
import { uuidv7 } from '../../../shared/id/uuidv7';
import type { Db } from '../db/database';
import { sha256Hex } from '../hashing';

export interface TerminalIdentity {
  id: string;
  stationId: string;
  /** When an admin revoked the token; a revoked terminal may not sync any more. */
  revokedAt: number | null;
}

export type RevokeOutcome = { status: 'revoked' | 'already-revoked'; revokedAt: number } | { status: 'not-found' };

export interface TerminalRegistry {
  /** A new terminal at the station with a fresh token; only the token's hash is stored. */
  enroll(stationId: string): { terminalId: string; token: string };
  /** The terminal a bearer token belongs to, or undefined. */
  authenticate(token: string): TerminalIdentity | undefined;
  /** Revokes the terminal's token for good (the terminal enrolls again to get a new identity). */
  revoke(terminalId: string): RevokeOutcome;
}

export function createTerminalRegistry(db: Db, now: () => number): TerminalRegistry {
  const insert = db.prepare('INSERT INTO terminals (id, station_id, token_hash, enrolled_at) VALUES (?, ?, ?, ?)');
  const byTokenHash = db.prepare(
    'SELECT id, station_id AS stationId, revoked_at AS revokedAt FROM terminals WHERE token_hash = ?',
  );
  const revokedAtOf = db.prepare('SELECT revoked_at FROM terminals WHERE id = ?');
  const markRevoked = db.prepare('UPDATE terminals SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL');
  return {
    enroll(stationId) {
      const terminalId = uuidv7(now());
      const token = randomBytes(32).toString('base64url');
      insert.run(terminalId, stationId, sha256Hex(token), now());
      return { terminalId, token };
    },
    authenticate(token) {
      return byTokenHash.get(sha256Hex(token)) as TerminalIdentity | undefined;
    },
    revoke(terminalId) {
      const row = revokedAtOf.get(terminalId) as { revoked_at: number | null } | undefined;
      if (!row) return { status: 'not-found' };
      if (row.revoked_at !== null) return { status: 'already-revoked', revokedAt: row.revoked_at };
      const revokedAt = now();
      markRevoked.run(revokedAt, terminalId);
      return { status: 'revoked', revokedAt };
    },
  };
}
