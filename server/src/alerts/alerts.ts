import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../db/database';

export const ALERT_KINDS = [
  'seq-reused',
  'id-reused',
  'terminal-new-epoch',
  'seq-gap',
  'station-mismatch',
  'duplicate-differs',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
export type AlertSeverity = 'warning' | 'critical';

export interface AlertInput {
  kind: AlertKind;
  severity: AlertSeverity;
  terminalId?: string;
  message: string;
  details?: Record<string, unknown>;
}

export interface AlertRecord extends AlertInput {
  id: number;
  createdAt: number;
}

export type RaiseAlert = (alert: AlertInput) => void;

/** Alerts go to the alerts table (inside the caller's transaction) and to the log, for shift leads and IT. */
export function createAlertSink(db: Db, log: FastifyBaseLogger, now: () => number): RaiseAlert {
  const insert = db.prepare(
    'INSERT INTO alerts (created_at, kind, severity, terminal_id, message, details) VALUES (?, ?, ?, ?, ?, ?)',
  );
  return (alert) => {
    insert.run(
      now(),
      alert.kind,
      alert.severity,
      alert.terminalId ?? null,
      alert.message,
      alert.details ? JSON.stringify(alert.details) : null,
    );
    log.warn({ alert: { ...alert } }, `alert: ${alert.message}`);
  };
}

export interface AlertRow {
  id: number;
  created_at: number;
  kind: AlertKind;
  severity: AlertSeverity;
  terminal_id: string | null;
  message: string;
  details: string | null;
}

export function alertFromRow(row: AlertRow): AlertRecord {
  return {
    id: row.id,
    createdAt: row.created_at,
    kind: row.kind,
    severity: row.severity,
    ...(row.terminal_id === null ? {} : { terminalId: row.terminal_id }),
    message: row.message,
    ...(row.details === null ? {} : { details: JSON.parse(row.details) as Record<string, unknown> }),
  };
}

export function listAlerts(db: Db, after: number, limit: number): AlertRecord[] {
  const rows = db.prepare('SELECT * FROM alerts WHERE id > ? ORDER BY id LIMIT ?').all(after, limit) as AlertRow[];
  return rows.map(alertFromRow);
}
