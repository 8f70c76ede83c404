import {
  OperationSchema,
  OperatorSchema,
  OrderSchema,
  ReasonSchema,
  StationSchema,
  type DatasetName,
} from '@shared/master-data';
import type { MasterDataStore } from '../master-data/store';
import type { BoardMasterData } from './station-projection';

/** The master data to read now, and a value that changes whenever master data changed. */
export type BoardMasterDataVersion = () => { store: MasterDataStore; version: unknown };

/**
 * Master-data lookups for the board, cached until master data changes (the version says so: on SQLite the
 * newest change sequence, one indexed MAX(); on PostgreSQL the read view, replaced when an import moved the
 * plant's sequence). A snapshot of 200 stations then costs no record reads at all.
 */
export function createBoardMasterData(read: BoardMasterDataVersion): BoardMasterData & { refresh(): void } {
  let current = read();
  let seenVersion: unknown = Symbol('never');
  const cache = new Map<string, unknown>();
  let stationIds: string[] | undefined;

  function lookup<T>(dataset: DatasetName, key: string, parse: (value: unknown) => T | undefined): T | undefined {
    const cacheKey = `${dataset}\u0000${key}`;
    if (!cache.has(cacheKey)) cache.set(cacheKey, parse(current.store.get(dataset, key)));
    return cache.get(cacheKey) as T | undefined;
  }

  return {
    /** Call before a batch of reads (a snapshot, an event): drops the cache when master data changed. */
    refresh() {
      current = read();
      if (current.version === seenVersion) return;
      seenVersion = current.version;
      cache.clear();
      stationIds = undefined;
    },
    stationIds: () => (stationIds ??= current.store.liveKeys('stations')),
    station: (id) => lookup('stations', id, (v) => StationSchema.safeParse(v).data),
    operatorName: (id) => lookup('operators', id, (v) => OperatorSchema.safeParse(v).data?.name),
    order: (id) => lookup('orders', id, (v) => OrderSchema.safeParse(v).data),
    operation: (id) => lookup('operations', id, (v) => OperationSchema.safeParse(v).data),
    reason: (id) => lookup('reasons', id, (v) => ReasonSchema.safeParse(v).data?.text),
  };
}
