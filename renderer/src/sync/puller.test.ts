import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Reason } from '@shared/master-data';
import type { Change } from '@shared/protocol';
import type { TerminalData } from '../data';
import { openTestTerminalData, TEST_IDENTITY } from '../data/testing/fixtures';
import { startSyncEngine, type SyncEngineOptions } from './engine';
import { createFakeSyncServer, fakeTransport, type FakeSyncServer } from './testing/fake-sync-server';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function terminal(): Promise<TerminalData> {
  const data = openTestTerminalData();
  cleanup.push(() => data.close());
  await data.saveIdentity(TEST_IDENTITY);
  return data;
}

function engine(data: TerminalData, server: FakeSyncServer, options: Partial<SyncEngineOptions> = {}) {
  const started = startSyncEngine({
    transport: fakeTransport(server),
    data,
    isAutomatic: false,
    connectivity: null,
    locks: null,
    datasets: ['reasons'],
    pullPageSize: 3,
    ...options,
  });
  cleanup.push(() => started.stop());
  return started;
}

const reasonPut = (id: string): Change => ({
  key: id,
  op: 'put',
  value: { id, kind: 'scrap', text: { de: id, en: id } } satisfies Reason,
});
const ids = async (data: TerminalData) => (await data.master.listReasons('scrap')).map((r) => r.id).sort();

describe('master-data puller', () => {
  it('pages through a dataset with the server cursor and applies every page', async () => {
    const data = await terminal();
    const server = createFakeSyncServer();
    server.addChanges('reasons', ['A', 'B', 'C', 'D', 'E', 'F', 'G'].map(reasonPut));
    const sync = engine(data, server);
    expect(await sync.pullNow()).toMatchObject({ ok: true, swapped: ['reasons'] });
    expect(server.pulls.map((q) => q.cursor)).toEqual([undefined, '3', '6']);
    expect(server.pulls.every((q) => q.limit === 3)).toBe(true);
    expect(await ids(data)).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G']);

    server.addChanges('reasons', [{ key: 'A', op: 'delete' }, reasonPut('H')]);
    await sync.pullNow();
    expect(server.pulls.at(-1)?.cursor).toBe('7');
    expect(await ids(data)).toEqual(['B', 'C', 'D', 'E', 'F', 'G', 'H']);
    expect(sync.health.getHealth().lastSyncAt).not.toBeNull();
  });

  it('resumes from the last applied page after a failure', async () => {
    const data = await terminal();
    const server = createFakeSyncServer();
    server.addChanges('reasons', ['A', 'B', 'C', 'D', 'E'].map(reasonPut));
    let calls = 0;
    const flaky = fakeTransport(server, {
      pull: async () => (++calls === 2 ? { kind: 'network-error', message: 'reset by peer' } : undefined),
    });
    const sync = engine(data, server, { transport: flaky });
    expect(await sync.pullNow()).toMatchObject({ ok: false, error: 'network' });
    expect(await ids(data)).toEqual([]); // first download is staged: nothing half-visible
    expect(await sync.pullNow()).toMatchObject({ ok: true });
    expect(server.pulls.map((q) => q.cursor)).toEqual([undefined, '3']);
    expect(await ids(data)).toEqual(['A', 'B', 'C', 'D', 'E']);
  });

  it('downloads a reset completely before it replaces the old data', async () => {
    const data = await terminal();
    const server = createFakeSyncServer();
    server.addChanges('reasons', ['OLD1', 'OLD2'].map(reasonPut));
    const sync = engine(data, server);
    await sync.pullNow();
    server.compact('reasons', ['N1', 'N2', 'N3', 'N4', 'N5'].map(reasonPut));
    const seenDuringDownload: string[][] = [];
    const watching = fakeTransport(server, {
      pull: async () => {
        seenDuringDownload.push(await ids(data));
        return undefined;
      },
    });
    const resync = engine(data, server, { transport: watching });
    expect(await resync.pullNow()).toMatchObject({ ok: true, swapped: ['reasons'] });
    expect(seenDuringDownload.every((seen) => seen.join() === 'OLD1,OLD2')).toBe(true);
    expect(await ids(data)).toEqual(['N1', 'N2', 'N3', 'N4', 'N5']);
  });

  it('refuses to loop on a server that repeats the same page forever', async () => {
    const data = await terminal();
    const server = createFakeSyncServer();
    const stuck = fakeTransport(server, {
      pull: async (query) => ({
        kind: 'ok',
        value: { changes: [], cursor: query.cursor ?? 'x', hasMore: true, serverTime: Date.now() },
      }),
    });
    const sync = engine(data, server, { transport: stuck });
    expect(await sync.pullNow()).toMatchObject({ ok: false, error: 'bad-response' });
  });
});
