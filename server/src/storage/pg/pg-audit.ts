import type pg from 'pg';
import type { AuditEntry } from '../../audit/audit-log';

/** Appends to the plant's admin audit trail; call it with the client of the action's own transaction. */
export async function appendPgAudit(
  client: pg.PoolClient,
  plantId: string,
  at: number,
  entry: AuditEntry,
): Promise<void> {
  await client.query(
    'INSERT INTO admin_audit (plant_id, at, action, target, client_ip, details) VALUES ($1, $2, $3, $4, $5, $6)',
    [plantId, at, entry.action, entry.target, entry.clientIp, JSON.stringify(entry.details)],
  );
}
