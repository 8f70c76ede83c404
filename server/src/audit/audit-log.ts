import type { Db } from '../db/database';

export interface AuditEntry {
  action:
    | 'terminal.revoke'
    | 'terminal.rotate'
    | 'enrollment-code.create'
    | 'enrollment-code.revoke'
    | 'display-link.create'
    | 'display-link.revoke'
    | 'review.resolve'
    | 'bookings.import'
    | 'master-data.import';
  target: string;
  clientIp: string;
  details: Record<string, unknown>;
}

export interface AuditRecord extends AuditEntry {
  id: number;
  at: number;
}

/** Appends to the admin audit trail; call it inside the transaction of the action it records. */
export function createAuditLog(db: Db, now: () => number) {
  const insert = db.prepare('INSERT INTO admin_audit (at, action, target, client_ip, details) VALUES (?, ?, ?, ?, ?)');
  return (entry: AuditEntry): void => {
    insert.run(now(), entry.action, entry.target, entry.clientIp, JSON.stringify(entry.details));
  };
}

export interface AuditRow {
  id: number;
  at: number;
  action: AuditEntry['action'];
  target: string;
  client_ip: string;
  details: string;
}

export function auditFromRow(row: AuditRow): AuditRecord {
  return {
    id: row.id,
    at: row.at,
    action: row.action,
    target: row.target,
    clientIp: row.client_ip,
    details: JSON.parse(row.details) as Record<string, unknown>,
  };
}

export function listAudit(db: Db, after: number, limit: number): AuditRecord[] {
  const rows = db.prepare('SELECT * FROM admin_audit WHERE id > ? ORDER BY id LIMIT ?').all(after, limit) as AuditRow[];
  return rows.map(auditFromRow);
}
