import type { FastifyInstance } from 'fastify';
import { createAuditLog } from '../audit/audit-log';
import { createSqliteAdminListing } from '../bookings/admin-listing';
import { requireAdmin } from '../http/auth';
import { createSqliteBookingsImportStore, registerBookingsImportRoute } from './admin-bookings-import';
import { createSqliteAdminLogReader, registerAdminLogRoutes } from './admin-logs';
import { createSqliteEnrollmentCodeAdmin } from '../storage/enrollment-code-admin';
import { registerEnrollmentCodeRoutes } from './admin-enrollment-codes';
import { registerImportRoute } from './admin-import';
import { createSqliteAdminTerminalActions, registerAdminTerminalRoutes } from './admin-terminals';
import type { RouteContext } from './route-context';
import { registerTraceRoutes } from './trace';
import { createSqliteTraceRows } from '../trace/trace-rows';
import { fixedMasterData } from '../master-data/master-data-source';

/** Admin API: every route needs the admin token. Lists page by an id (`after`) that only grows. */
export async function registerAdminRoutes(app: FastifyInstance, ctx: RouteContext): Promise<void> {
  const audit = createAuditLog(ctx.db, ctx.now);
  await app.register(async (admin) => {
    admin.addHook('onRequest', requireAdmin(ctx.adminToken));
    registerAdminTerminalRoutes(admin, {
      listing: createSqliteAdminListing(ctx.db),
      actions: createSqliteAdminTerminalActions({ db: ctx.db, terminals: ctx.terminals, store: ctx.store, audit }),
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
