import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { listAlerts, type AlertRecord } from '../alerts/alerts';
import { listAudit, type AuditRecord } from '../audit/audit-log';
import type { Db } from '../db/database';
import { parseOrFail } from '../http/api-error';

/** What admins read back: the alerts and the admin audit trail, each paged by an id that only grows. */
export interface AdminLogReader {
  alerts(after: number, limit: number): Promise<AlertRecord[]>;
  audit(after: number, limit: number): Promise<AuditRecord[]>;
}

export function createSqliteAdminLogReader(db: Db): AdminLogReader {
  return {
    alerts: async (after, limit) => listAlerts(db, after, limit),
    audit: async (after, limit) => listAudit(db, after, limit),
  };
}

const PageQuerySchema = z.strictObject({
  after: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  limit: z.coerce.number().int().min(1).max(1_000).optional(),
});
const DEFAULT_LIMIT = 100;

/** Registers inside the admin scope (the admin token is checked there). */
export function registerAdminLogRoutes(admin: FastifyInstance, logs: AdminLogReader): void {
  admin.get('/api/v1/admin/alerts', async (request) => {
    const query = parseOrFail(PageQuerySchema, request.query, 'query');
    const pageSize = query.limit ?? DEFAULT_LIMIT;
    const alerts = await logs.alerts(query.after ?? 0, pageSize + 1);
    const page = alerts.slice(0, pageSize);
    return { alerts: page, hasMore: alerts.length > pageSize, nextAfter: page.at(-1)?.id ?? query.after ?? 0 };
  });

  admin.get('/api/v1/admin/audit', async (request) => {
    const query = parseOrFail(PageQuerySchema, request.query, 'query');
    const pageSize = query.limit ?? DEFAULT_LIMIT;
    const entries = await logs.audit(query.after ?? 0, pageSize + 1);
    const page = entries.slice(0, pageSize);
    return { audit: page, hasMore: entries.length > pageSize, nextAfter: page.at(-1)?.id ?? query.after ?? 0 };
  });
}
