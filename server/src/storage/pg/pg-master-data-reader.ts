import type pg from 'pg';
import type { DatasetName } from '@shared/master-data';
import type { MasterDataStore } from '../../master-data/store';

/**
 * The plant's live master data for the features that read it synchronously (board, review, lead credentials),
 * on PostgreSQL where another instance may have imported since. `current()` costs one small query while nothing
 * changed and reloads the live records when the plant's change sequence (master_counters.master_seq, moved by
 * every import that writes) moved.
 */
export interface PgMasterDataReader {
  /** A read view fresh as of this call; writing through it throws (imports go through the storage). */
  current(): Promise<MasterDataStore>;
}

interface LiveRow {
  master_seq: number;
  dataset: DatasetName | null;
  key: string | null;
  value: string | null;
}

export function createPgMasterDataReader(pool: pg.Pool, plantId: string): PgMasterDataReader {
  let cached: { seq: number; view: MasterDataStore } | undefined;
  // Requests arriving together share one reload instead of each reading every record.
  let loading: Promise<MasterDataStore> | undefined;

  async function reload(): Promise<MasterDataStore> {
    // One statement, one snapshot: the sequence and the records it stands for cannot come from two imports.
    const result = await pool.query<LiveRow>(
      `SELECT c.master_seq, r.dataset, r.key, r.value
         FROM master_counters c
         LEFT JOIN master_records r ON r.plant_id = c.plant_id AND r.value IS NOT NULL
        WHERE c.plant_id = $1`,
      [plantId],
    );
    const seq = result.rows[0]?.master_seq ?? 0;
    const view = readOnlyView(result.rows);
    cached = { seq, view };
    return view;
  }

  return {
    async current() {
      if (cached !== undefined) {
        const seen = await pool.query<{ master_seq: number }>(
          'SELECT master_seq FROM master_counters WHERE plant_id = $1',
          [plantId],
        );
        if ((seen.rows[0]?.master_seq ?? 0) === cached.seq) return cached.view;
      }
      loading ??= reload().finally(() => (loading = undefined));
      return loading;
    },
  };
}

function readOnlyView(rows: LiveRow[]): MasterDataStore {
  const byDataset = new Map<DatasetName, Map<string, string>>();
  for (const row of rows) {
    if (row.dataset === null || row.key === null || row.value === null) continue;
    let records = byDataset.get(row.dataset);
    if (records === undefined) byDataset.set(row.dataset, (records = new Map()));
    records.set(row.key, row.value);
  }
  const sortedKeys = new Map<DatasetName, string[]>();
  const liveKeys = (dataset: DatasetName): string[] => {
    let keys = sortedKeys.get(dataset);
    if (keys === undefined) sortedKeys.set(dataset, (keys = [...(byDataset.get(dataset)?.keys() ?? [])].sort()));
    return [...keys];
  };
  const readOnly = (): never => {
    throw new Error('the PostgreSQL master-data read view is read-only; imports go through the storage');
  };
  return {
    get(dataset, key) {
      const json = byDataset.get(dataset)?.get(key);
      // Parsed per read, so a caller that changes the object cannot change what the next reader sees.
      return json === undefined ? undefined : (JSON.parse(json) as unknown);
    },
    liveKeys,
    countLive: (dataset) => byDataset.get(dataset)?.size ?? 0,
    put: readOnly,
    remove: readOnly,
    pull: readOnly,
    compact: readOnly,
    transaction: readOnly,
  };
}
