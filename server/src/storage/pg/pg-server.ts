import { chmodSync, mkdirSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { PROTOCOL_VERSION, SYNC_ROUTES, type HealthResponse } from '@shared/protocol';
import type { ServerOptions } from '../../app';
import { findWeakSecret } from '../../config/secret-strength';
import { loadSecrets } from '../../config/secrets';
import { installBoardReaders } from '../../board/board-auth';
import { registerBoardRoutes } from '../../board/board-routes';
import { registerHandoverRoutes } from '../../board/handover-routes';
import { registerStationDetailRoutes } from '../../board/station-detail';
import { installErrorHandling } from '../../http/api-error';
import { requireAdmin } from '../../http/auth';
import { viewerOf } from '../../leads/board-viewer';
import { registerKpiRoutes } from '../../routes/kpi';
import { registerLineNoteRoutes } from '../../routes/line-notes';
import { registerTraceRoutes } from '../../routes/trace';
import { createTaktFastify, DEFAULT_LIMITS } from '../../http/takt-fastify';
import { installOversizedBodyDrain } from '../../http/oversized-body';
import { installSecurityHeaders } from '../../http/security-headers';
import { installStaticSite } from '../../http/static-site';
import { installUpdateFiles } from '../../http/update-files';
import { registerEnrollmentCodeRoutes } from '../../routes/admin-enrollment-codes';
import { registerImportRoute } from '../../routes/admin-import';
import { registerAdminTerminalRoutes } from '../../routes/admin-terminals';
import { SERVER_VERSION } from '../../routes/health';
import { registerEnrollRoutes } from '../../routes/enroll';
import { registerSyncRoutes } from '../../routes/sync';
import { openPgBoardFeed, type PgBoardFeed } from './pg-board-feed';
import {
  createPgHandoverRows,
  createPgKpiRows,
  createPgLineNoteRows,
  createPgStationDetailRows,
} from './pg-board-reads';
import { createPgAdminListing, createPgAdminTerminalActions } from './pg-admin-terminals';
import { createPgEnrollmentCodeAdmin } from './pg-enrollment-codes';
import { createPgMasterDataReader } from './pg-master-data-reader';
import { createPgReviewStore } from './pg-review';
import { createPgTraceRows } from './pg-trace';
import { openPgSyncStorage, type PgSyncStorage } from './pg-sync-storage';
import { registerPgAdminReviewRoutes, registerPgLeadReviewRoutes } from './pg-lead-review-routes';
import { withPendingTokens } from './pg-token-rotation';
import { pgSchemaVersion } from './pg-migrations';

export interface PgServerOptions extends Omit<ServerOptions, 'demo' | 'init'> {
  /** postgres://user:password@host:port/database */
  databaseUrl: string;
  plantId?: string;
  /** Connections this instance keeps at most (default: openPgSyncStorage's). */
  poolSize?: number;
}

export interface TaktPgServer {
  app: FastifyInstance;
  enrollmentCode: string | undefined;
  adminToken: string;
  secretsFile: string;
  storage: PgSyncStorage;
  board: PgBoardFeed;
  close(): Promise<void>;
}

/**
 * The server on PostgreSQL: stateless apart from the pool, so several instances can share one database.
 * It serves the same API as the SQLite server, the web terminal (`staticDir`) and terminal updates (`updatesDir`);
 * only the demo plant (`demo`) and `init` stay with SQLite.
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
      ...(options.poolSize === undefined ? {} : { poolSize: options.poolSize }),
      onAlert: (alert) => app.log.warn({ alert: { ...alert } }, `alert: ${alert.message}`),
    }),
  );
  const masterData = createPgMasterDataReader(storage.pool, storage.plantId);
  let boardFeed: PgBoardFeed;
  try {
    boardFeed = await openPgBoardFeed({
      pool: storage.pool,
      connectionString: options.databaseUrl,
      plantId: storage.plantId,
      masterData,
      now,
      log: app.log,
      ...(options.boardOfflineAfterMs === undefined ? {} : { offlineAfterMs: options.boardOfflineAfterMs }),
    });
  } catch (error) {
    await app.close();
    await storage.close();
    throw error;
  }
  let isClosed = false;
  const closeStores = async () => {
    if (isClosed) return;
    isClosed = true;
    await boardFeed.close();
    await storage.close();
  };
  try {
    app.addHook('onClose', closeStores);
    // Every stored push goes into the board's change feed before it is answered, so the push's terminal
    // reads its own write on any instance; the push stays stored (and answered) if that fails.
    const sync: PgSyncStorage = {
      ...storage,
      async ingest(batch) {
        const outcome = await storage.ingest(batch);
        await boardFeed
          .recordPush(batch, outcome)
          .catch((error: unknown) =>
            app.log.error({ err: error, terminalId: batch.terminalId }, 'board feed: recording a push failed'),
          );
        return outcome;
      },
    };
    app.decorateRequest('terminal', null);
    installErrorHandling(app);
    installSecurityHeaders(app);
    installOversizedBodyDrain(app);
    app.removeContentTypeParser('text/plain');
    app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_request, body, done) => done(null, body));
    const ctx = { sync, now, enrollmentCode: secrets.enrollmentCode };
    registerPgLeadReviewRoutes(app, { storage: sync, masterData, adminToken: secrets.adminToken, now });
    registerPgHealthRoute(app, storage, now);
    registerEnrollRoutes(app, ctx);
    registerSyncRoutes(app, ctx);
    installBoardReaders(app, { viewerOf, terminals: storage });
    registerBoardRoutes(app, {
      board: boardFeed,
      terminals: storage,
      now,
      ...(options.boardSseHeartbeatMs === undefined ? {} : { sseHeartbeatMs: options.boardSseHeartbeatMs }),
    });
    const plantTimeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const boardViews = { masterData, defaultTimeZone: plantTimeZone, now };
    const kpiRows = createPgKpiRows(storage.pool, storage.plantId);
    const review = createPgReviewStore({ pool: storage.pool, plantId: storage.plantId, ingest: sync.ingest });
    registerStationDetailRoutes(app, { ...boardViews, rows: createPgStationDetailRows(storage.pool, storage.plantId) });
    registerHandoverRoutes(app, {
      ...boardViews,
      rows: createPgHandoverRows(storage.pool, storage.plantId, () => review.openCount()),
      kpiRows,
    });
    await registerKpiRoutes(app, { rows: kpiRows, masterData, now });
    registerLineNoteRoutes(app, { rows: createPgLineNoteRows(storage.pool, storage.plantId), masterData, now });
    await app.register(async (admin) => {
      admin.addHook('onRequest', requireAdmin(secrets.adminToken));
      registerImportRoute(admin, ctx);
      registerEnrollmentCodeRoutes(admin, createPgEnrollmentCodeAdmin(storage.pool, storage.plantId, now));
      registerTraceRoutes(admin, { rows: createPgTraceRows(storage.pool, storage.plantId), masterData });
      registerPgAdminReviewRoutes(admin, { storage: sync, now });
      registerAdminTerminalRoutes(admin, {
        listing: createPgAdminListing(storage.pool, storage.plantId),
        actions: createPgAdminTerminalActions(storage.pool, storage.plantId, now),
      });
    });
    // The web terminal and terminal updates as on SQLite; unknown API paths answer 404 there as well.
    if (options.updatesDir !== undefined) await installUpdateFiles(app, options.updatesDir);
    await installStaticSite(app, options.staticDir);
  } catch (error) {
    await app.close();
    await closeStores();
    throw error;
  }
  let closing: Promise<void> | undefined;
  return {
    app,
    enrollmentCode: secrets.enrollmentCode,
    adminToken: secrets.adminToken,
    secretsFile: secrets.file,
    storage,
    board: boardFeed,
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
