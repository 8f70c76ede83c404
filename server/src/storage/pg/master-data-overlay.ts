import type { DatasetName } from '@shared/master-data';
import type { MasterDataStore } from '../../master-data/store';

export interface MasterDataWrite {
  dataset: DatasetName;
  key: string;
  /** The record's JSON, or null for a tombstone. */
  json: string | null;
}

/**
 * A plant's live master data in memory, for running the shared import rules (master-data/import.ts, which
 * are synchronous) inside a PostgreSQL transaction: it answers reads, collects writes in order, and forgets
 * them again when the import's own transaction throws (a broken reference).
 */
export function createMasterDataOverlay(
  live: Array<{ dataset: DatasetName; key: string; value: string }>,
): MasterDataStore & { writes(): MasterDataWrite[] } {
  const keyOf = (dataset: string, key: string) => `${dataset}\u0000${key}`;
  const current = new Map<string, string>(live.map((row) => [keyOf(row.dataset, row.key), row.value]));
  let written = new Map<string, MasterDataWrite>();
  const write = (dataset: DatasetName, key: string, json: string | null) => {
    const cacheKey = keyOf(dataset, key);
    // A key written twice keeps its first place: one sequence number per key and import is enough.
    written.set(cacheKey, { dataset, key, json });
    if (json === null) current.delete(cacheKey);
    else current.set(cacheKey, json);
  };
  const liveKeys = (dataset: DatasetName) =>
    [...current.keys()]
      .filter((cacheKey) => cacheKey.startsWith(`${dataset}\u0000`))
      .map((cacheKey) => cacheKey.slice(dataset.length + 1))
      .sort();
  return {
    get(dataset, key) {
      const json = current.get(keyOf(dataset, key));
      return json === undefined ? undefined : (JSON.parse(json) as unknown);
    },
    liveKeys,
    countLive: (dataset) => liveKeys(dataset).length,
    put(dataset, key, value) {
      const json = JSON.stringify(value);
      if (current.get(keyOf(dataset, key)) === json) return 'unchanged';
      write(dataset, key, json);
      return 'written';
    },
    remove(dataset, key) {
      if (!current.has(keyOf(dataset, key))) return false;
      write(dataset, key, null);
      return true;
    },
    pull() {
      throw new Error('the import overlay does not serve pulls');
    },
    compact() {
      throw new Error('the import overlay does not compact');
    },
    transaction(work) {
      const savedWrites = new Map(written);
      const savedCurrent = new Map(current);
      try {
        return work();
      } catch (error) {
        written = savedWrites;
        current.clear();
        for (const [key, value] of savedCurrent) current.set(key, value);
        throw error;
      }
    },
    writes: () => [...written.values()],
  };
}
