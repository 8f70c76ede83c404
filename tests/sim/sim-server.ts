import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createServer } from '../../server/src/app';
import { sqliteHoldings, type ServerHoldingsReader } from './server-holdings';

// The real central server, in-process, reached through fastify's inject. "Crashing" it closes the
// server and its database; a new server is then started on the same data (sim-server-pg.ts for PostgreSQL).

export const SIM_ENROLLMENT_CODE = 'SIM-ENROLL-CODE';
export const SIM_ADMIN_TOKEN = 'sim-admin-token-0123456789abcdef0123';

let templateDir: Promise<string> | undefined;

/** tmpfs when there is one: the server fsyncs every commit (synchronous=FULL), which a simulation does not need. */
export const scratchRoot = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();

/** Seeding the demo plant hashes PINs (slow), so it happens once per process; each run copies the result. */
function demoTemplate(): Promise<string> {
  templateDir ??= (async () => {
    const dir = mkdtempSync(join(scratchRoot, 'takt-sim-template-'));
    const server = await createServer({
      dataDir: dir,
      enrollmentCode: SIM_ENROLLMENT_CODE,
      adminToken: SIM_ADMIN_TOKEN,
      demo: true,
    });
    await server.close();
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    return dir;
  })();
  return templateDir;
}

export interface SimServer {
  readonly restarts: number;
  /** A fetch that goes to the current server via inject; throws like fetch when the server is down. */
  fetch: typeof fetch;
  /** What the current server holds, read from its store. */
  readHoldings: ServerHoldingsReader;
  crash(): Promise<void>;
  /** Makes the next push that contains `bookingId` fail inside its transaction (before commit). */
  failInsideTransactionAt(bookingId: string): Promise<void>;
  dispose(): Promise<void>;
}

/** Starts one run's server on a clock the simulation drives; each store has one (SQLite is the default). */
export type SimServerFactory = (now: () => number) => Promise<SimServer>;

/** Booking ids are UUIDs: anything else is dropped before an id goes into a trigger's SQL. */
export const sqlSafeBookingId = (bookingId: string): string => bookingId.replace(/[^0-9a-f-]/g, '');

/** fetch on top of fastify's inject, for whichever server `app` returns at the moment of the call. */
export function injectFetch(app: () => FastifyInstance): typeof fetch {
  const simFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(String(input));
    const headers = Object.fromEntries(new Headers(init?.headers).entries());
    const response = await app().inject({
      method: (init?.method ?? 'GET') as 'GET' | 'POST',
      url: url.pathname + url.search,
      headers,
      ...(typeof init?.body === 'string' ? { payload: init.body } : {}),
    });
    return new Response(response.body, {
      status: response.statusCode,
      headers: { 'content-type': String(response.headers['content-type'] ?? 'application/json') },
    });
  };
  return simFetch as typeof fetch;
}

export const startSqliteSimServer: SimServerFactory = async (now) => {
  const dataDir = mkdtempSync(join(scratchRoot, 'takt-sim-'));
  cpSync(await demoTemplate(), dataDir, { recursive: true });
  const start = () => createServer({ dataDir, enrollmentCode: SIM_ENROLLMENT_CODE, adminToken: SIM_ADMIN_TOKEN, now });
  let server = await start();
  let restarts = 0;

  return {
    get restarts() {
      return restarts;
    },
    fetch: injectFetch(() => server.app),
    readHoldings: sqliteHoldings(() => server.db),
    async crash() {
      await server.close(); // an uncommitted SQLite transaction dies with the connection
      server = await start();
      restarts++;
    },
    async failInsideTransactionAt(bookingId) {
      // A temp trigger lives only in this connection, like a crash it disappears with the restart.
      server.db.exec(
        `CREATE TEMP TRIGGER IF NOT EXISTS sim_crash_mid_batch BEFORE INSERT ON main.bookings WHEN NEW.id = '${sqlSafeBookingId(bookingId)}'
         BEGIN SELECT RAISE(ABORT, 'simulated crash inside the push transaction'); END;`,
      );
    },
    async dispose() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
};
