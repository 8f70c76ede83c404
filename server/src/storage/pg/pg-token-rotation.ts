import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { sha256Hex } from '../../hashing';
import { rotateAuditEntry, type TerminalTokenRotation } from '../../routes/terminal-rotate';
import type { TerminalIdentity } from '../../terminals/terminal-registry';
import { appendPgAudit } from './pg-audit';
import { pgTransaction } from './pg-transaction';

/** Rotation on PostgreSQL: the pending token and its audit record commit together; the row lock orders rotations. */
export function createPgTokenRotation(pool: pg.Pool, plantId: string, now: () => number): TerminalTokenRotation {
  return {
    rotate: (terminalId, clientIp) =>
      pgTransaction(pool, async (client) => {
        const row = await client.query<{ revoked_at: number | null; pending_token_hash: string | null }>(
          'SELECT revoked_at, pending_token_hash FROM terminals WHERE id = $1 AND plant_id = $2 FOR UPDATE',
          [terminalId, plantId],
        );
        const terminal = row.rows[0];
        if (!terminal) return { status: 'not-found' };
        if (terminal.revoked_at !== null) return { status: 'revoked' };
        const token = randomBytes(32).toString('base64url');
        await client.query('UPDATE terminals SET pending_token_hash = $3 WHERE id = $1 AND plant_id = $2', [
          terminalId,
          plantId,
          sha256Hex(token),
        ]);
        const replacedPending = terminal.pending_token_hash !== null;
        await appendPgAudit(client, plantId, now(), rotateAuditEntry(terminalId, clientIp, replacedPending));
        return { status: 'rotated', token, replacedPending };
      }),
  };
}

const IDENTITY = 'id, station_id AS "stationId", revoked_at AS "revokedAt"';

/**
 * The terminal a bearer token belongs to. The first use of a pending (rotated) token makes it the terminal's
 * token and retires the one before it; a revoked terminal's pending token is refused like its current one and
 * never becomes current. The common case (the current token) is one query.
 */
export async function authenticatePgTerminal(
  pool: pg.Pool,
  plantId: string,
  token: string,
): Promise<TerminalIdentity | undefined> {
  const tokenHash = sha256Hex(token);
  const current = await pool.query<TerminalIdentity>(
    `SELECT ${IDENTITY} FROM terminals WHERE token_hash = $1 AND plant_id = $2`,
    [tokenHash, plantId],
  );
  if (current.rows[0]) return current.rows[0];
  const promoted = await pool.query<TerminalIdentity>(
    `UPDATE terminals SET token_hash = pending_token_hash, pending_token_hash = NULL
      WHERE pending_token_hash = $1 AND plant_id = $2 AND revoked_at IS NULL RETURNING ${IDENTITY}`,
    [tokenHash, plantId],
  );
  if (promoted.rows[0]) return promoted.rows[0];
  // A revoked terminal's pending token, or a first use another request promoted meanwhile (a fresh snapshot).
  const other = await pool.query<TerminalIdentity>(
    `SELECT ${IDENTITY} FROM terminals WHERE (token_hash = $1 OR pending_token_hash = $1) AND plant_id = $2`,
    [tokenHash, plantId],
  );
  return other.rows[0];
}
