import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PushResponse } from '@shared/protocol';
import type { ReviewQueue } from '@shared/review';
import { SYNC_ROUTES } from '@shared/protocol';
import { pgTestAvailability, startPgCluster, type PgCluster } from '../../testing/pg-cluster';
import { makeBooking, startTestServer, TEST_ADMIN_TOKEN, TEST_ENROLLMENT_CODE } from '../../testing/test-server';
import { createPgServer } from '../pg/pg-server';
import { formatMoveReport } from './move-report';
import { MoveRefusedError, moveToPostgres, verifyMove } from './move-to-postgres';
import { ONE_STATION_PLANT } from '../../testing/one-station-plant';

// A plant built through the SQLite server's real routes is moved into PostgreSQL; the PostgreSQL server must
// then answer its terminal exactly as the SQLite server did.

const availability = pgTestAvailability();
const EPOCH = 'epoch-a';
const MASTER_DATA = ONE_STATION_PLANT;

describe.skipIf(!availability.isAvailable)(
  `move-to-postgres${availability.isAvailable ? '' : ` (skipped: ${availability.reason})`}`,
  () => {
    let cluster: PgCluster;
    let databaseUrl: string;
    let dataDir: string;
    let terminal: { terminalId: string; token: string };
    let batch: unknown[];
    let sqliteAck: number;
    let sqlitePull: Record<string, unknown>;
    let rotatedToken: string;
    let decided: number;

    beforeAll(async () => {
      cluster = await startPgCluster();
      databaseUrl = await cluster.createDatabase();
      const sqlite = await startTestServer({ demo: false });
      dataDir = sqlite.dataDir;
      expect((await sqlite.admin('POST', '/api/v1/admin/import', MASTER_DATA)).statusCode).toBe(200);
      const code = await sqlite.admin('POST', '/api/v1/admin/enrollment-codes', { expiresInMinutes: 60, uses: 2 });
      expect(code.statusCode).toBe(201);
      terminal = await sqlite.enroll();
      const first = makeBooking(terminal.terminalId, EPOCH, 1);
      batch = [first, makeBooking(terminal.terminalId, EPOCH, 2)];
      const pushed = (
        await sqlite.push(terminal.token, { terminalId: terminal.terminalId, epoch: EPOCH, bookings: batch })
      ).json<PushResponse>();
      expect(pushed.results.map((r) => r.status)).toEqual(['accepted', 'accepted']);
      const reused = makeBooking(terminal.terminalId, EPOCH, 1);
      const broken = { ...makeBooking(terminal.terminalId, EPOCH, 3), payload: { quantity: -3, unit: 'Stk' } };
      const mixed = (
        await sqlite.push(terminal.token, {
          terminalId: terminal.terminalId,
          epoch: EPOCH,
          bookings: [first, reused, broken],
        })
      ).json<PushResponse>();
      expect(mixed.results.map((r) => r.status)).toEqual(['duplicate', 'quarantined', 'rejected']);
      sqliteAck = mixed.ackedUpTo;
      sqlitePull = (await sqlite.pull(terminal.token, { dataset: 'orders' })).json<Record<string, unknown>>();
      // A rotation whose answer the terminal has not used yet, and a display link for the shift office.
      const rotated = await sqlite.request({
        method: 'POST',
        url: SYNC_ROUTES.rotate,
        headers: { authorization: `Bearer ${terminal.token}` },
      });
      rotatedToken = rotated.json<{ token: string }>().token;
      expect((await sqlite.admin('POST', '/api/v1/admin/display-links', { label: 'Halle 1' })).statusCode).toBe(201);
      // Every review item decided, one flagged booking reversed by the server terminal.
      const queue = (await sqlite.admin('GET', '/api/v1/review')).json<ReviewQueue>();
      const reversible = queue.items.find((item) => item.kind === 'flagged');
      for (const item of queue.items) {
        const decision = item === reversible ? 'reverse' : 'accept';
        const resolved = await sqlite.admin('POST', `/api/v1/review/${item.id}/resolve`, { decision, reason: 'ok' });
        expect(resolved.statusCode).toBe(200);
      }
      decided = queue.items.length;
      expect(queue.items.map((item) => item.kind)).toEqual(expect.arrayContaining(['quarantined', 'rejected']));
      await sqlite.close();
    }, 60_000);
    afterAll(async () => {
      await cluster?.stop();
      if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
    });

    it('copies every shared table, verified, and a second run changes nothing', async () => {
      const first = await moveToPostgres({ dataDir, databaseUrl, plantId: 'default' });
      expect(first.outcome).toBe('copied');
      expect(first.tables.filter((check) => !check.isOk)).toEqual([]);
      const rows = Object.fromEntries(first.tables.map((check) => [check.table, check.postgres.rows]));
      // The terminal and the server terminal (renamed to the plant's own), two bookings and the reversal.
      expect(rows).toMatchObject({ terminals: 2, bookings: 3, quarantined_bookings: 1, rejected_bookings: 1 });
      expect(rows['master_records']).toBeGreaterThan(0);
      expect(rows['enrollment_codes']).toBe(1);
      expect(rows['admin_audit']).toBeGreaterThan(0);
      expect(rows['display_links']).toBe(1);
      expect(rows['review_resolutions']).toBe(decided);
      expect(first.pendingTokenTerminals).toBe(1);
      // Every table SQLite has, PostgreSQL has now too.
      expect(first.notMoved).toEqual([]);
      // Analysed after the copy (reltuples is -1 before a table's first ANALYZE).
      const counted = new pg.Client({ connectionString: databaseUrl });
      await counted.connect();
      const stats = await counted.query<{ relname: string; reltuples: number }>(
        `SELECT relname, reltuples FROM pg_class WHERE relname IN ('bookings', 'operation_progress') ORDER BY relname`,
      );
      await counted.end();
      expect(stats.rows).toEqual([
        { relname: 'bookings', reltuples: 3 },
        { relname: 'operation_progress', reltuples: expect.any(Number) as number },
      ]);
      expect(stats.rows[1]?.reltuples).toBeGreaterThanOrEqual(0);
      const text = formatMoveReport(first);
      expect(text).toContain('TAKT_ADMIN_TOKEN');

      const second = await moveToPostgres({ dataDir, databaseUrl, plantId: 'default' });
      expect(second.outcome).toBe('unchanged');
      expect(second.tables).toEqual(first.tables);
      expect(formatMoveReport(second)).toContain('nothing changed');
    });

    it('serves the moved plant: the same token, duplicates with the same ackedUpTo, the same master data', async () => {
      const serverDir = mkdtempSync(join(tmpdir(), 'takt-move-pg-'));
      const server = await createPgServer({
        dataDir: serverDir,
        databaseUrl,
        adminToken: TEST_ADMIN_TOKEN,
        enrollmentCode: TEST_ENROLLMENT_CODE,
      });
      try {
        const auth = { authorization: `Bearer ${terminal.token}` };
        const resend = await server.app.inject({
          method: 'POST',
          url: SYNC_ROUTES.push,
          headers: auth,
          payload: { terminalId: terminal.terminalId, epoch: EPOCH, bookings: batch } as never,
        });
        expect(resend.statusCode).toBe(200);
        const answer = resend.json<PushResponse>();
        expect(answer.results.map((r) => r.status)).toEqual(['duplicate', 'duplicate']);
        expect(answer.ackedUpTo).toBe(sqliteAck);
        const pulled = await server.app.inject({
          method: 'GET',
          url: SYNC_ROUTES.pull,
          headers: auth,
          query: { dataset: 'orders' },
        });
        const withoutTime = ({ serverTime: _time, ...page }: Record<string, unknown>) => page;
        expect(withoutTime(pulled.json())).toEqual(withoutTime(sqlitePull));
        // The generation and sequence moved along: a terminal's cursor stays valid, no reset, nothing new.
        const resumed = await server.app.inject({
          method: 'GET',
          url: SYNC_ROUTES.pull,
          headers: auth,
          query: { dataset: 'orders', cursor: String(sqlitePull['cursor']) },
        });
        expect(resumed.json()).toMatchObject({ changes: [], cursor: sqlitePull['cursor'] });
        expect(resumed.json<Record<string, unknown>>()['reset']).toBeFalsy();
        // The decisions moved with their items: nothing is open again, and a quarantined item stays decided.
        const review = await server.app.inject({
          method: 'GET',
          url: '/api/v1/review',
          headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
        });
        expect(review.json<ReviewQueue>()).toMatchObject({ items: [], openCount: 0 });
        expect(review.json<ReviewQueue>().resolved).toHaveLength(decided);
        const quarantine = await server.storage.pool.query<{ row_id: number }>(
          'SELECT row_id FROM quarantined_bookings',
        );
        const again = await server.app.inject({
          method: 'POST',
          url: `/api/v1/review/quarantine:${quarantine.rows[0]?.row_id}/resolve`,
          headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
          payload: { decision: 'accept', reason: 'again' },
        });
        expect(again.statusCode).toBe(409);
        // The pending rotated token moved along: its first use makes it current and retires the old one.
        const links = await server.app.inject({
          method: 'GET',
          url: '/api/v1/admin/display-links',
          headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
        });
        expect(links.json()).toMatchObject({ links: [{ label: 'Halle 1', revokedAt: null }] });
        const withRotated = { authorization: `Bearer ${rotatedToken}` };
        const pulledRotated = await server.app.inject({
          method: 'GET',
          url: SYNC_ROUTES.pull,
          headers: withRotated,
          query: { dataset: 'orders' },
        });
        expect(pulledRotated.statusCode).toBe(200);
        const pulledOld = await server.app.inject({
          method: 'GET',
          url: SYNC_ROUTES.pull,
          headers: auth,
          query: { dataset: 'orders' },
        });
        expect(pulledOld.statusCode).toBe(401);
      } finally {
        await server.close();
        rmSync(serverDir, { recursive: true, force: true });
      }
      // Serving wrote the terminal's last contact: the plant now holds other data and a move refuses to mix.
      await expect(moveToPostgres({ dataDir, databaseUrl, plantId: 'default' })).rejects.toThrow(/different data/);
    });

    it('fails the verification when a target row was changed, and refuses the same data in a second plant', async () => {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      try {
        await client.query(
          `UPDATE bookings SET payload = '{"quantity":6,"unit":"Stk"}'
            WHERE plant_id = 'default' AND server_seq = (SELECT MIN(server_seq) FROM bookings)`,
        );
      } finally {
        await client.end();
      }
      const checks = await verifyMove({ dataDir, databaseUrl, plantId: 'default' });
      expect(checks.find((check) => check.table === 'bookings')?.isOk).toBe(false);
      const refusal = await moveToPostgres({ dataDir, databaseUrl, plantId: 'default' }).catch(
        (error: unknown) => error,
      );
      expect(refusal).toBeInstanceOf(MoveRefusedError);
      // Terminal and booking ids are unique across plants: the same data cannot go into a second plant.
      await expect(moveToPostgres({ dataDir, databaseUrl, plantId: 'werk-2' })).rejects.toThrow(/duplicate key/);
      expect((await verifyMove({ dataDir, databaseUrl, plantId: 'werk-2' })).every((c) => c.postgres.rows === 0)).toBe(
        true,
      );
    });
  },
);
