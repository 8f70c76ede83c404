import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server';
import { IMPORT_CHUNK_ROWS } from './import';
import { createMasterDataStore } from './store';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer({ demo: false });
});
afterEach(async () => {
  await server.dispose();
});

const ROWS = IMPORT_CHUNK_ROWS * 8;
const order = (index: number) => ({
  id: `FA${String(index).padStart(7, '0')}`,
  number: `FA${String(index).padStart(7, '0')}`,
  material: 'WEL-4711',
  materialText: 'Antriebswelle',
  quantity: 100,
  unit: 'Stk',
  dueDate: '2026-03-01',
  status: 'released',
});

/** Counts event-loop turns while `work` runs: a blocking import lets almost none through. */
async function turnsDuring<T>(work: Promise<T>): Promise<{ result: T; turns: number }> {
  let turns = 0;
  let running = true;
  const tick = () => {
    if (!running) return;
    turns += 1;
    setImmediate(tick);
  };
  setImmediate(tick);
  const result = await work;
  running = false;
  return { result, turns };
}

describe('large imports', () => {
  it('give the event loop a turn between slices of rows, and still import everything', async () => {
    const { result, turns } = await turnsDuring(
      server.admin('POST', '/api/v1/admin/import', { orders: Array.from({ length: ROWS }, (_, i) => order(i)) }),
    );
    expect(result.statusCode).toBe(200);
    expect(turns).toBeGreaterThanOrEqual(ROWS / IMPORT_CHUNK_ROWS - 1);
    expect(server.countRows().master_records).toBe(ROWS);
  });

  it('CSV files too', async () => {
    const header = 'id,number,material,materialText,quantity,unit,dueDate,status';
    const lines = Array.from({ length: ROWS }, (_, i) => {
      const row = order(i);
      return [row.id, row.number, row.material, row.materialText, row.quantity, row.unit, row.dueDate, row.status].join(
        ',',
      );
    });
    const { result, turns } = await turnsDuring(
      server.admin('POST', '/api/v1/admin/import?dataset=orders', [header, ...lines].join('\n'), {
        'content-type': 'text/csv',
      }),
    );
    expect(result.statusCode).toBe(200);
    // The CSV rows are built in slices, then validated in slices.
    expect(turns).toBeGreaterThanOrEqual(2 * (ROWS / IMPORT_CHUNK_ROWS - 1));
    expect(server.countRows().master_records).toBe(ROWS);
  });

  it('stay atomic across slices: one bad row in the last slice imports nothing', async () => {
    const orders: unknown[] = Array.from({ length: ROWS }, (_, i) => order(i));
    orders[ROWS - 1] = { ...order(ROWS - 1), dueDate: 'tomorrow' };
    const response = await server.admin('POST', '/api/v1/admin/import', { orders });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ error: { details: [expect.stringMatching(`^orders\\[${ROWS - 1}\\]`)] } });
    expect(server.countRows().master_records).toBe(0);
  });

  it('a re-import moves the pull cursor by exactly the rows that changed', async () => {
    const orders = Array.from({ length: IMPORT_CHUNK_ROWS * 2 }, (_, i) => order(i));
    expect((await server.admin('POST', '/api/v1/admin/import', { orders })).statusCode).toBe(200);
    const store = createMasterDataStore(server.db, Date.now);
    const before = store.pull('orders', undefined, orders.length + 1);
    expect(before?.changes).toHaveLength(orders.length);

    orders[7] = { ...order(7), quantity: 250 };
    const again = await server.admin('POST', '/api/v1/admin/import', { orders, delete: { orders: [order(9).id] } });
    expect(again.json()).toMatchObject({
      datasets: { orders: { received: orders.length, written: 1, unchanged: orders.length - 1, deleted: 1 } },
    });
    const after = store.pull('orders', before?.cursor, 10);
    expect(after?.changes).toEqual([
      { key: order(7).id, op: 'put', value: expect.objectContaining({ quantity: 250 }) },
      { key: order(9).id, op: 'delete' },
    ]);
    // The counter ends at the last seq handed out: the next write sorts after both, a cursor is not "ahead".
    store.transaction(() => store.put('orders', order(8).id, { ...order(8), quantity: 1 }));
    expect(store.pull('orders', after?.cursor, 10)?.changes.map((change) => change.key)).toEqual([order(8).id]);
    expect(store.pull('orders', after?.cursor, 10)?.reset).toBeUndefined();
  });
});
