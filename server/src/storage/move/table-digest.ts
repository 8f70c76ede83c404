import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type pg from 'pg';
import { canonicalValue, type MovedTable, type Row } from './moved-tables';

/** A table's rows summed up for comparison: how many, and the SHA-256 over their canonical lines in order. */
export interface TableDigest {
  rows: number;
  hash: string;
}

function digestRows(table: MovedTable, rows: Iterable<Row>): TableDigest {
  const hash = createHash('sha256');
  let count = 0;
  for (const row of rows) {
    hash.update(`${JSON.stringify(table.columns.map((column) => canonicalValue(row[column.name], column.kind)))}\n`);
    count += 1;
  }
  return { rows: count, hash: hash.digest('hex') };
}

/** SQLite rows in canonical order with their derived columns. */
export function* sqliteRows(db: Database, table: MovedTable): Generator<Row> {
  for (const row of db.prepare(table.sqliteSelect).iterate() as IterableIterator<Row>) {
    yield table.derive ? table.derive(row) : row;
  }
}

export function sqliteDigest(db: Database, table: MovedTable): TableDigest {
  return digestRows(table, sqliteRows(db, table));
}

export async function pgDigest(client: pg.PoolClient, table: MovedTable, plantId: string): Promise<TableDigest> {
  const columns = table.columns.map((column) => column.name).join(', ');
  const result = await client.query<Row>(
    `SELECT ${columns} FROM ${table.table} WHERE plant_id = $1 ORDER BY ${table.pgOrderBy}`,
    [plantId],
  );
  return digestRows(table, result.rows);
}
