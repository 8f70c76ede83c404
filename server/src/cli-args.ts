import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

export interface CliOptions {
  port: number;
  host: string;
  dataDir: string;
  staticDir: string;
  demo: boolean;
  /** Create an empty database although secrets from an earlier start exist. */
  init: boolean;
  /** PEM files for HTTPS; both or neither. */
  tls?: { certFile: string; keyFile: string };
  /** Behind a reverse proxy: `true`, or the proxy addresses/CIDRs to believe for X-Forwarded-*. */
  trustProxy?: boolean | string;
  /** The board shows a station offline after its terminals were silent this many milliseconds. */
  boardOfflineAfterMs?: number;
  /** Folder of terminal update files (electron-builder output) served at /updates/. */
  updatesDir?: string;
  /** postgres:// URL of a PostgreSQL database; without it the server uses SQLite in the data folder. */
  databaseUrl?: string;
  /** The plant a PostgreSQL instance serves or a move fills (default "default"). */
  plantId?: string;
  /** PostgreSQL connections this instance keeps at most (default 10). */
  poolSize?: number;
}

/**
 * `serve` (the default) runs the server; `migrate` brings the store's schema up to date and stops;
 * `move-to-postgres` copies the SQLite data folder's plant into PostgreSQL, verifies it and stops.
 */
export type CliCommand = 'serve' | 'migrate' | 'move-to-postgres';
const COMMANDS: readonly string[] = ['serve', 'migrate', 'move-to-postgres'] satisfies CliCommand[];

export type CliParse =
  { ok: true; command: CliCommand; options: CliOptions } | { ok: false; message: string } | { ok: 'help' };

export const DEFAULT_PORT = 8080;
export const DEFAULT_HOST = '127.0.0.1';
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** What the PostgreSQL store serves (storage/pg/pg-server.ts). */
export const PG_PORTED_SUMMARY = 'the whole API, the web terminal and terminal updates';

export const USAGE = `Usage: tsx server/src/main.ts [migrate | move-to-postgres] [options]
  migrate         bring the database schema up to date (--data or --database) and stop; the server also does
                  this at every start, so "migrate" is for doing it once before several instances start
  move-to-postgres  copy the SQLite data in --data into the plant --plant of --database, verify counts and
                  hashes per table, and stop; a second run changes nothing (see docs/postgresql.md)
  --port <n>      port to listen on (default ${DEFAULT_PORT}; 0 picks a free one)
  --host <addr>   address to bind (default ${DEFAULT_HOST}; 0.0.0.0 lets tablets in)
  --data <dir>    data folder for the database and secrets (default ./data)
  --static <dir>  built renderer to serve at / (default out/renderer in the repository)
  --demo          seed the demo plant "Werk Nord" when the database is empty
  --init          create an empty database although the data folder holds secrets from an earlier start
                  (otherwise a missing database is an error: restore it from a backup)
  --tls-cert <f>  serve HTTPS with this certificate (PEM, chain first); needs --tls-key
  --tls-key <f>   the certificate's private key (PEM)
  --trust-proxy <v>  behind a reverse proxy that terminates TLS: "true", or the proxy's address/CIDR list
                  (comma-separated) whose X-Forwarded-For/-Proto headers are believed
  --offline-after <s>  the board shows a station offline when its terminal was silent this many seconds
                  (default 120)
  --updates <dir> serve terminal updates (latest*.yml and installers from "npm run dist") at /updates/
  --database <url>  store in PostgreSQL (postgres://user:password@host:port/database) instead of SQLite in
                  the data folder (${PG_PORTED_SUMMARY}; not --demo or --init)
  --plant <id>    with --database: the plant this instance serves or the move fills (default "default")
  --pool-size <n> with --database: connections this instance keeps at most (default 10); all instances
                  together about 2 to 4 per core of the database machine
  --help          show this text
Environment: TAKT_ENROLLMENT_CODE, TAKT_ADMIN_TOKEN override the generated secrets; TAKT_DATABASE_URL stands
for --database.`;

/**
 * Options the PostgreSQL store cannot honour yet, as the message that refuses them; undefined when the
 * combination is fine. Pure, so main only prints it.
 */
export function postgresRefusal(options: CliOptions): string | undefined {
  if (options.databaseUrl === undefined) return undefined;
  const unported = [...(options.demo ? ['--demo (seeding the demo plant)'] : []), ...(options.init ? ['--init'] : [])];
  if (unported.length === 0) return undefined;
  return `the PostgreSQL store does not support ${unported.join(', ')} yet; it serves ${PG_PORTED_SUMMARY} (the demo plant needs the SQLite store: start without --database)`;
}

const DATABASE_URL = /^postgres(ql)?:\/\/\S+$/;
const PLANT_ID = /^[A-Za-z0-9_-]{1,64}$/;

function isCliCommand(value: string): value is CliCommand {
  return COMMANDS.includes(value);
}

/** Pure: argv in, options or a message out, so main stays a thin shell. */
export function parseCliArgs(
  argv: string[],
  cwd: string = process.cwd(),
  env: { TAKT_DATABASE_URL?: string | undefined } = {},
): CliParse {
  let values;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        data: { type: 'string' },
        static: { type: 'string' },
        demo: { type: 'boolean' },
        init: { type: 'boolean' },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
        'trust-proxy': { type: 'string' },
        'offline-after': { type: 'string' },
        updates: { type: 'string' },
        database: { type: 'string' },
        plant: { type: 'string' },
        'pool-size': { type: 'string' },
        help: { type: 'boolean' },
      },
    }));
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  if (values.help) return { ok: 'help' };
  const [command = 'serve', ...extra] = positionals;
  if (!isCliCommand(command) || extra.length > 0) {
    return {
      ok: false,
      message: `unknown command "${positionals.join(' ')}" (the commands are "migrate" and "move-to-postgres")`,
    };
  }
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!/^\d{1,5}$/.test(values.port ?? String(DEFAULT_PORT)) || port > 65_535) {
    return { ok: false, message: `--port must be a number from 0 to 65535 (got "${values.port}")` };
  }
  const host = values.host ?? DEFAULT_HOST;
  if (host.trim() === '') return { ok: false, message: '--host must not be empty' };
  const certFile = values['tls-cert'];
  const keyFile = values['tls-key'];
  if ((certFile === undefined) !== (keyFile === undefined)) {
    return { ok: false, message: '--tls-cert and --tls-key go together' };
  }
  const trustProxy = values['trust-proxy'];
  if (trustProxy !== undefined && trustProxy.trim() === '') {
    return { ok: false, message: '--trust-proxy must be "true" or proxy addresses' };
  }
  const offlineAfter = values['offline-after'];
  if (offlineAfter !== undefined && (!/^\d{1,6}$/.test(offlineAfter) || Number(offlineAfter) < 1)) {
    return { ok: false, message: `--offline-after must be a number of seconds from 1 (got "${offlineAfter}")` };
  }
  const fromEnv = env.TAKT_DATABASE_URL?.trim();
  const databaseUrl = values.database ?? (fromEnv === '' ? undefined : fromEnv);
  if (databaseUrl !== undefined && !DATABASE_URL.test(databaseUrl)) {
    const source = values.database === undefined ? 'TAKT_DATABASE_URL' : '--database';
    return { ok: false, message: `${source} must be a postgres:// URL (leave it out for SQLite in the data folder)` };
  }
  if (command === 'move-to-postgres' && databaseUrl === undefined) {
    return {
      ok: false,
      message: 'move-to-postgres needs --database postgres://... (the target) and --data (the source)',
    };
  }
  const plantId = values.plant;
  if (plantId !== undefined && !PLANT_ID.test(plantId)) {
    return { ok: false, message: `--plant must be 1 to 64 letters, digits, "-" or "_" (got "${plantId}")` };
  }
  if (plantId !== undefined && databaseUrl === undefined) {
    return { ok: false, message: '--plant needs --database: the SQLite store holds one plant per data folder' };
  }
  const poolSize = values['pool-size'];
  if (poolSize !== undefined && (!/^\d{1,3}$/.test(poolSize) || Number(poolSize) < 1)) {
    return { ok: false, message: `--pool-size must be a number of connections from 1 to 999 (got "${poolSize}")` };
  }
  if (poolSize !== undefined && databaseUrl === undefined) {
    return { ok: false, message: '--pool-size needs --database: SQLite has no connection pool' };
  }
  return {
    ok: true,
    command,
    options: {
      port,
      host,
      dataDir: resolve(cwd, values.data ?? 'data'),
      staticDir: values.static === undefined ? resolve(REPO_ROOT, 'out/renderer') : resolve(cwd, values.static),
      demo: values.demo ?? false,
      init: values.init ?? false,
      ...(certFile !== undefined && keyFile !== undefined
        ? { tls: { certFile: resolve(cwd, certFile), keyFile: resolve(cwd, keyFile) } }
        : {}),
      ...(trustProxy === undefined ? {} : { trustProxy: trustProxy === 'true' ? true : trustProxy }),
      ...(offlineAfter === undefined ? {} : { boardOfflineAfterMs: Number(offlineAfter) * 1_000 }),
      ...(values.updates === undefined ? {} : { updatesDir: resolve(cwd, values.updates) }),
      ...(databaseUrl === undefined ? {} : { databaseUrl }),
      ...(plantId === undefined ? {} : { plantId }),
      ...(poolSize === undefined ? {} : { poolSize: Number(poolSize) }),
    },
  };
}
