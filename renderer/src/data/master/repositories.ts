import Dexie from 'dexie';
import type {
  BillOfMaterials,
  DatasetName,
  DatasetRecords,
  Operation,
  Operator,
  Order,
  QualityPlan,
  Reason,
  Shift,
  Station,
} from '@shared/master-data';
import { badgeHash } from './credentials';
import { generationRange, toRecord, type MasterDb } from './master-db';

// Read-only queries over the active generation of each dataset. Each runs in one read transaction with
// the dataset's state row, so a switch to a new generation can never be seen halfway.

type ReasonKind = Reason['kind'];

async function readActive<R>(db: MasterDb, dataset: DatasetName, query: (gen: number) => Promise<R>): Promise<R> {
  return db.transaction('r', [db.datasets, db.table(dataset)], async () => {
    const gen = (await db.datasets.get(dataset))?.gen ?? 0;
    return query(gen);
  });
}

async function getByKey<N extends DatasetName>(
  db: MasterDb,
  dataset: N,
  key: string,
): Promise<DatasetRecords[N] | undefined> {
  const row = await readActive(db, dataset, (gen) => db.records(dataset).get([gen, key]));
  return row ? toRecord(row) : undefined;
}

async function listByIndex<N extends DatasetName>(
  db: MasterDb,
  dataset: N,
  field: string,
  value: string,
): Promise<DatasetRecords[N][]> {
  const rows = await readActive(db, dataset, (gen) =>
    db.records(dataset).where(`[_gen+${field}]`).equals([gen, value]).toArray(),
  );
  return rows.map(toRecord);
}

export function createMasterRepositories(db: MasterDb) {
  return {
    /**
     * The operator whose badge this is, or undefined. `canonicalUid` comes from normalizeBadgeUid. Salts are
     * per operator, so the UID is hashed once per distinct salt, then looked up by index.
     */
    async findOperatorByBadge(canonicalUid: string): Promise<Operator | undefined> {
      const gen = (await db.datasets.get('operators'))?.gen ?? 0;
      const operators = db.records('operators');
      const saltKeys = await operators
        .where('[_gen+badgeSalt]')
        .between([gen, Dexie.minKey], [gen, Dexie.maxKey])
        .uniqueKeys();
      for (const saltKey of saltKeys) {
        const salt = Array.isArray(saltKey) ? saltKey[1] : undefined;
        if (typeof salt !== 'string') continue;
        const hash = await badgeHash(salt, canonicalUid);
        // The hash is computed outside the transaction (WebCrypto would end it), so re-check the generation.
        const match = await readActive(db, 'operators', async (activeGen) =>
          activeGen === gen
            ? operators
                .where('[_gen+badgeHash]')
                .equals([gen, hash])
                .and((row) => row.badgeSalt === salt)
                .first()
            : undefined,
        );
        if (match) return toRecord(match);
      }
      return undefined;
    },
    getOperator: (id: string): Promise<Operator | undefined> => getByKey(db, 'operators', id),
    getStation: (id: string): Promise<Station | undefined> => getByKey(db, 'stations', id),
    getOrder: (id: string): Promise<Order | undefined> => getByKey(db, 'orders', id),
    async getOrderByNumber(number: string): Promise<Order | undefined> {
      return (await listByIndex(db, 'orders', 'number', number))[0];
    },
    getOperation: (id: string): Promise<Operation | undefined> => getByKey(db, 'operations', id),
    listOperationsForStation: (stationId: string): Promise<Operation[]> =>
      listByIndex(db, 'operations', 'stationId', stationId),
    listOperationsForOrder: (orderId: string): Promise<Operation[]> =>
      listByIndex(db, 'operations', 'orderId', orderId),
    listReasons: (kind: ReasonKind): Promise<Reason[]> => listByIndex(db, 'reasons', 'kind', kind),
    getQualityPlan: (id: string): Promise<QualityPlan | undefined> => getByKey(db, 'qualityPlans', id),
    /** The bill of materials of an operation, or undefined when it consumes nothing tracked. */
    async getBomForOperation(operationId: string): Promise<BillOfMaterials | undefined> {
      return (await listByIndex(db, 'boms', 'operationId', operationId))[0];
    },
    async listShifts(): Promise<Shift[]> {
      const rows = await readActive(db, 'shifts', (gen) => generationRange(db.records('shifts'), gen).toArray());
      return rows.map(toRecord);
    },
    /** How many records a dataset holds, counted on the index. */
    countRecords: (dataset: DatasetName): Promise<number> =>
      readActive(db, dataset, (gen) => generationRange(db.records(dataset), gen).count()),
  };
}

export type MasterRepositories = ReturnType<typeof createMasterRepositories>;
