import type pg from 'pg';
import { uuidv7 } from '@shared/id/uuidv7';
import type { AuditEntry } from '../../audit/audit-log';
import { appendPgAudit } from './pg-audit';
import {
  codeStatus,
  generateEnrollmentCode,
  normalizeEnrollmentCode,
  type CodeRow,
} from '../../enrollment/enrollment-codes';
import { sha256Hex } from '../../hashing';
import type { EnrollmentCodeAdmin } from '../enrollment-code-admin';
import { pgTransaction } from './pg-transaction';

const COLUMNS = `id, station_id AS "stationId", created_at AS "createdAt", expires_at AS "expiresAt",
  max_uses AS "maxUses", uses, revoked_at AS "revokedAt"`;

/** Enrollment codes of one plant on PostgreSQL; redeeming one is part of the enrollment (pg-sync-storage). */
export function createPgEnrollmentCodeAdmin(pool: pg.Pool, plantId: string, now: () => number): EnrollmentCodeAdmin {
  const inTransaction = <T>(work: (client: pg.PoolClient) => Promise<T>) => pgTransaction(pool, work);
  const audit = (client: pg.PoolClient, entry: AuditEntry) => appendPgAudit(client, plantId, now(), entry);
  const info = (row: CodeRow) => ({ ...row, status: codeStatus(row, now()) });

  return {
    async create(request, clientIp) {
      if (request.stationId !== undefined) {
        const station = await pool.query(
          `SELECT 1 FROM master_records WHERE plant_id = $1 AND dataset = 'stations' AND key = $2 AND value IS NOT NULL`,
          [plantId, request.stationId],
        );
        if (station.rowCount === 0) return { status: 'unknown-station' };
      }
      const code = generateEnrollmentCode();
      const createdAt = now();
      const row = await inTransaction(async (client) => {
        const inserted = await client.query<CodeRow>(
          `INSERT INTO enrollment_codes (id, plant_id, code_hash, station_id, created_at, expires_at, max_uses)
           VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
          [
            uuidv7(createdAt),
            plantId,
            sha256Hex(normalizeEnrollmentCode(code)),
            request.stationId ?? null,
            createdAt,
            createdAt + request.expiresInMinutes * 60_000,
            request.uses,
          ],
        );
        const created = inserted.rows[0] as CodeRow;
        await audit(client, {
          action: 'enrollment-code.create',
          target: created.id,
          clientIp,
          details: { stationId: created.stationId, expiresAt: created.expiresAt, maxUses: created.maxUses },
        });
        return created;
      });
      return { status: 'created', code: { ...info(row), code } };
    },
    async list() {
      const result = await pool.query<CodeRow>(
        `SELECT ${COLUMNS} FROM enrollment_codes WHERE plant_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1000`,
        [plantId],
      );
      return result.rows.map(info);
    },
    revoke: (id, clientIp, reason) =>
      inTransaction(async (client) => {
        const found = await client.query<{ revokedAt: number | null }>(
          'SELECT revoked_at AS "revokedAt" FROM enrollment_codes WHERE id = $1 AND plant_id = $2 FOR UPDATE',
          [id, plantId],
        );
        const row = found.rows[0];
        if (row === undefined) return { status: 'not-found' as const };
        const outcome =
          row.revokedAt !== null
            ? { status: 'already-revoked' as const, revokedAt: row.revokedAt }
            : { status: 'revoked' as const, revokedAt: now() };
        if (outcome.status === 'revoked') {
          await client.query('UPDATE enrollment_codes SET revoked_at = $1 WHERE id = $2', [outcome.revokedAt, id]);
        }
        await audit(client, {
          action: 'enrollment-code.revoke',
          target: id,
          clientIp,
          details: { outcome: outcome.status, ...(reason === undefined ? {} : { reason }) },
        });
        return outcome;
      }),
  };
}
