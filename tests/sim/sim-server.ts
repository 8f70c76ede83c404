import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type TaktServer } from '../../server/src/app';

// The real central server, in-process, reached through fastify's inject. "Crashing" it closes the
// server and its SQLite database; a new server is then started on the same data folder.

export const SIM_ENROLLMENT_CODE = 'SIM-ENROLL-CODE';
const SIM_ADMIN_TOKEN = 'sim-admin-token-0123456789abcdef0123';

let templateDir: Promise<string> | undefined;

/** tmpfs when there is one: the server fsyncs every commit (synchronous=FULL), which a simulation does not need. */
const scratchRoot = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();

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
  readonly current: TaktServer;
  readonly restarts: number;
  /** A fetch that goes to the current server via inject; throws like fetch when the server is down. */
  fetch: typeof fetch;
  crash(): Promise<void>;
  /** Makes the next push that contains `bookingId` fail inside its transaction (before commit). */
  failInsideTransactionAt(bookingId: string): void;
  dispose(): Promise<void>;
}

export async function startSimServer(now: () => number): Promise<SimServer> {
  const dataDir = mkdtempSync(join(scratchRoot, 'takt-sim-'));
  cpSync(await demoTemplate(), dataDir, { recursive: true });
  const start = () => createServer({ dataDir, enrollmentCode: SIM_ENROLLMENT_CODE, adminToken: SIM_ADMIN_TOKEN, now });
  let server = await start();
  let restarts = 0;

  const simFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(String(input));
    const headers = Object.fromEntries(new Headers(init?.headers).entries());
    const response = await server.app.inject({
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

  return {
    get current() {
      return server;
    },
    get restarts() {
      return restarts;
    },
    fetch: simFetch as typeof fetch,
    async crash() {
      await server.close(); // an uncommitted SQLite transaction dies with the connection
      server = await start();
      restarts++;
    },
    failInsideTransactionAt(bookingId) {
      // A temp trigger lives only in this connection, like a crash it disappears with the restart.
      const safeId = bookingId.replace(/[^0-9a-f-]/g, '');
      server.db.exec(
        `CREATE TEMP TRIGGER IF NOT EXISTS sim_crash_mid_batch BEFORE INSERT ON main.bookings WHEN NEW.id = '${safeId}'
         BEGIN SELECT RAISE(ABORT, 'simulated crash inside the push transaction'); END;`,
      );
    },
    async dispose() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
