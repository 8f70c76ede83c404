import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { DATABASE_FILE_NAME } from '../../app';
import { LATEST_SCHEMA_VERSION, schemaVersion } from '../../db/migrations';
import { migratePg } from '../pg/pg-migrations';
import { MOVED_TABLES, SQLITE_INTERNAL_TABLES, type MoveContext, type MovedTable, type Row } from './moved-tables';
import { pgDigest, sqliteDigest, sqliteRows, type TableDigest } from './table-digest';

export interface MoveOptions {
  /** The SQLite data folder (holds takt.sqlite). */
  dataDir: string;
  databaseUrl: string;
  plantId: string;
  now?: () => number;
}

export interface TableCheck {
  table: string;
  sqlite: TableDigest;
  postgres: TableDigest;
  isOk: boolean;
}

export interface MoveReport {
  /** copied: the plant was empty and now holds the data; unchanged: it held exactly this data already. */
  outcome: 'copied' | 'unchanged';
  plantId: string;
  tables: TableCheck[];
  /** SQLite tables PostgreSQL does not have yet, with their row counts. */
  notMoved: Array<{ table: string; rows: number }>;
  /** Terminals with a rotated token not yet used: moved as pending, the first use makes it current. */
  pendingTokenTerminals: number;
}

/** The move found the plant holding other data, or the copy did not verify: nothing was written. */
export class MoveRefusedError extends Error {
  constructor(
    message: string,
    readonly tables: TableCheck[],
  ) {
    super(message);
  }
}

const BATCH_ROWS = 1_000;
/** Tables PostgreSQL fills when a server opens a plant, before any data: an empty plant may have them. */
const BOOTSTRAP_TABLES = new Set(['master_datasets', 'master_counters']);

/**
 * Copies a plant's SQLite data into PostgreSQL in ONE transaction, then compares counts and hashes of every
 * table before committing: a failed or interrupted move leaves the plant as it was, so running it again is
 * always safe, and a plant never holds half a move (which a later run could not tell from other data).
 */
export async function moveToPostgres(options: MoveOptions): Promise<MoveReport> {
  const now = options.now ?? Date.now;
  const sqlite = openSqliteReadOnly(options.dataDir);
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 1 });
  pool.on('error', () => undefined);
  try {
    await migratePg(pool, now);
    // One read transaction: the digests and the copy see the same snapshot of the SQLite file.
    sqlite.exec('BEGIN');
    const client = await pool.connect();
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
      // Moves into one plant take turns; a second one then sees the first one's rows and reports "unchanged".
      await client.query("SELECT pg_advisory_xact_lock(hashtext('takt-move:' || $1))", [options.plantId]);
      const before = await compare(sqlite, client, options.plantId);
      const base = {
        plantId: options.plantId,
        notMoved: sqliteOnlyTables(sqlite),
        pendingTokenTerminals: sqlite
          .prepare('SELECT COUNT(*) FROM terminals WHERE pending_token_hash IS NOT NULL')
          .pluck()
          .get() as number,
      };
      if (before.every((check) => check.isOk)) {
        await client.query('ROLLBACK');
        return { ...base, outcome: 'unchanged', tables: before };
      }
      if (!isEmptyPlant(before)) {
        const differing = before.filter((check) => !check.isOk).map((check) => check.table);
        throw new MoveRefusedError(
          `plant "${options.plantId}" in PostgreSQL already holds different data (${differing.join(', ')}); nothing was written. Move into a new plant (--plant) or an empty database.`,
          before,
        );
      }
      await client.query('INSERT INTO plants (id, created_at) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
        options.plantId,
        now(),
      ]);
      // A server may have opened the plant already: its empty datasets give way to the SQLite ones.
      await client.query('DELETE FROM master_datasets WHERE plant_id = $1', [options.plantId]);
      await client.query('DELETE FROM master_counters WHERE plant_id = $1', [options.plantId]);
      const noRowsYet = { plantId: options.plantId, quarantineRowIds: new Map(), rejectedRowIds: new Map() };
      for (const table of MOVED_TABLES) {
        // Review decisions name quarantined and rejected rows, copied (and numbered) before them.
        const context =
          table.sortByDerived === undefined ? noRowsYet : await moveContext(sqlite, client, options.plantId);
        await copyTable(sqlite, client, table, context);
      }
      const after = await compare(sqlite, client, options.plantId);
      if (!after.every((check) => check.isOk)) {
        throw new MoveRefusedError('the copy does not match the SQLite data; nothing was written', after);
      }
      await client.query('COMMIT');
      // Planner statistics for what was just filled (and the progress rows its trigger wrote): until autovacuum
      // gets to it, a plan made for empty tables reads a terminal's slots through the wrong index.
      const filled = [...new Set(MOVED_TABLES.map((table) => table.table)), 'operation_progress'];
      await client.query(`ANALYZE ${filled.join(', ')}`);
      return { ...base, outcome: 'copied', tables: after };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
      sqlite.exec('ROLLBACK');
    }
  } finally {
    sqlite.close();
    await pool.end();
  }
}

/** Counts and hashes of every moved table on both sides, without writing anything. */
export async function verifyMove(options: Omit<MoveOptions, 'now'>): Promise<TableCheck[]> {
  const sqlite = openSqliteReadOnly(options.dataDir);
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 1 });
  pool.on('error', () => undefined);
  try {
    sqlite.exec('BEGIN');
    const client = await pool.connect();
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      return await compare(sqlite, client, options.plantId);
    } finally {
      await client.query('ROLLBACK').catch(() => undefined);
      client.release();
      sqlite.exec('ROLLBACK');
    }
  } finally {
    sqlite.close();
    await pool.end();
  }
}

function openSqliteReadOnly(dataDir: string): Database.Database {
  const file = join(dataDir, DATABASE_FILE_NAME);
  if (!existsSync(file)) throw new Error(`there is no database at ${file}: check --data`);
  const db = new Database(file, { readonly: true, fileMustExist: true });
  const version = schemaVersion(db);
  if (version !== LATEST_SCHEMA_VERSION) {
    db.close();
    throw new Error(
      `the SQLite database is at schema version ${version}, this server expects ${LATEST_SCHEMA_VERSION}: run "migrate --data ${dataDir}" with this version first`,
    );
  }
  return db;
}

/** Pairs SQLite's row numbers with PostgreSQL's: both sides hold the rows in the same order once moved. */
async function moveContext(sqlite: Database.Database, client: pg.PoolClient, plantId: string): Promise<MoveContext> {
  const pair = async (table: string): Promise<Map<number, number>> => {
    const sqliteIds = sqlite.prepare(`SELECT rowid FROM ${table} ORDER BY rowid`).pluck().all() as number[];
    const pgIds = await client.query<{ row_id: string }>(
      `SELECT row_id FROM ${table} WHERE plant_id = $1 ORDER BY row_id`,
      [plantId],
    );
    if (pgIds.rows.length !== sqliteIds.length) return new Map();
    return new Map(sqliteIds.map((id, index) => [id, Number(pgIds.rows[index]!.row_id)]));
  };
  return {
    plantId,
    quarantineRowIds: await pair('quarantined_bookings'),
    rejectedRowIds: await pair('rejected_bookings'),
  };
}

async function compare(sqlite: Database.Database, client: pg.PoolClient, plantId: string): Promise<TableCheck[]> {
  const checks: TableCheck[] = [];
  const context = await moveContext(sqlite, client, plantId);
  for (const table of MOVED_TABLES) {
    const source = sqliteDigest(sqlite, table, context);
    const target = await pgDigest(client, table, plantId);
    checks.push({
      table: table.table,
      sqlite: source,
      postgres: target,
      isOk: source.rows === target.rows && source.hash === target.hash,
    });
  }
  return checks;
}

/** No plant data yet; the bootstrap rows a server writes when it opens a plant do not count. */
function isEmptyPlant(checks: readonly TableCheck[]): boolean {
  return (
    checks.every((check) => BOOTSTRAP_TABLES.has(check.table) || check.postgres.rows === 0) &&
    !checks.some((check) => check.table === 'master_records' && check.postgres.rows > 0)
  );
}

async function copyTable(sqlite: Database.Database, client: pg.PoolClient, table: MovedTable, context: MoveContext) {
  const { plantId } = context;
  const names = table.columns.map((column) => column.name);
  const arrayTypes = table.columns.map((column, index) => {
    const type = column.kind === 'int' ? 'bigint' : column.kind === 'bool' ? 'boolean' : 'text';
    return `$${index + 2}::${type}[]`;
  });
  // unnest keeps the batch's order (WITH ORDINALITY), so identity columns number the rows in SQLite's order.
  const insert = `INSERT INTO ${table.table} (plant_id, ${names.join(', ')})
    SELECT $1, ${names.map((name) => `u.${name}`).join(', ')}
      FROM unnest(${arrayTypes.join(', ')}) WITH ORDINALITY AS u(${names.join(', ')}, ord)
     ORDER BY u.ord`;
  let batch: Row[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const columns = table.columns.map((column) =>
      batch.map((row) => {
        const value = row[column.name] ?? null;
        return column.kind === 'bool' ? value === 1 || value === true : value;
      }),
    );
    await client.query(insert, [plantId, ...columns]);
    batch = [];
  };
  for (const row of sqliteRows(sqlite, table, context)) {
    batch.push(row);
    if (batch.length >= BATCH_ROWS) await flush();
  }
  await flush();
}

function sqliteOnlyTables(sqlite: Database.Database): Array<{ table: string; rows: number }> {
  const moved = new Set([...MOVED_TABLES.flatMap((table) => table.sqliteTables), ...SQLITE_INTERNAL_TABLES]);
  const names = sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .pluck()
    .all() as string[];
  return names
    .filter((name) => !moved.has(name))
    .map((name) => ({
      table: name,
      rows: sqlite
        .prepare(`SELECT COUNT(*) FROM "${name.replaceAll('"', '""')}"`)
        .pluck()
        .get() as number,
    }));
}
