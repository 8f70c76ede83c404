import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DATABASE_FILE_NAME } from './app';
import { openDatabase } from './db/database';
import { schemaVersion } from './db/migrations';

export interface MigrateOptions {
  dataDir: string;
  databaseUrl?: string;
  /** Create an empty SQLite database where none is (otherwise a missing file is an error). */
  init: boolean;
}

export interface MigrateResult {
  store: 'SQLite' | 'PostgreSQL';
  /** The file, or the URL without its password. */
  where: string;
  from: number;
  to: number;
}

/**
 * `takt-server migrate`: brings the store's schema up to date and stops, so an operator can migrate before
 * starting several instances (each instance would also migrate at start, one after the other).
 */
export async function migrateStore(options: MigrateOptions, now: () => number = Date.now): Promise<MigrateResult> {
  return options.databaseUrl === undefined
    ? migrateSqlite(options.dataDir, options.init, now)
    : migratePostgres(options.databaseUrl, now);
}

function migrateSqlite(dataDir: string, init: boolean, now: () => number): MigrateResult {
  const file = join(dataDir, DATABASE_FILE_NAME);
  if (!existsSync(file) && !init) {
    throw new Error(`there is no database at ${file}: check --data, or give --init to create an empty one`);
  }
  const from = existsSync(file) ? sqliteVersionOf(file) : 0;
  const db = openDatabase(file, now);
  try {
    return { store: 'SQLite', where: file, from, to: schemaVersion(db) };
  } finally {
    db.close();
  }
}

function sqliteVersionOf(file: string): number {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
    return table === undefined ? 0 : schemaVersion(db);
  } finally {
    db.close();
  }
}

async function migratePostgres(databaseUrl: string, now: () => number): Promise<MigrateResult> {
  // Loaded only when asked for, like the PostgreSQL server: SQLite installs need no driver.
  const { default: pg } = await import('pg');
  const { migratePg, pgSchemaVersion } = await import('./storage/pg/pg-migrations');
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  pool.on('error', () => undefined);
  try {
    const exists = await pool.query<{ table: string | null }>("SELECT to_regclass('schema_migrations') AS table");
    const from = exists.rows[0]?.table == null ? 0 : await pgSchemaVersion(pool);
    const to = await migratePg(pool, now);
    return { store: 'PostgreSQL', where: withoutPassword(databaseUrl), from, to };
  } finally {
    await pool.end();
  }
}

function withoutPassword(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    if (url.password !== '') url.password = '***';
    return url.toString();
  } catch {
    return 'postgres://…';
  }
}
