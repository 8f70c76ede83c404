import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { DATASET_NAMES, type DatasetName } from '../../../shared/master-data';
import { createAuditLog } from '../audit/audit-log';
import {
  listBookingsForAdmin,
  listQuarantinedForAdmin,
  listRejectedForAdmin,
  listTerminalsForAdmin,
} from '../bookings/admin-listing';
import { ApiFailure, parseOrFail } from '../http/api-error';
import { requireAdmin } from '../http/auth';
import { createSqliteBookingsImportStore, registerBookingsImportRoute } from './admin-bookings-import';
import { createSqliteAdminLogReader, registerAdminLogRoutes } from './admin-logs';
import { createSqliteEnrollmentCodeAdmin } from '../storage/enrollment-code-admin';
import { registerEnrollmentCodeRoutes } from './admin-enrollment-codes';
import { registerImportRoute } from './admin-import';
import type { RouteContext } from './route-context';
import { registerTraceRoutes } from './trace';
import { createSqliteTraceRows } from '../trace/trace-rows';
import { fixedMasterData } from '../master-data/master-data-source';

const after = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional();
const limit = z.coerce.number().int().min(1).max(1_000).optional();
const DEFAULT_LIMIT = 100;

const BookingsQuerySchema = z.strictObject({
  after,
  limit,
  terminalId: z.string().min(1).max(64).optional(),
  review: z.enum(['true', 'false']).optional(),
});
const PageQuerySchema = z.strictObject({ after, limit });
const LimitQuerySchema = z.strictObject({ limit });
const TerminalParamsSchema = z.strictObject({ id: z.string().min(1).max(64) });
const RevokeBodySchema = z.strictObject({ reason: z.string().trim().min(1).max(500).optional() }).optional();
const DatasetParamsSchema = z.strictObject({ dataset: z.enum(DATASET_NAMES as [DatasetName, ...DatasetName[]]) });

/** Admin API: every route needs the admin token. Lists page by an id (`after`) that only grows. */
export async function registerAdminRoutes(app: FastifyInstance, ctx: RouteContext): Promise<void> {
  const audit = createAuditLog(ctx.db, ctx.now);
  await app.register(async (admin) => {
    admin.addHook('onRequest', requireAdmin(ctx.adminToken));

    admin.get('/api/v1/admin/bookings', async (request) => {
      const query = parseOrFail(BookingsQuerySchema, request.query, 'query');
      const pageSize = query.limit ?? DEFAULT_LIMIT;
      const bookings = listBookingsForAdmin(ctx.db, {
        after: query.after ?? 0,
        limit: pageSize + 1,
        ...(query.terminalId === undefined ? {} : { terminalId: query.terminalId }),
        isReviewOnly: query.review === 'true',
      });
      const page = bookings.slice(0, pageSize);
      return {
        bookings: page,
        hasMore: bookings.length > pageSize,
        nextAfter: page.at(-1)?.serverSeq ?? query.after ?? 0,
      };
    });

    admin.get('/api/v1/admin/rejected', async (request) => {
      const query = parseOrFail(PageQuerySchema, request.query, 'query');
      return { rejected: listRejectedForAdmin(ctx.db, query.after ?? 0, query.limit ?? DEFAULT_LIMIT) };
    });

    admin.get('/api/v1/admin/quarantined', async (request) => {
      const query = parseOrFail(LimitQuerySchema, request.query, 'query');
      return { quarantined: listQuarantinedForAdmin(ctx.db, query.limit ?? DEFAULT_LIMIT) };
    });

    admin.get('/api/v1/admin/terminals', async () => ({ terminals: listTerminalsForAdmin(ctx.db) }));

    admin.post('/api/v1/admin/terminals/:id/revoke', async (request) => {
      const { id } = parseOrFail(TerminalParamsSchema, request.params, 'path');
      const body = parseOrFail(RevokeBodySchema, request.body ?? undefined, 'body');
      // The revocation and its audit record commit together: no revoked token without a trace, nor the reverse.
      const outcome = ctx.db.transaction(() => {
        const result = ctx.terminals.revoke(id);
        if (result.status !== 'not-found') {
          audit({
            action: 'terminal.revoke',
            target: id,
            clientIp: request.ip,
            details: { outcome: result.status, ...(body?.reason === undefined ? {} : { reason: body.reason }) },
          });
        }
        return result;
      })();
      if (outcome.status === 'not-found') throw new ApiFailure(404, 'not-found', `no terminal ${id}`);
      request.log.warn({ terminalId: id, outcome: outcome.status }, 'terminal token revoked');
      return { terminalId: id, revokedAt: outcome.revokedAt };
    });

    admin.post('/api/v1/admin/datasets/:dataset/compact', async (request) => {
      const { dataset } = parseOrFail(DatasetParamsSchema, request.params, 'path');
      ctx.store.compact(dataset);
      request.log.info({ dataset }, 'dataset compacted; terminals will reload it');
      return { dataset, compacted: true };
    });

    registerAdminLogRoutes(admin, createSqliteAdminLogReader(ctx.db));
    registerImportRoute(admin, ctx);
    registerBookingsImportRoute(admin, createSqliteBookingsImportStore(ctx));
    registerEnrollmentCodeRoutes(
      admin,
      createSqliteEnrollmentCodeAdmin({ db: ctx.db, store: ctx.store, codes: ctx.enrollmentCodes, audit }),
    );
    registerTraceRoutes(admin, { rows: createSqliteTraceRows(ctx.db), masterData: fixedMasterData(ctx.store) });
  });
}
