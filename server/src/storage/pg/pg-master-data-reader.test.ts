import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ONE_STATION_PLANT } from '../../testing/one-station-plant';
import { pgTestAvailability, startPgCluster, type PgCluster } from '../../testing/pg-cluster';
import { createPgMasterDataReader } from './pg-master-data-reader';
import { openPgSyncStorage, type PgSyncStorage } from './pg-sync-storage';

const availability = pgTestAvailability();
const AUDIT = { clientIp: '127.0.0.1' };

describe.skipIf(!availability.isAvailable)(
  `PostgreSQL master-data reader${availability.isAvailable ? '' : ` (skipped: ${availability.reason})`}`,
  () => {
    let cluster: PgCluster;
    // Two instances of one plant, and an instance of another plant in the same database.
    let first: PgSyncStorage;
    let second: PgSyncStorage;
    let otherPlant: PgSyncStorage;

    beforeAll(async () => {
      cluster = await startPgCluster();
      const databaseUrl = await cluster.createDatabase();
      first = await openPgSyncStorage({ connectionString: databaseUrl, poolSize: 2 });
      second = await openPgSyncStorage({ connectionString: databaseUrl, poolSize: 2 });
      otherPlant = await openPgSyncStorage({ connectionString: databaseUrl, poolSize: 2, plantId: 'plant-b' });
    }, 60_000);

    afterAll(async () => {
      await Promise.all([first?.close(), second?.close(), otherPlant?.close()]);
      await cluster?.stop();
    });

    it('sees an import made through another instance, keeps its view while nothing changed, and stays in its plant', async () => {
      const reader = createPgMasterDataReader(second.pool, second.plantId);
      const empty = await reader.current();
      expect(empty.countLive('stations')).toBe(0);

      expect((await first.importMasterData(ONE_STATION_PLANT, AUDIT)).ok).toBe(true);
      await otherPlant.importMasterData({ stations: [{ id: 'B-1', name: 'Presse B' }] }, AUDIT);
      const loaded = await reader.current();
      expect(loaded.liveKeys('stations')).toEqual(['ST-10']);
      expect(loaded.get('operations', 'FA1000004-0010')).toMatchObject({ stationId: 'ST-10', cycleSeconds: 60 });
      expect(loaded.get('stations', 'B-1')).toBeUndefined();
      // Nothing imported since: the same view, no reload.
      expect(await reader.current()).toBe(loaded);

      // A caller that changes what it read cannot change the next reader's record.
      (loaded.get('stations', 'ST-10') as { name: string }).name = 'changed';
      expect(loaded.get('stations', 'ST-10')).toMatchObject({ name: 'Drehzentrum 1' });

      await first.importMasterData({ stations: [{ id: 'ST-20', name: 'Fräse' }], delete: { stations: [] } }, AUDIT);
      await first.importMasterData({ mode: 'merge', delete: { operations: ['FA1000004-0010'] } }, AUDIT);
      const after = await reader.current();
      expect(after).not.toBe(loaded);
      expect(after.liveKeys('stations')).toEqual(['ST-10', 'ST-20']);
      expect(after.get('operations', 'FA1000004-0010')).toBeUndefined();
      expect(after.countLive('operations')).toBe(0);
      expect(() => after.put('stations', 'X', {})).toThrow(/read-only/);
    });

    it('shares one reload between requests arriving together', async () => {
      const reader = createPgMasterDataReader(first.pool, first.plantId);
      const [a, b, c] = await Promise.all([reader.current(), reader.current(), reader.current()]);
      expect(b).toBe(a);
      expect(c).toBe(a);
    });
  },
);
