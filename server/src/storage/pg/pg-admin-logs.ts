import type pg from 'pg';
import { alertFromRow, type AlertRow } from '../../alerts/alerts';
import { auditFromRow, type AuditRow } from '../../audit/audit-log';
import type { BookingsImportStore } from '../../routes/admin-bookings-import';
import type { AdminLogReader } from '../../routes/admin-logs';
import type { SyncStorage } from '../sync-storage';
import { appendPgAudit } from './pg-audit';
import { pgTransaction } from './pg-transaction';

// Ids are shared by all plants (identity columns), so a plant's pages have gaps; `after` pages all the same.

export function createPgAdminLogReader(pool: pg.Pool, plantId: string): AdminLogReader {
  return {
    async alerts(after, limit) {
      const result = await pool.query<AlertRow>(
        `SELECT id, created_at, kind, severity, terminal_id, message, details FROM alerts
          WHERE plant_id = $1 AND id > $2 ORDER BY id LIMIT $3`,
        [plantId, after, limit],
      );
      return result.rows.map(alertFromRow);
    },
    async audit(after, limit) {
      const result = await pool.query<AuditRow>(
        `SELECT id, at, action, target, client_ip, details FROM admin_audit
          WHERE plant_id = $1 AND id > $2 ORDER BY id LIMIT $3`,
        [plantId, after, limit],
      );
      return result.rows.map(auditFromRow);
    },
  };
}

export function createPgBookingsImportStore(
  pool: pg.Pool,
  plantId: string,
  sync: Pick<SyncStorage, 'ingest'>,
  now: () => number,
): BookingsImportStore {
  return {
    async stationOf(terminalId) {
      const result = await pool.query<{ station_id: string }>(
        'SELECT station_id FROM terminals WHERE id = $1 AND plant_id = $2',
        [terminalId, plantId],
      );
      return result.rows[0]?.station_id;
    },
    ingest: (batch) => sync.ingest(batch),
    appendAudit: (entry) => pgTransaction(pool, (client) => appendPgAudit(client, plantId, now(), entry)),
  };
}
