import 'fake-indexeddb/auto';
import { it } from 'vitest';
import { startPgCluster } from '../../server/src/testing/pg-cluster';
import { runSimulation } from './simulation';
import { preparePgSimStore } from './sim-server-pg';
import { startSqliteSimServer } from './sim-server';

it('profile', async () => {
  const cluster = await startPgCluster();
  let t = performance.now();
  const store = await preparePgSimStore(cluster);
  console.log('prepare', performance.now() - t);
  const wrap = (f: typeof store.startServer, tag: string) => async (now: () => number) => {
    const t0 = performance.now();
    const s = await f(now);
    const t1 = performance.now();
    let crashMs = 0;
    return {
      ...s,
      get restarts() {
        return s.restarts;
      },
      crash: async () => {
        const c = performance.now();
        await s.crash();
        crashMs += performance.now() - c;
      },
      dispose: async () => {
        const d = performance.now();
        await s.dispose();
        console.log(
          tag,
          'start',
          (t1 - t0).toFixed(0),
          'crashes',
          crashMs.toFixed(0),
          'dispose',
          (performance.now() - d).toFixed(0),
        );
      },
    };
  };
  for (const [tag, f] of [
    ['pg', store.startServer],
    ['sqlite', startSqliteSimServer],
  ] as const) {
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      t = performance.now();
      const r = await runSimulation({ seed, bookings: 50 + (seed % 51), startServer: wrap(f, tag) });
      const tm = Object.fromEntries(Object.entries(r.timings).map(([k, v]) => [k, Math.round(v!)]));
      console.log(
        tag,
        seed,
        Math.round(performance.now() - t),
        r.serverRestarts,
        JSON.stringify(tm),
        r.violations.length,
      );
    }
  }
  await store.close();
  await cluster.stop();
}, 300_000);
