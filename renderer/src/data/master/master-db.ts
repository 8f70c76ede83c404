import Dexie, { type Table } from 'dexie';
import type { DatasetName, DatasetRecords } from '@shared/master-data';
import { dexieEnvironment, type DbEnvironment } from '../bookings/bookings-db';

// Master data: a read-only copy of what the server owns. Default durability, since it can be downloaded
// again. Every record carries the generation (`_gen`) it belongs to; a dataset's state row names the active
// generation, so a full reload is written beside the live data and switched in by one small write.

export const DEFAULT_MASTER_DB_NAME = 'takt-master';

export type MasterRow<N extends DatasetName = DatasetName> = DatasetRecords[N] & { _gen: number; _key: string };

export interface DatasetStateRow {
  name: DatasetName;
  /** Generation the terminal reads from. 0 with no cursor means "never downloaded". */
  gen: number;
  cursor?: string;
  /** A full download in progress; invisible to readers until it is switched in. */
  staging?: { gen: number; cursor: string };
  lastPullAt?: number;
}

// Typed against DatasetName so that a dataset added to the shared contract fails to compile here.
const RECORD_INDEXES: Record<DatasetName, string> = {
  stations: '[_gen+_key]',
  operators: '[_gen+_key], [_gen+badgeSalt], [_gen+badgeHash]',
  orders: '[_gen+_key], [_gen+number]',
  operations: '[_gen+_key], [_gen+stationId], [_gen+orderId]',
  reasons: '[_gen+_key], [_gen+kind]',
  qualityPlans: '[_gen+_key]',
  shifts: '[_gen+_key]',
  boms: '[_gen+_key], [_gen+operationId]',
};

/** Version 1 had no bills of materials; version 2 only adds their table (nothing to migrate). */
const { boms: _addedInVersion2, ...VERSION_1_INDEXES } = RECORD_INDEXES;

export class MasterDb extends Dexie {
  datasets!: Table<DatasetStateRow, DatasetName>;

  constructor(name: string, env: DbEnvironment) {
    super(name, dexieEnvironment(env));
    this.version(1).stores({ datasets: 'name', ...VERSION_1_INDEXES });
    this.version(2).stores({ datasets: 'name', ...RECORD_INDEXES });
  }

  records<N extends DatasetName>(name: N): Table<MasterRow<N>, [number, string]> {
    return this.table(name);
  }
}

export function generationRange<N extends DatasetName>(table: Table<MasterRow<N>, [number, string]>, gen: number) {
  return table.where('[_gen+_key]').between([gen, Dexie.minKey], [gen, Dexie.maxKey]);
}

/** The stored record without the generation bookkeeping. */
export function toRecord<N extends DatasetName>(row: MasterRow<N>): DatasetRecords[N] {
  const record: DatasetRecords[N] & { _gen?: number; _key?: string } = { ...row };
  delete record._gen;
  delete record._key;
  return record;
}
