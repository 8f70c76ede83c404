import { benchBookings } from '../fixtures/bookings';
import type { PouchBenchApi } from './bench-api';

// The peer: the same bookings as PouchDB documents in Chromium, replicated to a PouchDB server.
// PouchDB comes from its own browser build (copied to vendor/), with the newer `indexeddb` adapter.

const ADAPTER = 'indexeddb';
const SEED_CHUNK = 1_000;

function pouch(): BenchPouchStatic {
  if (!window.PouchDB) throw new Error('PouchDB browser build not loaded');
  return window.PouchDB;
}

const open = (dbName: string) => new (pouch())(dbName, { adapter: ADAPTER });

const api: PouchBenchApi = {
  async seed({ dbName, count }) {
    const db = open(dbName);
    const stream = { terminalId: 'T-POUCH', epoch: 'pouch' };
    const started = performance.now();
    const endAt = Date.now();
    for (let done = 0; done < count; done += SEED_CHUNK) {
      const size = Math.min(SEED_CHUNK, count - done);
      const docs = benchBookings(stream, done + 1, size, endAt - (count - done - size) * 1_000, crypto).map(
        (booking) => ({
          _id: booking.id,
          ...booking,
        }),
      );
      const results = await db.bulkDocs(docs);
      const failed = results.find((result) => result.error !== undefined);
      if (failed) throw new Error(`PouchDB bulkDocs failed: ${failed.error ?? ''}`);
    }
    return { ms: performance.now() - started };
  },

  async replicate({ dbName, remoteUrl, timeLimitMs }) {
    const local = open(dbName);
    const remote = new (pouch())(remoteUrl);
    const started = performance.now();
    const replication = local.replicate.to(remote);
    const limit = Number.isFinite(timeLimitMs)
      ? setTimeout(() => replication.cancel(), Math.min(timeLimitMs, 2 ** 31 - 1))
      : undefined;
    try {
      const result = await replication;
      return { ms: performance.now() - started, docsWritten: result.docs_written };
    } finally {
      clearTimeout(limit);
    }
  },

  async destroy({ dbName }) {
    await open(dbName).destroy();
  },

  async adapter({ dbName }) {
    return open(dbName).adapter;
  },
};

function loadScript(src: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`could not load ${src}`));
    document.head.append(script);
  });
}

await loadScript('./vendor/pouchdb.min.js');
await loadScript('./vendor/pouchdb.indexeddb.min.js');
window.pouchBench = api;
document.title = 'pouch bench: ready';
