import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type pg from 'pg';
import { canonicalValue, withPlantServerTerminal, type MoveContext, type MovedTable, type Row } from './moved-tables';

/** A table's rows summed up for comparison: how many, and the SHA-256 over their canonical lines in order. */
export interface TableDigest {
  rows: number;
  hash: string;
}

/** Takes rows one by one in canonical order, so neither side holds a whole table in memory. */
function startDigest(table: MovedTable) {
  const hash = createHash('sha256');
  let count = 0;
  return {
    add(row: Row) {
      hash.update(`${JSON.stringify(table.columns.map((column) => canonicalValue(row[column.name], column.kind)))}\n`);
      count += 1;
    },
    finish: (): TableDigest => ({ rows: count, hash: hash.digest('hex') }),
  };
}

/** SQLite rows in canonical order as PostgreSQL will hold them (derived columns, the plant's server terminal). */
export function* sqliteRows(db: Database, table: MovedTable, context: MoveContext): Generator<Row> {
  const rows = (function* () {
    for (const stored of db.prepare(table.sqliteSelect).iterate() as IterableIterator<Row>) {
      const row = withPlantServerTerminal(stored, context.plantId);
      yield table.derive ? table.derive(row, context) : row;
    }
  })();
  const sortBy = table.sortByDerived;
  if (sortBy === undefined) return yield* rows;
  // Only small tables re-sort (review decisions); byte order, as PostgreSQL's "C" collation.
  const bytes = (row: Row) => Buffer.from(String(row[sortBy]), 'utf8');
  yield* [...rows].sort((a, b) => Buffer.compare(bytes(a), bytes(b)));
}

export function sqliteDigest(db: Database, table: MovedTable, context: MoveContext): TableDigest {
  const digest = startDigest(table);
  for (const row of sqliteRows(db, table, context)) digest.add(row);
  return digest.finish();
}

const FETCH_ROWS = 5_000;

/** Inside the caller's transaction: a cursor pages through the rows, so a large plant is not held in memory. */
export async function pgDigest(client: pg.PoolClient, table: MovedTable, plantId: string): Promise<TableDigest> {
  const columns = table.columns.map((column) => column.name).join(', ');
  await client.query(
    `DECLARE move_digest NO SCROLL CURSOR FOR
       SELECT ${columns} FROM ${table.table} WHERE plant_id = $1 ORDER BY ${table.pgOrderBy}`,
    [plantId],
  );
  try {
    const digest = startDigest(table);
    for (;;) {
      const page = await client.query<Row>(`FETCH ${FETCH_ROWS} FROM move_digest`);
      for (const row of page.rows) digest.add(row);
      if (page.rows.length < FETCH_ROWS) return digest.finish();
    }
  } finally {
    await client.query('CLOSE move_digest');
  }
}
