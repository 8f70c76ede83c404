import Dexie from 'dexie';
import { DATASET_NAMES, DATASET_SCHEMAS, type DatasetName } from '@shared/master-data';
import { generationRange, type DatasetStateRow, type MasterDb, type MasterRow } from './master-db';

// Applying master-data pull pages. A page and its cursor commit in one transaction. A full download (first
// pull, or the server's `reset`) goes into a staging generation and is switched in with its last page, so
// readers see either the old dataset or the complete new one, never a mix.

export interface PullPage {
  changes: readonly { key: string; op: 'put' | 'delete'; value?: unknown }[];
  cursor: string;
  hasMore: boolean;
  reset?: boolean | undefined;
}

export interface PullPageReport {
  /** True when this page completed a full download and it is now the active data. */
  swapped: boolean;
  /** Keys whose value failed the dataset schema; they are not stored. */
  invalidKeys: string[];
}

/** The cursor to ask the server with next: a started full download resumes where it stopped. */
export async function readPullCursor(db: MasterDb, dataset: DatasetName): Promise<string | undefined> {
  const state = await db.datasets.get(dataset);
  return state?.staging?.cursor ?? state?.cursor;
}

export async function applyPullPage(
  db: MasterDb,
  dataset: DatasetName,
  page: PullPage,
  now: number,
): Promise<PullPageReport> {
  const table = db.records(dataset);
  const schema = DATASET_SCHEMAS[dataset];
  const latest = new Map<string, { key: string; op: 'put' | 'delete'; value?: unknown }>();
  for (const change of page.changes) latest.set(change.key, change); // last change of a key wins
  const invalidKeys: string[] = [];
  const puts: { key: string; value: object }[] = [];
  const deletes: string[] = [];
  for (const change of latest.values()) {
    if (change.op === 'delete') {
      deletes.push(change.key);
      continue;
    }
    const parsed = schema.safeParse(change.value);
    if (parsed.success) puts.push({ key: change.key, value: parsed.data });
    else invalidKeys.push(change.key);
  }

  let swapped = false;
  await db.transaction('rw', [db.datasets, table], async () => {
    const state: DatasetStateRow = (await db.datasets.get(dataset)) ?? { name: dataset, gen: 0 };
    const isFullDownload = page.reset === true || state.cursor === undefined || state.staging !== undefined;
    let target = state.gen;
    if (isFullDownload) {
      if (page.reset === true || !state.staging) {
        // (Re)start the download in a fresh generation; a half-finished older staging is thrown away.
        if (state.staging) await generationRange(table, state.staging.gen).delete();
        state.staging = { gen: Math.max(state.gen, state.staging?.gen ?? 0) + 1, cursor: page.cursor };
      }
      target = state.staging.gen;
    }
    const rows = puts.map(({ key, value }) => ({ ...value, _gen: target, _key: key }) as MasterRow);
    await table.bulkPut(rows);
    await table.bulkDelete(deletes.map((key): [number, string] => [target, key]));

    if (state.staging && isFullDownload && !page.hasMore) {
      state.gen = state.staging.gen;
      state.cursor = page.cursor;
      delete state.staging;
      swapped = true;
    } else if (state.staging && isFullDownload) {
      state.staging.cursor = page.cursor;
    } else {
      state.cursor = page.cursor;
    }
    state.lastPullAt = now;
    await db.datasets.put(state);
  });
  if (swapped) await deleteOldGenerations(db, dataset);
  return { swapped, invalidKeys };
}

/** Removes generations below the active one (left behind by a switch); readers never see them. */
export async function deleteOldGenerations(db: MasterDb, dataset: DatasetName): Promise<void> {
  const table = db.records(dataset);
  await db.transaction('rw', [db.datasets, table], async () => {
    const state = await db.datasets.get(dataset);
    if (!state || state.gen === 0) return;
    await table.where('[_gen+_key]').below([state.gen, Dexie.minKey]).delete();
  });
}

const VERSION_MAX_LENGTH = 256;

/**
 * The master-data version stamped on each booking: the active cursor of every dataset. Cursors are the
 * server's own tokens, so the server can tell what the terminal worked with. Too long → a short digest.
 */
export async function readMasterDataVersion(db: MasterDb): Promise<string> {
  const states = new Map((await db.datasets.toArray()).map((state) => [state.name, state]));
  const parts = DATASET_NAMES.flatMap((name) => {
    const cursor = states.get(name)?.cursor;
    return cursor === undefined ? [] : [`${name}=${cursor}`];
  });
  const version = parts.join(';');
  return version.length <= VERSION_MAX_LENGTH ? version : `fnv1a:${fnv1a64(version)}`;
}

function fnv1a64(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) {
    hash ^= BigInt(text.charCodeAt(i));
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
}

export interface DatasetStatus {
  name: DatasetName;
  hasData: boolean;
  isDownloading: boolean;
  lastPullAt: number | null;
}

export async function readMasterDataStatus(db: MasterDb): Promise<DatasetStatus[]> {
  const states = new Map((await db.datasets.toArray()).map((state) => [state.name, state]));
  return DATASET_NAMES.map((name) => {
    const state = states.get(name);
    return {
      name,
      hasData: state?.cursor !== undefined,
      isDownloading: state?.staging !== undefined,
      lastPullAt: state?.lastPullAt ?? null,
    };
  });
}
