import { randomBytes } from 'node:crypto';
import { DATASET_NAMES, type DatasetName } from '@shared/master-data';
import type { Change, PullResponse } from '@shared/protocol';
import type { Db } from '../db/database';
import { decodeCursor, encodeCursor } from './cursor';

export const DEFAULT_PULL_LIMIT = 1_000;

export type PullPage = Omit<PullResponse, 'serverTime'>;

export interface MasterDataStore {
  /** The live value of a record, or undefined when it does not exist or was deleted. */
  get(dataset: DatasetName, key: string): unknown;
  liveKeys(dataset: DatasetName): string[];
  countLive(dataset: DatasetName): number;
  /** Writes a record unless the stored JSON is identical; call inside a transaction. */
  put(dataset: DatasetName, key: string, value: unknown): 'written' | 'unchanged';
  /** Leaves a tombstone so terminals learn about the delete; false when there was nothing live. */
  remove(dataset: DatasetName, key: string): boolean;
  /** undefined when the cursor is not one this server issued. */
  pull(dataset: DatasetName, cursor: string | undefined, limit: number): PullPage | undefined;
  /** Drops tombstones and starts a new generation: every older cursor of the dataset answers with a reset. */
  compact(dataset: DatasetName): void;
  transaction<T>(work: () => T): T;
}

interface RecordRow {
  key: string;
  seq: number;
  value: string | null;
}

function newGeneration(): string {
  return randomBytes(8).toString('base64url');
}

export function createMasterDataStore(db: Db, now: () => number): MasterDataStore {
  const ensureDataset = db.prepare('INSERT OR IGNORE INTO master_datasets (name, generation) VALUES (?, ?)');
  db.transaction(() => {
    for (const name of DATASET_NAMES) ensureDataset.run(name, newGeneration());
    db.prepare("INSERT OR IGNORE INTO server_counters (name, value) VALUES ('master_seq', 0)").run();
  })();

  const selectValue = db.prepare('SELECT value FROM master_records WHERE dataset = ? AND key = ?').pluck();
  const selectLiveKeys = db
    .prepare('SELECT key FROM master_records WHERE dataset = ? AND value IS NOT NULL ORDER BY key')
    .pluck();
  const countLive = db.prepare('SELECT COUNT(*) FROM master_records WHERE dataset = ? AND value IS NOT NULL').pluck();
  const nextSeq = db
    .prepare("UPDATE server_counters SET value = value + 1 WHERE name = 'master_seq' RETURNING value")
    .pluck();
  const currentSeq = db.prepare("SELECT value FROM server_counters WHERE name = 'master_seq'").pluck();
  const upsert = db.prepare(
    `INSERT INTO master_records (dataset, key, seq, value, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (dataset, key) DO UPDATE SET seq = excluded.seq, value = excluded.value, updated_at = excluded.updated_at`,
  );
  // One statement per row instead of three (compare, take a seq, write): changes is 0 when the stored JSON
  // is identical. Its seq is then not used, so the counter moves only for rows written.
  const upsertIfChanged = db.prepare(
    `INSERT INTO master_records (dataset, key, seq, value, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (dataset, key) DO UPDATE SET seq = excluded.seq, value = excluded.value, updated_at = excluded.updated_at
     WHERE master_records.value IS NOT excluded.value`,
  );
  const setSeq = db.prepare("UPDATE server_counters SET value = ? WHERE name = 'master_seq'");
  /** Inside store.transaction: the master seq counted in memory and stored once at the end (large imports). */
  let transactionSeq: { last: number } | null = null;
  const selectGeneration = db.prepare('SELECT generation FROM master_datasets WHERE name = ?').pluck();
  const selectChanges = db.prepare(
    'SELECT key, seq, value FROM master_records WHERE dataset = ? AND seq > ? ORDER BY seq LIMIT ?',
  );
  const deleteTombstones = db.prepare('DELETE FROM master_records WHERE dataset = ? AND value IS NULL');
  const setGeneration = db.prepare('UPDATE master_datasets SET generation = ?, compacted_at = ? WHERE name = ?');

  const readPage = db.transaction(
    (dataset: DatasetName, cursorText: string | undefined, limit: number): PullPage | undefined => {
      const generation = selectGeneration.get(dataset) as string;
      let fromSeq = 0;
      let isReset = false;
      if (cursorText !== undefined) {
        const cursor = decodeCursor(cursorText);
        if (!cursor) return undefined;
        // Another generation, another dataset, or a cursor ahead of us (database restored from a backup):
        // the terminal's copy cannot be patched, so it starts over.
        isReset =
          cursor.dataset !== dataset || cursor.generation !== generation || cursor.seq > (currentSeq.get() as number);
        fromSeq = isReset ? 0 : cursor.seq;
      }
      const rows = selectChanges.all(dataset, fromSeq, limit + 1) as RecordRow[];
      const page = rows.slice(0, limit);
      const changes: Change[] = page.map((row) =>
        row.value === null
          ? { key: row.key, op: 'delete' }
          : { key: row.key, op: 'put', value: JSON.parse(row.value) as unknown },
      );
      const lastSeq = page.at(-1)?.seq ?? fromSeq;
      return {
        changes,
        cursor: encodeCursor({ dataset, generation, seq: lastSeq }),
        hasMore: rows.length > limit,
        ...(isReset ? { reset: true } : {}),
      };
    },
  );

  return {
    get(dataset, key) {
      const value = selectValue.get(dataset, key) as string | null | undefined;
      return value === null || value === undefined ? undefined : (JSON.parse(value) as unknown);
    },
    liveKeys: (dataset) => selectLiveKeys.all(dataset) as string[],
    countLive: (dataset) => countLive.get(dataset) as number,
    put(dataset, key, value) {
      const json = JSON.stringify(value);
      if (transactionSeq) {
        const changed = upsertIfChanged.run(dataset, key, transactionSeq.last + 1, json, now()).changes > 0;
        if (changed) transactionSeq.last += 1;
        return changed ? 'written' : 'unchanged';
      }
      if (selectValue.get(dataset, key) === json) return 'unchanged';
      upsert.run(dataset, key, nextSeq.get(), json, now());
      return 'written';
    },
    remove(dataset, key) {
      const existing = selectValue.get(dataset, key) as string | null | undefined;
      if (existing === null || existing === undefined) return false;
      upsert.run(dataset, key, transactionSeq ? ++transactionSeq.last : nextSeq.get(), null, now());
      return true;
    },
    pull: (dataset, cursor, limit) => readPage(dataset, cursor, limit),
    compact: db.transaction((dataset: DatasetName) => {
      deleteTombstones.run(dataset);
      setGeneration.run(newGeneration(), now(), dataset);
    }),
    transaction: (work) =>
      db
        .transaction(() => {
          if (transactionSeq) return work(); // nested: the outer one stores the counter
          transactionSeq = { last: currentSeq.get() as number };
          try {
            const result = work();
            setSeq.run(transactionSeq.last);
            return result;
          } finally {
            transactionSeq = null;
          }
        })
        .immediate(),
  };
}
