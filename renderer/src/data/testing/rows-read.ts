import type { DBCoreCursor, Dexie } from 'dexie';

/**
 * Counts, per table, the rows `db` hands to the code above it from now on (queries, gets, cursor steps), so a
 * test can prove that a read stays bounded by what it needs instead of timing it. Counts never shrink.
 * Dexie applies a middleware when the database opens, so this closes and reopens `db`.
 */
export async function countRowsRead(db: Dexie): Promise<ReadonlyMap<string, number>> {
  const rowsRead = new Map<string, number>();
  const add = (table: string, rows: number) => rowsRead.set(table, (rowsRead.get(table) ?? 0) + rows);
  db.use({
    stack: 'dbcore',
    name: 'count-rows-read',
    create: (down) => ({
      ...down,
      table(name) {
        const table = down.table(name);
        return {
          ...table,
          async get(request) {
            const row: unknown = await table.get(request);
            if (row !== undefined) add(name, 1);
            return row;
          },
          async getMany(request) {
            const rows = await table.getMany(request);
            add(name, rows.filter((row) => row !== undefined).length);
            return rows;
          },
          async query(request) {
            const response = await table.query(request);
            add(name, response.result.length);
            return response;
          },
          async openCursor(request) {
            const cursor = await table.openCursor(request);
            if (!cursor) return cursor;
            return Object.create(cursor, {
              start: {
                value: (onNext: () => void) =>
                  cursor.start(() => {
                    add(name, 1);
                    onNext();
                  }),
              },
            }) as DBCoreCursor;
          },
        };
      },
    }),
  });
  db.close({ disableAutoOpen: false });
  await db.open();
  return rowsRead;
}
