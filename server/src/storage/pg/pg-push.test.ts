import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ONE_STATION_PLANT } from '../../testing/one-station-plant';
import { pgTestAvailability, startPgCluster, type PgCluster } from '../../testing/pg-cluster';
import { makeBooking } from '../../testing/test-server';
import { openPgSyncStorage, type PgSyncStorage } from './pg-sync-storage';
import { NEW_BOOKINGS_OF_TERMINALS } from './pg-board-feed';
import { QUANTITY_HISTORY_QUERY } from './pg-quantity-review';

// The rules of the one-call push (takt_push, migration 2) that the conformance suite does not reach through
// HTTP: repeats inside one push (more than one INSERT round in the function), and the instance's cache of the
// review's master data, which another instance's import must invalidate; and the plan of the quantity check's
// read, whose cost must not grow with the plant's history.

const pg = pgTestAvailability();
let cluster: PgCluster | undefined;
let a: PgSyncStorage;
let b: PgSyncStorage;
const OPERATOR = { id: 'P-2001', name: 'Neu', role: 'operator', badgeUid: '04A1B2C3D4' };

beforeAll(async () => {
  if (!pg.isAvailable) return;
  cluster = await startPgCluster();
  const url = await cluster.createDatabase();
  a = await openPgSyncStorage({ connectionString: url, poolSize: 2 });
  b = await openPgSyncStorage({ connectionString: url, poolSize: 2 });
  await a.importMasterData(ONE_STATION_PLANT, { clientIp: '127.0.0.1' });
  for (const id of ['T-1', 'T-2']) {
    await a.pool.query(
      `INSERT INTO terminals (id, plant_id, station_id, token_hash, enrolled_at) VALUES ($1, 'default', 'ST-10', $2, 0)`,
      [id, `hash-${id}`],
    );
  }
}, 60_000);
afterAll(async () => {
  await a?.close();
  await b?.close();
  await cluster?.stop();
});

const push = (storage: PgSyncStorage, terminalId: string, bookings: unknown[]) =>
  storage.ingest({ terminalId, epoch: 'E1', enrolledStationId: 'ST-10', bookings });

/** How a plan reads bookings: node type and index of every scan of the table (and every bitmap index scan). */
function bookingScans(explained: Array<{ 'QUERY PLAN': unknown }>): string[] {
  const scans: string[] = [];
  const walk = (node: Record<string, unknown>) => {
    if (node['Relation Name'] === 'bookings' && node['Node Type'] !== 'Bitmap Heap Scan')
      scans.push(`${String(node['Node Type'])} ${String(node['Index Name'])}`);
    if (node['Node Type'] === 'Bitmap Index Scan' && String(node['Index Name']).startsWith('bookings_'))
      scans.push(`Bitmap Index Scan ${String(node['Index Name'])}`);
    for (const child of (node['Plans'] as Array<Record<string, unknown>> | undefined) ?? []) walk(child);
  };
  const [root] = explained[0]?.['QUERY PLAN'] as Array<{ Plan: Record<string, unknown> }>;
  if (root) walk(root.Plan);
  return scans;
}

describe.skipIf(!pg.isAvailable)(
  `the one-call push on PostgreSQL${pg.isAvailable ? '' : ` (skipped: ${pg.reason})`}`,
  () => {
    it('judges repeats inside one push against what the push stored before them', async () => {
      const first = makeBooking('T-1', 'E1', 1);
      const sameSlot = makeBooking('T-1', 'E1', 1);
      const second = makeBooking('T-1', 'E1', 2);
      const outcome = await push(a, 'T-1', [first, sameSlot, first, second, { ...first, seq: 3 }]);
      expect(outcome.results.map((result) => result.status)).toEqual([
        'accepted',
        'quarantined',
        'duplicate',
        'accepted',
        'quarantined',
      ]);
      expect(outcome.results[1]?.reason).toContain(`already holds booking ${first.id}`);
      expect(outcome.results[4]?.reason).toContain('id already stored as seq 1');
      expect(outcome.ackedUpTo).toBe(2);
      expect(outcome.accepted.map((booking) => booking.id)).toEqual([first.id, second.id]);
      const alerts = await a.pool.query<{ kind: string }>(
        `SELECT kind FROM alerts WHERE terminal_id = 'T-1' ORDER BY id`,
      );
      expect(alerts.rows.map((row) => row.kind)).toEqual(['seq-reused', 'id-reused']);
      // The same push again: all stored or kept already, so no new evidence and no new alert.
      const again = await push(b, 'T-1', [first, sameSlot, first, second, { ...first, seq: 3 }]);
      expect(again.results.map((result) => result.status)).toEqual([
        'duplicate',
        'quarantined',
        'duplicate',
        'duplicate',
        'quarantined',
      ]);
      expect((await a.pool.query(`SELECT 1 FROM alerts WHERE terminal_id = 'T-1'`)).rowCount).toBe(2);
      expect((await a.pool.query(`SELECT 1 FROM quarantined_bookings`)).rowCount).toBe(2);
    });

    it('reviews against master data another instance imported after this one cached it', async () => {
      // A start: no quantity for the quantity check to judge against the first test's pieces.
      const start = { type: 'operation.start', operatorId: OPERATOR.id, payload: { phase: 'setup' } } as const;
      const before = await push(a, 'T-2', [makeBooking('T-2', 'E1', 1, start)]);
      expect(before.results[0]?.reason).toBe(`review: unknown-operator(${OPERATOR.id})`);
      const imported = await b.importMasterData({ operators: [OPERATOR] }, { clientIp: '127.0.0.1' });
      expect(imported.ok).toBe(true);
      const after = await push(a, 'T-2', [makeBooking('T-2', 'E1', 2, start)]);
      expect(after.results[0]).toEqual({ id: expect.any(String) as string, status: 'accepted' });
      const stored = await a.pool.query<{ seq: number; review: string | null }>(
        `SELECT seq, review FROM bookings WHERE terminal_id = 'T-2' ORDER BY seq`,
      );
      expect(stored.rows).toEqual([
        { seq: 1, review: `unknown-operator(${OPERATOR.id})` },
        { seq: 2, review: null },
      ]);
    });
    it("reads a push's stored bookings through the primary key, whatever the plan knows of the plant", async () => {
      // Statistics from a small table, then a history the planner has not seen (autovacuum off, as between its
      // runs): the generic plan of the old query ANDed a bitmap of the plant's whole index with the push's ids.
      await a.pool.query('ALTER TABLE bookings SET (autovacuum_enabled = false)');
      await a.pool.query('ANALYZE bookings');
      for (let first = 100; first < 3_100; first += 500) {
        const bookings = Array.from({ length: 500 }, (_, i) => makeBooking('T-1', 'E2', first + i));
        await a.ingest({ terminalId: 'T-1', epoch: 'E2', enrolledStationId: 'ST-10', bookings });
      }
      const client = await a.pool.connect();
      try {
        await client.query('SET plan_cache_mode = force_generic_plan');
        await client.query(`PREPARE quantity_history(text, text[], text[], text[]) AS ${QUANTITY_HISTORY_QUERY.text}`);
        const ids = (
          await client.query<{ id: string }>('SELECT id FROM bookings ORDER BY server_seq DESC LIMIT 25')
        ).rows.map((row) => `'${row.id}'`);
        const explained = await client.query<{ 'QUERY PLAN': unknown }>(
          `EXPLAIN (FORMAT JSON) EXECUTE quantity_history('default', ARRAY['FA1000004-0010'],
             ARRAY[${ids.join(',')}]::text[], ARRAY[${ids[0]}]::text[])`,
        );
        const scans = bookingScans(explained.rows);
        expect(scans.length).toBeGreaterThan(0);
        expect(scans.filter((scan) => !scan.endsWith('Index Scan bookings_pkey'))).toEqual([]);
      } finally {
        await client.query('DEALLOCATE ALL');
        client.release();
        await a.pool.query('ALTER TABLE bookings RESET (autovacuum_enabled)');
      }
    });

    it("folds terminals' new bookings for the board through index ranges, never a scan of the table", async () => {
      // The history of the test above, statistics current: the old join hashed a scan of the whole table.
      await a.pool.query('ANALYZE bookings');
      const after = await a.pool.query<{ after: string }>(
        `SELECT MAX(server_seq) - 30 AS after FROM bookings WHERE terminal_id = 'T-1'`,
      );
      const explained = await a.pool.query<{ 'QUERY PLAN': unknown }>(
        `EXPLAIN (FORMAT JSON) ${NEW_BOOKINGS_OF_TERMINALS.replaceAll('$1', "'default'")
          .replaceAll('$2', "ARRAY['T-1', 'T-2']")
          .replaceAll('$3', `ARRAY[${after.rows[0]?.after}, 0]`)}`,
      );
      const scans = bookingScans(explained.rows);
      expect(scans.length).toBeGreaterThan(0);
      expect(scans.filter((scan) => !scan.startsWith('Index Scan '))).toEqual([]);
    });
  },
);
