import type { MasterDataStore } from './store';

/**
 * Where a request reads master data from: on SQLite the one store of the process, on PostgreSQL a read view
 * that is reloaded when another instance imported (storage/pg/pg-master-data-reader.ts). Features take the
 * view once per request and read it synchronously from then on.
 */
export interface MasterDataSource {
  current(): Promise<MasterDataStore>;
}

export function fixedMasterData(store: MasterDataStore): MasterDataSource {
  return { current: async () => store };
}
