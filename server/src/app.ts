import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { DATASET_NAMES } from '../../shared/master-data';
import { createAlertSink } from './alerts/alerts';
import { createBookingIngest } from './bookings/ingest';
import { loadSecrets } from './config/secrets';
import { openDatabase, type Db } from './db/database';
import { installErrorHandling, sendApiError } from './http/api-error';
import { installOversizedBodyDrain } from './http/oversized-body';
import { installSecurityHeaders } from './http/security-headers';
import { installStaticSite } from './http/static-site';
import { createMasterDataStore } from './master-data/store';
import { registerAdminRoutes } from './routes/admin';
import { registerEnrollRoutes } from './routes/enroll';
import { registerHealthRoutes } from './routes/health';
import type { RouteContext } from './routes/route-context';
import { registerSyncRoutes } from './routes/sync';
import { seedDemoPlant } from './seed/demo-plant';
import { createTerminalRegistry } from './terminals/terminal-registry';

export const DATABASE_FILE_NAME = 'takt.sqlite';
/** A full push of 500 bookings is about 250 KB; 2 MB leaves room without inviting abuse. */
export const BODY_LIMIT = 2 * 1024 * 1024;

export interface ServerOptions {
  /** Folder for the database and the secrets file; created when missing. */
  dataDir: string;
  /** Wins over the stored one and is not persisted (main passes TAKT_ENROLLMENT_CODE). */
  enrollmentCode?: string;
  /** Wins over the stored one and is not persisted (main passes TAKT_ADMIN_TOKEN). */
  adminToken?: string;
  /** Built renderer to serve at `/`; without it `/` answers 503. */
  staticDir?: string;
  /** Passed to Fastify (pino); off by default so tests stay quiet. */
  logger?: boolean | object;
  /** Seed the demo plant when the master data is empty. */
  demo?: boolean;
  /** Server clock (serverTime, receivedAt, alerts); a simulation can pass a virtual one. */
  now?: () => number;
}

export interface TaktServer {
  app: FastifyInstance;
  enrollmentCode: string;
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
  mkdirSync(options.dataDir, { recursive: true });
  const secrets = loadSecrets(options.dataDir, {
    ...(options.enrollmentCode === undefined ? {} : { enrollmentCode: options.enrollmentCode }),
    ...(options.adminToken === undefined ? {} : { adminToken: options.adminToken }),
  });
  const db = openDatabase(join(options.dataDir, DATABASE_FILE_NAME), now);
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: BODY_LIMIT,
    return503OnClosing: true,
    // A URL the router cannot even decode never reaches the error handler; give it the same error shape.
    frameworkErrors: (error, _request, reply) =>
      sendApiError(reply, 400, 'invalid-request', error.message.slice(0, 300)),
  });
  try {
    const store = createMasterDataStore(db, now);
    if (options.demo && DATASET_NAMES.every((name) => store.countLive(name) === 0)) {
      const summary = await seedDemoPlant(db, { now });
      app.log.info({ seed: summary }, 'demo plant seeded');
    }
    const raiseAlert = createAlertSink(db, app.log, now);
    const bookings = createBookingIngest(db, { store, raiseAlert, now });
    // Runs after the HTTP server has let its in-flight requests finish (fastify closes idle connections only).
    app.addHook('onClose', async () => {
      bookings.flushPending();
      db.close();
    });
    const ctx: RouteContext = {
      db,
      store,
      terminals: createTerminalRegistry(db, now),
      bookings,
      enrollmentCode: secrets.enrollmentCode,
      adminToken: secrets.adminToken,
      now,
    };

    app.decorateRequest('terminal', null);
    installErrorHandling(app);
    installSecurityHeaders(app);
    installOversizedBodyDrain(app);
    // Bodies are JSON (and CSV for the import); Fastify's built-in text/plain parser would turn a push sent as
    // text into a 400 about the envelope instead of the 415 the protocol promises.
    app.removeContentTypeParser('text/plain');
    app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_request, body, done) => done(null, body));
    registerHealthRoutes(app, ctx);
    registerEnrollRoutes(app, ctx);
    registerSyncRoutes(app, ctx);
    await registerAdminRoutes(app, ctx);
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
