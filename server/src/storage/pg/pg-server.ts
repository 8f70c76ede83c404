import { chmodSync, mkdirSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { TerminalHeartbeatSchema, type TerminalHeartbeatResponse } from '../../../../shared/board/terminal-heartbeat';
import { PROTOCOL_VERSION, SYNC_ROUTES, type HealthResponse } from '../../../../shared/protocol';
import type { ServerOptions } from '../../app';
import { findWeakSecret } from '../../config/secret-strength';
import { loadSecrets } from '../../config/secrets';
import { installErrorHandling, parseOrFail, sendApiError } from '../../http/api-error';
import { authenticatedTerminal, requireAdmin, requireTerminal } from '../../http/auth';
import { createTaktFastify, DEFAULT_LIMITS } from '../../http/takt-fastify';
import { installOversizedBodyDrain } from '../../http/oversized-body';
import { installSecurityHeaders } from '../../http/security-headers';
import { registerEnrollmentCodeRoutes } from '../../routes/admin-enrollment-codes';
import { registerImportRoute } from '../../routes/admin-import';
import { SERVER_VERSION } from '../../routes/health';
import { registerEnrollRoutes } from '../../routes/enroll';
import { registerSyncRoutes } from '../../routes/sync';
import { createPgEnrollmentCodeAdmin } from './pg-enrollment-codes';
import { openPgSyncStorage, type PgSyncStorage } from './pg-sync-storage';
import {
  PG_LEAD_REVIEW_ROUTES,
  registerPgAdminReviewRoutes,
  registerPgLeadReviewRoutes,
} from './pg-lead-review-routes';
import { createPgMasterDataReader } from './pg-master-data-reader';
import { withPendingTokens } from './pg-token-rotation';
import { pgSchemaVersion } from './pg-migrations';

/** What the PostgreSQL server serves so far; everything else under /api answers 501 with this list. */
export const PG_PORTED_ROUTES = [
  `GET ${SYNC_ROUTES.health}`,
  `POST ${SYNC_ROUTES.enroll}`,
  `POST ${SYNC_ROUTES.push}`,
  `GET ${SYNC_ROUTES.pull}`,
  `POST ${SYNC_ROUTES.heartbeat}`,
  'POST /api/v1/admin/import',
  'POST /api/v1/admin/enrollment-codes',
  'GET /api/v1/admin/enrollment-codes',
  'POST /api/v1/admin/enrollment-codes/:id/revoke',
  ...PG_LEAD_REVIEW_ROUTES,
] as const;

export interface PgServerOptions extends Omit<ServerOptions, 'demo' | 'init' | 'updatesDir' | 'staticDir'> {
  /** postgres://user:password@host:port/database */
  databaseUrl: string;
  plantId?: string;
}

export interface TaktPgServer {
  app: FastifyInstance;
  enrollmentCode: string | undefined;
  adminToken: string;
  secretsFile: string;
  storage: PgSyncStorage;
  close(): Promise<void>;
}

/**
 * The server on PostgreSQL: stateless apart from the pool, so several instances can share one database.
 * For now it carries the sync contract (enroll, push, pull, heartbeat) and the master-data import.
 */
export async function createPgServer(options: PgServerOptions): Promise<TaktPgServer> {
  const now = options.now ?? Date.now;
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  chmodSync(options.dataDir, 0o700);
  const secrets = loadSecrets(
    options.dataDir,
    {
      ...(options.enrollmentCode === undefined ? {} : { enrollmentCode: options.enrollmentCode }),
      ...(options.adminToken === undefined ? {} : { adminToken: options.adminToken }),
    },
    { withPlantCode: options.enrollmentCode !== undefined },
  );
  const weakness =
    findWeakSecret('adminToken', secrets.adminToken) ??
    (options.enrollmentCode === undefined ? undefined : findWeakSecret('enrollmentCode', options.enrollmentCode));
  if (weakness !== undefined) throw new Error(weakness);

  const app = createTaktFastify({
    limits,
    ...(options.logger === undefined ? {} : { logger: options.logger }),
    ...(options.tls === undefined ? {} : { tls: options.tls }),
    ...(options.trustProxy === undefined ? {} : { trustProxy: options.trustProxy }),
  });
  const storage = withPendingTokens(
    await openPgSyncStorage({
      connectionString: options.databaseUrl,
      now,
      ...(options.plantId === undefined ? {} : { plantId: options.plantId }),
      onAlert: (alert) => app.log.warn({ alert: { ...alert } }, `alert: ${alert.message}`),
    }),
  );
  try {
    app.addHook('onClose', async () => {
      await storage.close();
    });
    app.decorateRequest('terminal', null);
    installErrorHandling(app);
    installSecurityHeaders(app);
    installOversizedBodyDrain(app);
    app.removeContentTypeParser('text/plain');
    app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_request, body, done) => done(null, body));
    const ctx = { sync: storage, now, enrollmentCode: secrets.enrollmentCode };
    const masterData = createPgMasterDataReader(storage.pool, storage.plantId);
    registerPgLeadReviewRoutes(app, { storage, masterData, adminToken: secrets.adminToken, now });
    registerPgHealthRoute(app, storage, now);
    registerEnrollRoutes(app, ctx);
    registerSyncRoutes(app, ctx);
    app.post(SYNC_ROUTES.heartbeat, { onRequest: requireTerminal(storage) }, async (request) => {
      const terminal = authenticatedTerminal(request);
      parseOrFail(TerminalHeartbeatSchema, request.body, 'heartbeat');
      // Accepted and stored as the terminal's last contact; the board that shows it is not ported yet.
      await storage.recordContact(terminal.id);
      return { serverTime: now() } satisfies TerminalHeartbeatResponse;
    });
    await app.register(async (admin) => {
      admin.addHook('onRequest', requireAdmin(secrets.adminToken));
      registerImportRoute(admin, ctx);
      registerEnrollmentCodeRoutes(admin, createPgEnrollmentCodeAdmin(storage.pool, storage.plantId, now));
      registerPgAdminReviewRoutes(admin, { storage, now });
    });
    app.setNotFoundHandler((request, reply) =>
      request.url.startsWith('/api/')
        ? sendApiError(
            reply,
            501,
            'not-found',
            `${request.method} ${request.url.split('?')[0] ?? ''} is not available on the PostgreSQL store yet; it serves: ${PG_PORTED_ROUTES.join(', ')}. Use the SQLite store (no --database) for the rest.`,
          )
        : sendApiError(reply, 404, 'not-found', 'no such page'),
    );
  } catch (error) {
    await app.close();
    await storage.close();
    throw error;
  }
  let closing: Promise<void> | undefined;
  return {
    app,
    enrollmentCode: secrets.enrollmentCode,
    adminToken: secrets.adminToken,
    secretsFile: secrets.file,
    storage,
    close: () => (closing ??= app.close()),
  };
}

function registerPgHealthRoute(app: FastifyInstance, storage: PgSyncStorage, now: () => number): void {
  app.get(SYNC_ROUTES.health, async (request, reply) => {
    let database: HealthResponse['database'];
    try {
      database = { status: 'ok', schemaVersion: await pgSchemaVersion(storage.pool) };
    } catch (error) {
      request.log.error({ err: error }, 'health check: database unreachable');
      database = { status: 'error', schemaVersion: 0 };
    }
    reply.code(database.status === 'ok' ? 200 : 503);
    return {
      status: database.status === 'ok' ? 'ok' : 'degraded',
      version: SERVER_VERSION,
      protocol: PROTOCOL_VERSION,
      database,
      serverTime: now(),
    } satisfies HealthResponse;
  });
}
