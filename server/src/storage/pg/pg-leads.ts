import type pg from 'pg';
import type { DisplayLink, DisplayLinkStore } from '../../leads/display-links';
import { displayLinkAudit, newDisplayLink } from '../../leads/display-links';
import type { LeadStores } from '../../leads/lead-access';
import { newSessionToken, SESSION_LIFETIME_MS, type LeadSessionStore } from '../../leads/lead-sessions';
import {
  DEFAULT_LOGIN_LOCKOUT_LIMITS,
  lockoutWaitMs,
  type LoginLockoutLimits,
  type LoginLockoutStore,
} from '../../leads/login-lockout';
import { sha256Hex } from '../../hashing';
import { appendPgAudit } from './pg-audit';
import { LEAD_LOGIN_FAILURES, pgFailureLog } from './pg-failure-log';
import { pgTransaction } from './pg-transaction';

/** The lead stores of one plant in PostgreSQL: sessions and failures are rows, so every instance agrees. */
export function createPgLeadStores(
  pool: pg.Pool,
  plantId: string,
  now: () => number,
  options: { lockoutLimits?: LoginLockoutLimits; sessionLifetimeMs?: number } = {},
): LeadStores {
  return {
    sessions: createPgLeadSessions(pool, plantId, now, options.sessionLifetimeMs ?? SESSION_LIFETIME_MS),
    lockout: createPgLoginLockout(pool, plantId, now, options.lockoutLimits ?? DEFAULT_LOGIN_LOCKOUT_LIMITS),
    displayLinks: createPgDisplayLinks(pool, plantId, now),
  };
}

function createPgLeadSessions(pool: pg.Pool, plantId: string, now: () => number, lifetimeMs: number): LeadSessionStore {
  return {
    async start(operatorId, role) {
      const { token, tokenHash } = newSessionToken();
      const expiresAt = now() + lifetimeMs;
      await pgTransaction(pool, async (client) => {
        await client.query('DELETE FROM lead_sessions WHERE plant_id = $1 AND expires_at <= $2', [plantId, now()]);
        await client.query(
          `INSERT INTO lead_sessions (plant_id, token_hash, operator_id, role, created_at, expires_at)
           VALUES ($1, $2, $3, $4, $5, $6)`,
          [plantId, tokenHash, operatorId, role, now(), expiresAt],
        );
      });
      return { token, expiresAt };
    },
    async find(token) {
      const result = await pool.query<{ operatorId: string; role: string; expiresAt: number }>(
        `SELECT operator_id AS "operatorId", role, expires_at AS "expiresAt" FROM lead_sessions
          WHERE plant_id = $1 AND token_hash = $2 AND ended_at IS NULL AND expires_at > $3`,
        [plantId, sha256Hex(token), now()],
      );
      return result.rows[0];
    },
    async end(token) {
      await pool.query(
        'UPDATE lead_sessions SET ended_at = $3 WHERE plant_id = $1 AND token_hash = $2 AND ended_at IS NULL',
        [plantId, sha256Hex(token), now()],
      );
    },
  };
}

function createPgLoginLockout(
  pool: pg.Pool,
  plantId: string,
  now: () => number,
  limits: LoginLockoutLimits,
): LoginLockoutStore {
  const failures = pgFailureLog(pool, LEAD_LOGIN_FAILURES, plantId);
  return {
    async retryAfterMs(client, account) {
      const counts = await failures.countsSince(client, account, now() - limits.windowMs);
      return lockoutWaitMs(counts, limits, now());
    },
    recordFailure: (client, account) => failures.record(client, account, now(), limits.windowMs),
    async recordSuccess(client, account) {
      await pool.query('DELETE FROM lead_login_failures WHERE plant_id = $1 AND client = $2 AND account = $3', [
        plantId,
        client,
        account,
      ]);
    },
  };
}

const LINK_COLUMNS = 'id, label, created_at AS "createdAt", revoked_at AS "revokedAt"';

function createPgDisplayLinks(pool: pg.Pool, plantId: string, now: () => number): DisplayLinkStore {
  return {
    async create(label, clientIp) {
      const createdAt = now();
      const { id, token, tokenHash } = newDisplayLink(createdAt);
      await pgTransaction(pool, async (client) => {
        await client.query(
          'INSERT INTO display_links (plant_id, id, token_hash, label, created_at) VALUES ($1, $2, $3, $4, $5)',
          [plantId, id, tokenHash, label, createdAt],
        );
        await appendPgAudit(client, plantId, createdAt, displayLinkAudit.create(id, label, clientIp));
      });
      return { id, label, createdAt, revokedAt: null, token };
    },
    async authenticate(token) {
      const result = await pool.query<DisplayLink>(
        `SELECT ${LINK_COLUMNS} FROM display_links WHERE plant_id = $1 AND token_hash = $2 AND revoked_at IS NULL`,
        [plantId, sha256Hex(token)],
      );
      return result.rows[0];
    },
    async list() {
      const result = await pool.query<DisplayLink>(
        `SELECT ${LINK_COLUMNS} FROM display_links WHERE plant_id = $1 ORDER BY created_at, id COLLATE "C"`,
        [plantId],
      );
      return result.rows;
    },
    revoke: (id, clientIp) =>
      pgTransaction(pool, async (client) => {
        await client.query(
          'UPDATE display_links SET revoked_at = $3 WHERE plant_id = $1 AND id = $2 AND revoked_at IS NULL',
          [plantId, id, now()],
        );
        const result = await client.query<DisplayLink>(
          `SELECT ${LINK_COLUMNS} FROM display_links WHERE plant_id = $1 AND id = $2`,
          [plantId, id],
        );
        const link = result.rows[0];
        if (link) await appendPgAudit(client, plantId, now(), displayLinkAudit.revoke(id, clientIp));
        return link;
      }),
  };
}
