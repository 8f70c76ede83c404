import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { DATASET_NAMES } from '@shared/master-data';
import { createAlertSink } from './alerts/alerts';
import { createAuditLog } from './audit/audit-log';
import { installBoardReaders } from './board/board-auth';
import { createSqliteLineNoteRows, registerLineNoteRoutes } from './routes/line-notes';
import { createBoardFeed, sqliteBoardFeedPort } from './board/board-feed';
import { registerBoardRoutes } from './board/board-routes';
import { createSqliteHandoverRows } from './board/handover-rows';
import { registerHandoverRoutes } from './board/handover-routes';
import { registerStationDetailRoutes } from './board/station-detail';
import { createSqliteStationDetailRows } from './board/station-detail-rows';
import { createBookingIngest } from './bookings/ingest';
import { findWeakSecret } from './config/secret-strength';
import { loadSecrets, SECRETS_FILE_NAME } from './config/secrets';
import { openDatabase, type Db } from './db/database';
import { createEnrollmentCodes } from './enrollment/enrollment-codes';
import { createEnrollmentLockout } from './enrollment/enrollment-lockout';
import { createStorageHealth } from './health/storage-health';
import { installErrorHandling } from './http/api-error';
import { installOversizedBodyDrain } from './http/oversized-body';
import { installSecurityHeaders } from './http/security-headers';
import { installStaticSite } from './http/static-site';
import { createTaktFastify, DEFAULT_LIMITS, type ConnectionLimits } from './http/takt-fastify';
import { installViewerResolution, viewerOf } from './leads/board-viewer';
import { createLeadAccess, createSqliteLeadStores, sqliteMasterData } from './leads/lead-access';
import { installUpdateFiles } from './http/update-files';
import { fixedMasterData } from './master-data/master-data-source';
import { createMasterDataStore } from './master-data/store';
import { createSqliteKpiRows } from './kpi/kpi-rows';
import { registerAdminRoutes } from './routes/admin';
import { registerDemoRoutes } from './routes/demo';
import { registerEnrollRoutes } from './routes/enroll';
import { registerHealthRoutes } from './routes/health';
import { registerKpiRoutes } from './routes/kpi';
import type { RouteContext } from './routes/route-context';
import { registerLeadAuthRoutes } from './routes/lead-auth';
import { registerReviewRoutes } from './routes/review';
import { registerSyncRoutes } from './routes/sync';
import { createSqliteTokenRotation, registerTerminalRotateRoutes } from './routes/terminal-rotate';
import { createSqliteReviewStore } from './review/sqlite-review-store';
import { seedDemoPlant } from './seed/demo-plant';
import { createSqliteSyncStorage } from './storage/sqlite-sync-storage';
import { createTerminalRegistry } from './terminals/terminal-registry';

export const DATABASE_FILE_NAME = 'takt.sqlite';

export interface ServerOptions {
  /** Folder for the database and the secrets file; created when missing. */
  dataDir: string;
  /**
   * A plant-wide enrollment code for development, demos and tests (main passes TAKT_ENROLLMENT_CODE, only
   * with --demo); wins over the stored one and is not persisted. Without it and without `demo` there is no
   * plant-wide code: an admin creates limited codes with POST /api/v1/admin/enrollment-codes.
   */
  enrollmentCode?: string;
  /** Wins over the stored one and is not persisted (main passes TAKT_ADMIN_TOKEN). */
  adminToken?: string;
  /** Built renderer to serve at `/`; without it `/` answers 503. */
  staticDir?: string;
  /** Terminal update files served at `/updates/` (electron-updater's generic provider); none without it. */
  updatesDir?: string;
  /** Passed to Fastify (pino); off by default so tests stay quiet. */
  logger?: boolean | object;
  /** Seed the demo plant when the master data is empty, and keep a plant-wide enrollment code (stored or generated). */
  demo?: boolean;
  /** Server clock (serverTime, receivedAt, alerts); a simulation can pass a virtual one. */
  now?: () => number;
  /** Serve HTTPS with this certificate (PEM; the chain first) and key. */
  tls?: { cert: string; key: string };
  /**
   * Behind a reverse proxy that terminates TLS: which proxies to believe for the client address and
   * protocol (`X-Forwarded-*`). Off by default: a client must not be able to claim another address.
   */
  trustProxy?: boolean | string;
  /** Create an empty database even though secrets from an earlier start exist (`--init`). */
  init?: boolean;
  /** Slow or idle clients must not hold connections forever. */
  limits?: Partial<ConnectionLimits>;
  /** The board shows a station `offline` when its terminals were silent this long (default 2 minutes). */
  boardOfflineAfterMs?: number;
  /** How often the board's event stream sends a `heartbeat` event (default 15 s). */
  boardSseHeartbeatMs?: number;
}

export interface TaktServer {
  app: FastifyInstance;
  /** The plant-wide code of demo and development mode; undefined in production. */
  enrollmentCode: string | undefined;
  adminToken: string;
  /** Which secrets this start generated (and stored in `secretsFile`). */
  generatedSecrets: Array<'enrollmentCode' | 'adminToken'>;
  secretsFile: string;
  /** The open database, for tests and tools that inspect what was stored. */
  db: Db;
  /** Stops the HTTP server and closes the database; safe to call twice. */
  close(): Promise<void>;
}

export async function createServer(options: ServerOptions): Promise<TaktServer> {
  const now = options.now ?? Date.now;
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  chmodSync(options.dataDir, 0o700);
  const databaseFile = join(options.dataDir, DATABASE_FILE_NAME);
  if (!options.init && !existsSync(databaseFile) && existsSync(join(options.dataDir, SECRETS_FILE_NAME))) {
    // Secrets without a database: the file was moved or lost. A silent empty database would answer every
    // enrolled terminal 401 forever; restore the file, or start once with --init to begin anew.
    throw new Error(
      `the database ${databaseFile} is missing but ${SECRETS_FILE_NAME} from an earlier start is there: restore the database, or start with --init to create an empty one`,
    );
  }
  const secrets = loadSecrets(
    options.dataDir,
    {
      ...(options.enrollmentCode === undefined ? {} : { enrollmentCode: options.enrollmentCode }),
      ...(options.adminToken === undefined ? {} : { adminToken: options.adminToken }),
    },
    { withPlantCode: options.demo === true || options.enrollmentCode !== undefined },
  );
  // Configured secrets only: a stored code was generated by us (earlier versions made shorter ones).
  const weakness =
    findWeakSecret('adminToken', secrets.adminToken) ??
    (options.enrollmentCode === undefined ? undefined : findWeakSecret('enrollmentCode', options.enrollmentCode));
  if (weakness !== undefined) throw new Error(weakness);
  const db = openDatabase(databaseFile, now);
  const app = createTaktFastify({
    limits,
    ...(options.logger === undefined ? {} : { logger: options.logger }),
    ...(options.tls === undefined ? {} : { tls: options.tls }),
    ...(options.trustProxy === undefined ? {} : { trustProxy: options.trustProxy }),
  });
  const storageHealth = createStorageHealth({ db, dataDir: options.dataDir, now });
  try {
    const store = createMasterDataStore(db, now);
    if (options.demo && DATASET_NAMES.every((name) => store.countLive(name) === 0)) {
      const summary = await seedDemoPlant(db, { now });
      app.log.info({ seed: summary }, 'demo plant seeded');
    }
    const raiseAlert = createAlertSink(db, app.log, now);
    const board = createBoardFeed({
      db,
      store,
      now,
      ...(options.boardOfflineAfterMs === undefined ? {} : { offlineAfterMs: options.boardOfflineAfterMs }),
    });
    const bookings = createBookingIngest(db, {
      store,
      raiseAlert,
      now,
      onCommitted: (batch, outcome) => {
        // The push is stored and must be answered as such, whatever the board does with it.
        try {
          board.afterPush(batch, outcome);
        } catch (error) {
          app.log.error({ err: error, terminalId: batch.terminalId }, 'board update failed after a push');
        }
      },
    });
    // Runs after the HTTP server has let its in-flight requests finish (the connection tracker closes the rest).
    app.addHook('onClose', async () => {
      board.close();
      bookings.flushPending();
      db.close();
    });
    const terminals = createTerminalRegistry(db, now);
    const enrollmentCodes = createEnrollmentCodes(db, now);
    const enrollmentLockout = createEnrollmentLockout(db, now);
    const ctx: RouteContext = {
      db,
      store,
      terminals,
      bookings,
      enrollmentCode: secrets.enrollmentCode,
      enrollmentCodes,
      enrollmentLockout,
      adminToken: secrets.adminToken,
      storageHealth,
      now,
      sync: createSqliteSyncStorage({ db, store, terminals, bookings, enrollmentCodes, enrollmentLockout, now }),
    };

    app.decorateRequest('terminal', null);
    installErrorHandling(app, (code) => storageHealth.recordError(code));
    installSecurityHeaders(app);
    installOversizedBodyDrain(app);
    // Bodies are JSON (and CSV for the import); Fastify's built-in text/plain parser would turn a push sent as
    // text into a 400 about the envelope instead of the 415 the protocol promises.
    app.removeContentTypeParser('text/plain');
    app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_request, body, done) => done(null, body));
    const audit = createAuditLog(db, now);
    const masterData = sqliteMasterData(store);
    const leadAccess = createLeadAccess({
      stores: createSqliteLeadStores({ db, now, audit }),
      masterData,
      adminToken: secrets.adminToken,
    });
    installViewerResolution(app, leadAccess.resolveViewer);
    registerHealthRoutes(app, ctx);
    registerEnrollRoutes(app, ctx);
    registerSyncRoutes(app, ctx);
    installBoardReaders(app, { viewerOf, terminals: ctx.terminals });
    registerBoardRoutes(app, {
      board: sqliteBoardFeedPort(board),
      terminals: ctx.terminals,
      now,
      ...(options.boardSseHeartbeatMs === undefined ? {} : { sseHeartbeatMs: options.boardSseHeartbeatMs }),
    });
    // The board's drill-down, shifts and handovers (docs/board-api.md), with the plant's calendar.
    const plantTimeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const boardMasterData = fixedMasterData(store);
    const kpiRows = createSqliteKpiRows(db);
    const boardViews = { masterData: boardMasterData, defaultTimeZone: plantTimeZone, now };
    registerStationDetailRoutes(app, { ...boardViews, rows: createSqliteStationDetailRows(db) });
    registerHandoverRoutes(app, { ...boardViews, rows: createSqliteHandoverRows(db, store), kpiRows });
    await registerAdminRoutes(app, ctx);
    await registerKpiRoutes(app, { rows: kpiRows, masterData: boardMasterData, now });
    registerLeadAuthRoutes(app, secrets.adminToken, leadAccess);
    registerReviewRoutes(app, {
      store: createSqliteReviewStore({ db, ingest: bookings.ingest, audit }),
      masterData,
      now,
    });
    registerTerminalRotateRoutes(app, { sync: ctx.sync, rotation: createSqliteTokenRotation(db, terminals, audit) });
    registerDemoRoutes(app, { demo: options.demo === true, now });
    registerLineNoteRoutes(app, { rows: createSqliteLineNoteRows(db), masterData: boardMasterData, now });
    if (options.updatesDir !== undefined) await installUpdateFiles(app, options.updatesDir);
    await installStaticSite(app, options.staticDir);
  } catch (error) {
    await app.close();
    if (db.open) db.close();
    throw error;
  }

  let closing: Promise<void> | undefined;
  return {
    app,
    enrollmentCode: secrets.enrollmentCode,
    adminToken: secrets.adminToken,
    generatedSecrets: secrets.generated,
    secretsFile: secrets.file,
    db,
    close: () => (closing ??= app.close()),
  };
}
