import {
  OperationSchema,
  OperatorSchema,
  OrderSchema,
  ReasonSchema,
  StationSchema,
  type DatasetName,
} from '../../../shared/master-data';
import type { Db } from '../db/database';
import type { MasterDataStore } from '../master-data/store';
import type { BoardMasterData } from './station-projection';

/**
 * Master-data lookups for the board, cached until master data changes: every write takes a new sequence
 * number, so one indexed MAX() per read tells whether the cache is still good. A snapshot of 200 stations
 * then costs no record reads at all.
 */
export function createBoardMasterData(db: Db, store: MasterDataStore): BoardMasterData & { refresh(): void } {
  const latestChange = db.prepare('SELECT COALESCE(MAX(seq), 0) FROM master_records').pluck();
  let seenChange = -1;
  const cache = new Map<string, unknown>();
  let stationIds: string[] | undefined;

  function lookup<T>(dataset: DatasetName, key: string, read: (value: unknown) => T | undefined): T | undefined {
    const cacheKey = `${dataset}\u0000${key}`;
    if (!cache.has(cacheKey)) cache.set(cacheKey, read(store.get(dataset, key)));
    return cache.get(cacheKey) as T | undefined;
  }

  return {
    /** Call before a batch of reads (a snapshot, an event): drops the cache when master data changed. */
    refresh() {
      const change = latestChange.get() as number;
      if (change === seenChange) return;
      seenChange = change;
      cache.clear();
      stationIds = undefined;
    },
    stationIds: () => (stationIds ??= store.liveKeys('stations')),
    station: (id) => lookup('stations', id, (v) => StationSchema.safeParse(v).data),
    operatorName: (id) => lookup('operators', id, (v) => OperatorSchema.safeParse(v).data?.name),
    order: (id) => lookup('orders', id, (v) => OrderSchema.safeParse(v).data),
    operation: (id) => lookup('operations', id, (v) => OperationSchema.safeParse(v).data),
    reason: (id) => lookup('reasons', id, (v) => ReasonSchema.safeParse(v).data?.text),
  };
}
