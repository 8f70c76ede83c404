import type { DatasetName } from '@shared/master-data';
import type { ChangeFeed } from '../change-feed';
import type { MasterDb } from './master-db';
import {
  applyPullPage,
  readMasterDataStatus,
  readMasterDataVersion,
  readPullCursor,
  type PullPage,
} from './pull-apply';
import { createMasterRepositories } from './repositories';

// The owner of the master-data database: the queries the screens ask, what the puller writes, and the
// version stamped on every booking.

export function openMasterStore(db: MasterDb, changes: ChangeFeed, now: () => number) {
  // Stamped on every booking. Reading it is a transaction of its own, which would cost each capture a round
  // trip; it only changes when a pull lands (here or in another tab), so it is cached until then.
  let version: Promise<string> | null = null;
  changes.subscribe((change) => {
    if (change === 'master') version = null;
  });

  return {
    db,
    ...createMasterRepositories(db),
    readPullCursor: (dataset: DatasetName) => readPullCursor(db, dataset),
    async applyPullPage(dataset: DatasetName, page: PullPage) {
      const report = await applyPullPage(db, dataset, page, now());
      version = null;
      changes.emit('master');
      return report;
    },
    /** The master-data version a booking captured now is stamped with. */
    readVersion(): Promise<string> {
      version ??= readMasterDataVersion(db).catch((error: unknown) => {
        version = null;
        throw error;
      });
      return version;
    },
    readStatus: () => readMasterDataStatus(db),
  };
}

export type MasterStore = ReturnType<typeof openMasterStore>;
