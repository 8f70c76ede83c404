import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { uuidv7 } from '@shared/id/uuidv7';
import { DATASET_NAMES, type DatasetName } from '@shared/master-data';
import type { Change } from '@shared/protocol';
import type { AlertInput } from '../../alerts/alerts';
import type { IngestOutcome, OnBatchCommitted } from '../../bookings/ingest';
import { normalizeEnrollmentCode } from '../../enrollment/enrollment-codes';
import { DEFAULT_LOCKOUT_LIMITS, type LockoutLimits } from '../../enrollment/enrollment-lockout';
import { sha256Hex } from '../../hashing';
import { decodeCursor, encodeCursor } from '../../master-data/cursor';
import { importAuditEntry, importMasterData } from '../../master-data/import';
import type { PullPage } from '../../master-data/store';
import type { EnrollOutcome, SyncStorage } from '../sync-storage';
import { createMasterDataOverlay } from './master-data-overlay';
import { appendPgAudit } from './pg-audit';
import { ENROLLMENT_FAILURES, pgFailureLog } from './pg-failure-log';
import { createReviewDataCache, ingestPush, STALE_MASTER_DATA } from './pg-ingest';
import { migratePg } from './pg-migrations';
import { pgTransaction } from './pg-transaction';

export const DEFAULT_PLANT_ID = 'default';
const DEFAULT_POOL_SIZE = 10;

export interface PgSyncStorageOptions {
  connectionString: string;
  /** Which plant this server instance serves; every row it reads or writes carries this id. */
  plantId?: string;
  now?: () => number;
  /**
   * Connections kept at most (default 10, as node-postgres). More than the database has cores to run only
   * wait for each other: two instances with 20 each cost about 30% more database CPU per push on 2 cores
   * than with 4 (one comparison).
   */
  poolSize?: number;
  /** For the log: alerts are already stored when this is called. */
  onAlert?: (alert: AlertInput) => void;
  onCommitted?: OnBatchCommitted;
  lockoutLimits?: LockoutLimits;
}

export interface PgSyncStorage extends SyncStorage {
  readonly pool: pg.Pool;
  readonly plantId: string;
}

// BIGINT columns hold milliseconds and sequences, all far below 2^53: numbers, not the driver's strings.
const INT8_OID = 20;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary'
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

class UnknownStation extends Error {}

function newGeneration(): string {
  return randomBytes(8).toString('base64url');
}

/** Opens a pool, migrates the schema and makes sure the plant and its datasets exist. */
export async function openPgSyncStorage(options: PgSyncStorageOptions): Promise<PgSyncStorage> {
  const now = options.now ?? Date.now;
  const plantId = options.plantId ?? DEFAULT_PLANT_ID;
  const limits = options.lockoutLimits ?? DEFAULT_LOCKOUT_LIMITS;
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.poolSize ?? DEFAULT_POOL_SIZE,
    types,
  });
  // An idle client that loses its connection must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);

  const inTransaction = <T>(work: (client: pg.PoolClient) => Promise<T>) => pgTransaction(pool, work);

  try {
    await migratePg(pool, now);
    await inTransaction(async (client) => {
      await client.query('INSERT INTO plants (id, created_at) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
        plantId,
        now(),
      ]);
      await client.query('INSERT INTO master_counters (plant_id, master_seq) VALUES ($1, 0) ON CONFLICT DO NOTHING', [
        plantId,
      ]);
      await client.query(
        `INSERT INTO master_datasets (plant_id, name, generation)
         SELECT $1, name, generation FROM unnest($2::text[], $3::text[]) AS u(name, generation)
         ON CONFLICT DO NOTHING`,
        [plantId, DATASET_NAMES, DATASET_NAMES.map(() => newGeneration())],
      );
    });
  } catch (error) {
    await pool.end();
    throw error;
  }

  const reviewData = createReviewDataCache(pool, plantId);
  const enrollmentFailures = pgFailureLog(pool, ENROLLMENT_FAILURES, plantId);
  const waitFor = (row: { count: number; oldest: number | null }, max: number): number =>
    row.count < max ? 0 : Math.max(1, (row.oldest ?? 0) + limits.windowMs - now());

  return {
    kind: 'postgres',
    pool,
    plantId,

    async authenticate(token) {
      // Looked up on every request, not cached: a revocation on any instance holds from its commit on.
      const result = await pool.query<{ id: string; stationId: string; revokedAt: number | null }>({
        name: 'takt-authenticate',
        text: `SELECT id, station_id AS "stationId", revoked_at AS "revokedAt" FROM terminals
                WHERE token_hash = $1 AND plant_id = $2`,
        values: [sha256Hex(token), plantId],
      });
      return result.rows[0];
    },

    enroll: ({ stationId, enrollmentCode, isPlantCode }) =>
      inTransaction(async (client): Promise<EnrollOutcome> => {
        let codeId = 'plant-code';
        if (!isPlantCode) {
          // One statement checks and uses the code: two instances cannot both take its last use.
          const used = await client.query<{ id: string }>(
            `UPDATE enrollment_codes SET uses = uses + 1
              WHERE plant_id = $1 AND code_hash = $2 AND revoked_at IS NULL AND uses < max_uses AND expires_at > $3
                AND (station_id IS NULL OR station_id = $4)
              RETURNING id`,
            [plantId, sha256Hex(normalizeEnrollmentCode(enrollmentCode)), now(), stationId],
          );
          const id = used.rows[0]?.id;
          if (id === undefined) return { status: 'invalid-code' };
          codeId = id;
        }
        const station = await client.query(
          `SELECT 1 FROM master_records WHERE plant_id = $1 AND dataset = 'stations' AND key = $2 AND value IS NOT NULL`,
          [plantId, stationId],
        );
        // Thrown, so that the transaction rolls the code's use back.
        if (station.rowCount === 0) throw new UnknownStation();
        const terminalId = uuidv7(now());
        const token = randomBytes(32).toString('base64url');
        await client.query(
          'INSERT INTO terminals (id, plant_id, station_id, token_hash, enrolled_at) VALUES ($1, $2, $3, $4, $5)',
          [terminalId, plantId, stationId, sha256Hex(token), now()],
        );
        return { status: 'enrolled', terminalId, token, codeId };
      }).catch((error: unknown): EnrollOutcome => {
        if (error instanceof UnknownStation) return { status: 'unknown-station' };
        throw error;
      }),

    async enrollmentRetryAfterMs(client, stationId) {
      const { own, everyone } = await enrollmentFailures.countsSince(client, stationId, now() - limits.windowMs);
      return Math.max(waitFor(own, limits.maxFailuresPerStation), waitFor(everyone, limits.maxFailuresOverall));
    },

    recordEnrollmentFailure: (client, stationId) =>
      enrollmentFailures.record(client, stationId, now(), limits.windowMs),

    async recordContact(terminalId) {
      await pool.query('UPDATE terminals SET last_seen_at = $1 WHERE id = $2 AND plant_id = $3', [
        now(),
        terminalId,
        plantId,
      ]);
    },

    async ingest(batch): Promise<IngestOutcome> {
      const receivedAt = now();
      const bookings = batch.bookings.flatMap((item) =>
        typeof item === 'object' && item !== null ? [item as Record<string, unknown>] : [],
      );
      // Master data is read before the push (it is not what the terminal's lock protects); takt_push checks that
      // it has not changed since. After a few changes in a row the last try takes it as read, unchecked.
      const MAX_TRIES = 3;
      let pushed: Awaited<ReturnType<typeof ingestPush>> | undefined;
      for (let attempt = 1; pushed === undefined; attempt++) {
        const { review, masterSeq } = await reviewData.load(bookings);
        const context = { plantId, receivedAt, review, masterSeq: attempt < MAX_TRIES ? masterSeq : null };
        try {
          pushed = await ingestPush(pool, batch, context);
        } catch (error) {
          if ((error as { code?: unknown }).code !== STALE_MASTER_DATA || attempt >= MAX_TRIES) throw error;
          reviewData.forget();
        }
      }
      const { outcome, alerts } = pushed;
      for (const alert of alerts) options.onAlert?.(alert);
      options.onCommitted?.(batch, outcome);
      return outcome;
    },

    async pull(dataset, cursorText, limit): Promise<PullPage | undefined> {
      const cursor = cursorText === undefined ? undefined : decodeCursor(cursorText);
      if (cursorText !== undefined && cursor === undefined) return undefined;
      // One statement, one snapshot: the generation, the counter and the page agree with each other.
      const result = await pool.query<{
        generation: string;
        is_reset: boolean;
        key: string | null;
        seq: number | null;
        value: string | null;
      }>(
        `WITH state AS (
           SELECT d.generation,
                  ($3::text IS NOT NULL AND ($3 <> $2 OR $4 <> d.generation OR $5 > c.master_seq)) AS is_reset
             FROM master_datasets d JOIN master_counters c ON c.plant_id = d.plant_id
            WHERE d.plant_id = $1 AND d.name = $2
         ), page AS (
           SELECT r.key, r.seq, r.value FROM master_records r, state
            WHERE r.plant_id = $1 AND r.dataset = $2
              AND r.seq > CASE WHEN state.is_reset OR $3::text IS NULL THEN 0 ELSE $5 END
            ORDER BY r.seq LIMIT $6
         )
         SELECT state.generation, state.is_reset, page.key, page.seq, page.value
           FROM state LEFT JOIN page ON TRUE ORDER BY page.seq`,
        [plantId, dataset, cursor?.dataset ?? null, cursor?.generation ?? '', cursor?.seq ?? 0, limit + 1],
      );
      const first = result.rows[0];
      if (first === undefined) throw new Error(`dataset ${dataset} is missing for plant ${plantId}`);
      const rows = result.rows.filter((row) => row.key !== null && row.seq !== null);
      const page = rows.slice(0, limit);
      const changes: Change[] = page.map((row) =>
        row.value === null
          ? { key: row.key as string, op: 'delete' }
          : { key: row.key as string, op: 'put', value: JSON.parse(row.value) as unknown },
      );
      const fromSeq = cursor === undefined || first.is_reset ? 0 : cursor.seq;
      return {
        changes,
        cursor: encodeCursor({ dataset, generation: first.generation, seq: page.at(-1)?.seq ?? fromSeq }),
        hasMore: rows.length > limit,
        ...(first.is_reset ? { reset: true } : {}),
      };
    },

    importMasterData: (request, { clientIp }, importOptions) =>
      inTransaction(async (client) => {
        // The counter row's lock makes imports of one plant take turns and keeps their sequences in commit order.
        const counter = await client.query<{ master_seq: number }>(
          'SELECT master_seq FROM master_counters WHERE plant_id = $1 FOR UPDATE',
          [plantId],
        );
        const live = await client.query<{ dataset: DatasetName; key: string; value: string }>(
          'SELECT dataset, key, value FROM master_records WHERE plant_id = $1 AND value IS NOT NULL',
          [plantId],
        );
        const overlay = createMasterDataOverlay(live.rows);
        const outcome = await importMasterData(overlay, request, importOptions);
        if (!outcome.ok) return outcome;
        await appendPgAudit(client, plantId, now(), importAuditEntry(outcome.summary, clientIp));
        const writes = overlay.writes();
        if (writes.length === 0) return outcome;
        const firstSeq = (counter.rows[0]?.master_seq ?? 0) + 1;
        await client.query('UPDATE master_counters SET master_seq = master_seq + $2 WHERE plant_id = $1', [
          plantId,
          writes.length,
        ]);
        await client.query(
          `INSERT INTO master_records (plant_id, dataset, key, seq, value, updated_at)
           SELECT $1, u.dataset, u.key, u.seq, u.value, $2
             FROM unnest($3::text[], $4::text[], $5::bigint[], $6::text[]) AS u(dataset, key, seq, value)
           ON CONFLICT (plant_id, dataset, key)
             DO UPDATE SET seq = excluded.seq, value = excluded.value, updated_at = excluded.updated_at`,
          [
            plantId,
            now(),
            writes.map((write) => write.dataset),
            writes.map((write) => write.key),
            writes.map((_write, index) => firstSeq + index),
            writes.map((write) => write.json),
          ],
        );
        return outcome;
      }),

    close: () => pool.end(),
  };
}
