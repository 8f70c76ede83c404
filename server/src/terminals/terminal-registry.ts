import { randomBytes } from 'node:crypto';
import { uuidv7 } from '@shared/id/uuidv7';
import type { Db } from '../db/database';
import { sha256Hex } from '../hashing';

export interface TerminalIdentity {
  id: string;
  stationId: string;
  /** When an admin revoked the token; a revoked terminal may not sync any more. */
  revokedAt: number | null;
}

export type RevokeOutcome = { status: 'revoked' | 'already-revoked'; revokedAt: number } | { status: 'not-found' };

export type RotateOutcome =
  { status: 'rotated'; token: string; replacedPending: boolean } | { status: 'revoked' | 'not-found' };

export interface TerminalRegistry {
  /** A new terminal at the station with a fresh token; only the token's hash is stored. */
  enroll(stationId: string): { terminalId: string; token: string };
  /**
   * The terminal a bearer token belongs to, or undefined. The first use of a pending (rotated) token makes
   * it the terminal's token and retires the one before it.
   */
  authenticate(token: string): TerminalIdentity | undefined;
  /** Revokes the terminal's token for good (the terminal enrolls again to get a new identity). */
  revoke(terminalId: string): RevokeOutcome;
  /**
   * A fresh token stored as pending next to the current one, which stays valid until the new one is first
   * used; an earlier pending token that was never used is replaced.
   */
  rotate(terminalId: string): RotateOutcome;
}

export function createTerminalRegistry(db: Db, now: () => number): TerminalRegistry {
  const insert = db.prepare('INSERT INTO terminals (id, station_id, token_hash, enrolled_at) VALUES (?, ?, ?, ?)');
  const columns = 'id, station_id AS stationId, revoked_at AS revokedAt';
  const byTokenHash = db.prepare(`SELECT ${columns} FROM terminals WHERE token_hash = ?`);
  const byPendingHash = db.prepare(`SELECT ${columns} FROM terminals WHERE pending_token_hash = ?`);
  const promotePending = db.prepare(
    'UPDATE terminals SET token_hash = pending_token_hash, pending_token_hash = NULL WHERE id = ? AND pending_token_hash = ?',
  );
  const revokedAtOf = db.prepare('SELECT revoked_at FROM terminals WHERE id = ?');
  const markRevoked = db.prepare('UPDATE terminals SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL');
  const pendingOf = db.prepare('SELECT pending_token_hash AS pendingHash FROM terminals WHERE id = ?');
  const setPending = db.prepare('UPDATE terminals SET pending_token_hash = ? WHERE id = ?');

  // Looked up and promoted in one transaction: two first uses at once must not both see the token pending.
  const authenticate = db.transaction((tokenHash: string): TerminalIdentity | undefined => {
    const current = byTokenHash.get(tokenHash) as TerminalIdentity | undefined;
    if (current) return current;
    const pending = byPendingHash.get(tokenHash) as TerminalIdentity | undefined;
    // A revoked terminal's pending token is refused like its current one and never becomes current.
    if (pending && pending.revokedAt === null) promotePending.run(pending.id, tokenHash);
    return pending;
  });

  const rotate = db.transaction((terminalId: string): RotateOutcome => {
    const row = revokedAtOf.get(terminalId) as { revoked_at: number | null } | undefined;
    if (!row) return { status: 'not-found' };
    if (row.revoked_at !== null) return { status: 'revoked' };
    const before = pendingOf.get(terminalId) as { pendingHash: string | null };
    const token = randomBytes(32).toString('base64url');
    setPending.run(sha256Hex(token), terminalId);
    return { status: 'rotated', token, replacedPending: before.pendingHash !== null };
  });

  return {
    enroll(stationId) {
      const terminalId = uuidv7(now());
      const token = randomBytes(32).toString('base64url');
      insert.run(terminalId, stationId, sha256Hex(token), now());
      return { terminalId, token };
    },
    authenticate: (token) => authenticate(sha256Hex(token)),
    revoke(terminalId) {
      const row = revokedAtOf.get(terminalId) as { revoked_at: number | null } | undefined;
      if (!row) return { status: 'not-found' };
      if (row.revoked_at !== null) return { status: 'already-revoked', revokedAt: row.revoked_at };
      const revokedAt = now();
      markRevoked.run(revokedAt, terminalId);
      return { status: 'revoked', revokedAt };
    },
    rotate,
  };
}
