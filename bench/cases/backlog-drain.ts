import os from 'node:os';
import path from 'node:path';
import { loadNow } from '../core/machine';
import type { BenchCase, BenchContext, TableRow } from '../core/cases';
import { count, num, seconds } from '../core/format';
import { serverProfileDir, withPageProfile } from '../core/profile';
import { formatSpread, median, spread } from '../core/stats';
import { callPage, callPouch, openBenchPage } from '../harness/browser';
import { launchPlainBrowser, type PlainBrowser as BenchBrowser } from '../harness/plain-browser';
import { startPouchServer } from '../harness/pouch-server';
import { inspectServerBookings } from '../harness/server-db';
import { freePort } from '../../tests/support/free-port';
import { nodePushDrain } from '../harness/node-push-drain';
import { startBenchServer, type BenchServerOptions } from '../harness/takt-server';
import { rawSqliteInsert } from './raw-sqlite';

// 2. A long outage is over: 100,000 pending bookings go to the real server through the real uploader.
// Reference (the floor): the same server, started the same way, taking the same backlog from a plain Node
// client over one connection, ready-made pushes of the same size, one in flight: what a terminal cannot
// beat. Under it, not judged: the same rows straight into the server's SQLite, to show how much of the floor
// is the store. Peer: PouchDB replicating as many equivalent documents from Chromium to express-pouchdb.

const TARGET_SECONDS = 30;
const TARGET_VS_FLOOR = 0.7;
const TARGET_VS_PEER = 6;
const BATCH = 500; // the uploader's default push size

interface DrainRun {
  ms: number;
  synced: number;
  isComplete: boolean;
  rate: number;
  networkMs: number;
  pushes: number;
  /** Rate in each window of WINDOW bookings: shows whether the drain slows down as it goes. */
  windowRates: number[];
}

const WINDOW = 10_000;

/** Bookings/s in consecutive windows of `size` answered bookings, from the per-push progress. */
export function windowRates(progress: ReadonlyArray<readonly [number, number]>, size: number): number[] {
  const rates: number[] = [];
  let from: readonly [number, number] = [0, 0];
  for (const point of progress) {
    if (point[0] - from[0] < size) continue;
    rates.push((point[0] - from[0]) / ((point[1] - from[1]) / 1000));
    from = point;
  }
  return rates;
}

export const backlogDrainCase: BenchCase = {
  id: 'backlog-drain',
  title: 'Backlog drain after an outage',
  async run(ctx) {
    const sizes = ctx.sizes.drain;
    // Without Playwright: its Network domain makes Chromium copy every push body to DevTools (harness/plain-browser.ts).
    const browser = await launchPlainBrowser(ctx.workDir, 'drain');
    try {
      // Other work on the machine slows the page's drain far more than the floor: the load is reported.
      const load = [loadNow()];
      const takt = await drainRuns(ctx, browser);
      load.push(loadNow());
      const floor = await floorRuns(ctx);
      load.push(loadNow());
      const raw = rawRuns(ctx);
      const peer = await pouchRuns(ctx, browser).catch((error: unknown) => ({
        error: error instanceof Error ? error.message : String(error),
      }));
      load.push(loadNow());

      const rates = spread(takt.map((run) => run.rate));
      const windows = takt.flatMap((run) => run.windowRates);
      const isComplete = takt.every((run) => run.isComplete);
      const totals = spread(takt.map((run) => run.ms / 1000));
      const rawRates = spread(raw);
      const floorRates = spread(floor.map((run) => run.rate));
      const floorPushMs = spread(floor.map((run) => median(run.pushMs)));
      const limit = sizes.timeLimitSeconds;
      const rateText = `${formatSpread(rates, 'bookings/s', num)}${windows.length > 1 ? `; per ${num(WINDOW)}: ${num(windows[0] ?? 0)} first, ${num(windows.at(-1) ?? 0)} last` : ''}`;
      const synced = Math.min(...takt.map((run) => run.synced));
      const rows: TableRow[] = [
        {
          case: `2 Backlog drain ${count(sizes.bookings)} → server (loopback)`,
          takt: rateText,
          reference: `${formatSpread(floorRates, 'bookings/s', num)} same server, Node client, ${BATCH}/push, 1 in flight`,
          ratio: rates.median / floorRates.median,
          target: `≥ ${TARGET_VS_FLOOR} of the floor`,
          met: rates.median / floorRates.median >= TARGET_VS_FLOOR,
        },
        {
          case: '2 The floor against its store (not judged)',
          takt: `${formatSpread(floorRates, 'bookings/s', num)}; push answered in ${formatSpread(floorPushMs, 'ms', num)} (median)`,
          reference: `${formatSpread(rawRates, 'rows/s', num)} raw SQLite, ${BATCH}/commit`,
          ratio: floorRates.median / rawRates.median,
          target: '— (how much of a push is the store)',
          met: null,
        },
        {
          case: '2 Backlog drain total time',
          takt: isComplete
            ? formatSpread(totals, 's', num)
            : `> ${num(limit)} s: stopped at ${count(synced)} of ${count(sizes.bookings)}`,
          reference: '—',
          ratio: null,
          target: `< ${TARGET_SECONDS} s`,
          met: isComplete && totals.median < TARGET_SECONDS,
        },
      ];
      if ('error' in peer) {
        rows.push({
          case: '2 Backlog drain vs PouchDB peer',
          takt: rateText,
          reference: `peer unavailable: ${peer.error.slice(0, 120)}`,
          ratio: null,
          target: `≥ ${TARGET_VS_PEER}× peer`,
          met: null,
        });
      } else {
        const peerRates = spread(peer.rates);
        const peerText = `${formatSpread(peerRates, 'docs/s', num)} PouchDB ${peer.adapter} → express-pouchdb${peer.isComplete ? '' : ` (stopped at ${num(limit)} s)`}`;
        rows.push({
          case: '2 Backlog drain vs PouchDB peer',
          takt: formatSpread(rates, 'bookings/s', num),
          reference: peerText,
          ratio: rates.median / peerRates.median,
          target: `≥ ${TARGET_VS_PEER}× peer`,
          met: rates.median / peerRates.median >= TARGET_VS_PEER,
        });
      }
      const networkShare = median(takt.map((run) => run.networkMs / run.ms));
      return {
        rows,
        metrics: {
          bookings: sizes.bookings,
          bookingsSynced: synced,
          isComplete,
          bookingsPerSecond: rates,
          windowBookingsPerSecond: windows.length > 0 ? spread(windows) : null,
          windowRates: JSON.stringify(takt.map((run) => run.windowRates.map(Math.round))),
          totalSeconds: totals,
          floorBookingsPerSecond: floorRates,
          floorPushMsMedian: floorPushMs,
          rawRowsPerSecond: rawRates,
          pushes: median(takt.map((run) => run.pushes)),
          shareOfTimeWaitingForServer: networkShare,
          peerDocsPerSecond: 'error' in peer ? null : spread(peer.rates),
          peerSeconds: 'error' in peer ? null : spread(peer.seconds),
          peerDocs: sizes.pouchDocs,
          peerError: 'error' in peer ? peer.error : null,
          loadAverage: JSON.stringify(load.map((value) => Number(value.toFixed(1)))),
        },
        notes: [
          `load average (1 min) at start, after the drain, after the floor, after PouchDB: ${load.map((value) => value.toFixed(1)).join(', ')} on ${os.cpus().length} cores`,
          `drain: ${(networkShare * 100).toFixed(0)}% of the time waiting for push answers, the rest local (read batch, apply answer in IndexedDB)`,
        ],
      };
    } finally {
      await browser.close();
    }
  },
};

/** The server as every run of this case starts it (the drain's own runs add a CPU profile when asked). */
function drainServerOptions(ctx: BenchContext, dataDir: string, port: number): BenchServerOptions {
  return { dataDir, port, staticDir: ctx.siteDir };
}

/**
 * The floor: a warm-up on its own server, then each measured run on a fresh server, as the drain runs;
 * the server's database is checked afterwards like the drain's.
 */
async function floorRuns(ctx: BenchContext): Promise<Array<{ rate: number; pushMs: number[] }>> {
  const { bookings, warmupBookings, floorRepeats } = ctx.sizes.drain;
  const runs: Array<{ rate: number; pushMs: number[] }> = [];
  for (let run = 0; run <= floorRepeats; run++) {
    const isWarmup = run === 0;
    const size = isWarmup ? warmupBookings : bookings;
    const dataDir = path.join(ctx.workDir, `floor-server-${run}`);
    const server = await startBenchServer(drainServerOptions(ctx, dataDir, await freePort()));
    try {
      const { terminalId, token } = await server.enroll();
      const result = await nodePushDrain({ url: server.url, token, terminalId, total: size, batch: BATCH });
      ctx.log(
        `floor ${isWarmup ? 'warm-up' : run}: ${result.synced} in ${seconds(result.ms / 1000)} (${result.pushes} pushes, median ${num(median(result.pushMs))} ms each)`,
      );
      await server.stop();
      const stored = inspectServerBookings(dataDir);
      if (stored.rows !== size || stored.distinctIds !== size)
        throw new Error(`floor ${run}: server stored ${stored.rows} rows (${stored.distinctIds} ids) for ${size}`);
      if (!isWarmup) runs.push({ rate: result.rate, pushMs: result.pushMs });
    } finally {
      await server.stop();
    }
  }
  return runs;
}

async function drainRuns(ctx: BenchContext, browser: BenchBrowser): Promise<DrainRun[]> {
  const { bookings, warmupBookings, repeats } = ctx.sizes.drain;
  const port = await freePort(); // one origin for all runs, so the page stays loaded across server restarts
  const runs: DrainRun[] = [];
  for (let run = 0; run <= repeats; run++) {
    const isWarmup = run === 0;
    const size = isWarmup ? warmupBookings : bookings;
    const dataDir = path.join(ctx.workDir, `drain-server-${run}`);
    const server = await startBenchServer({
      ...drainServerOptions(ctx, dataDir, port),
      ...(isWarmup ? {} : { cpuProfDir: serverProfileDir(ctx, `drain-${run}`) }),
    });
    try {
      if (isWarmup) await openBenchPage(browser.page, `${server.url}/bench/terminal.html`);
      const identity = { ...(await server.enroll()), stationId: 'ST-10' };
      const dbPrefix = `drain-${run}`;
      const seeded = await callPage(browser.page, 'seedBacklog', { dbPrefix, count: size, identity });
      const timeLimitMs = ctx.sizes.drain.timeLimitSeconds * 1000;
      const drained = await withPageProfile(ctx, browser.cdp, `drain-${run}`, () =>
        callPage(browser.page, 'drain', { dbPrefix, maxFailedRuns: 3, timeLimitMs }),
      );
      const left = await callPage(browser.page, 'pendingCount', { dbPrefix });
      await callPage(browser.page, 'deleteDatabases', { dbPrefix });
      const how = drained.isComplete ? 'drained' : 'time limit: drained only';
      ctx.log(
        `drain ${isWarmup ? 'warm-up' : run}: seeded ${seeded.pending} in ${seconds(seeded.ms / 1000)}, ${how} ${drained.synced} in ${seconds(drained.ms / 1000)} (${drained.pushes} pushes)`,
      );
      if (drained.synced + left !== size || (drained.isComplete && left !== 0))
        throw new Error(`drain ${run}: ${drained.synced} synced + ${left} pending ≠ ${size}`);
      await server.stop();
      // The server may hold one batch more than the terminal applied (the answer abandoned at the limit).
      const stored = inspectServerBookings(dataDir);
      if (stored.rows < drained.synced || stored.rows > size || stored.distinctIds !== stored.rows) {
        throw new Error(
          `drain ${run}: server stored ${stored.rows} rows (${stored.distinctIds} ids) for ${drained.synced} synced`,
        );
      }
      if (!isWarmup) {
        runs.push({
          ms: drained.ms,
          synced: drained.synced,
          isComplete: drained.isComplete,
          rate: drained.synced / (drained.ms / 1000),
          networkMs: drained.networkMs,
          pushes: drained.pushes,
          windowRates: windowRates(drained.progress, WINDOW),
        });
      }
    } finally {
      await server.stop();
    }
  }
  return runs;
}

function rawRuns(ctx: BenchContext): number[] {
  const { bookings, warmupBookings, repeats } = ctx.sizes.drain;
  rawSqliteInsert(path.join(ctx.workDir, 'raw-warmup.sqlite'), warmupBookings, BATCH);
  return Array.from(
    { length: repeats },
    (_, run) => rawSqliteInsert(path.join(ctx.workDir, `raw-${run}.sqlite`), bookings, BATCH).rowsPerSecond,
  );
}

async function pouchRuns(
  ctx: BenchContext,
  browser: BenchBrowser,
): Promise<{ rates: number[]; seconds: number[]; adapter: string; isComplete: boolean }> {
  const { pouchDocs, warmupBookings, pouchRepeats } = ctx.sizes.drain;
  const server = await startPouchServer(path.join(ctx.workDir, 'pouch-server'));
  try {
    await openBenchPage(browser.page, `${server.url}/pouch.html`);
    const rates: number[] = [];
    const times: number[] = [];
    let adapter = '';
    let isComplete = true;
    for (let run = 0; run <= pouchRepeats; run++) {
      const isWarmup = run === 0;
      const size = isWarmup ? Math.min(warmupBookings, 1_000) : pouchDocs;
      const dbName = `bookings-${run}`;
      const seeded = await callPouch(browser.page, 'seed', { dbName, count: size });
      adapter = await callPouch(browser.page, 'adapter', { dbName });
      const replicated = await withPageProfile(ctx, browser.cdp, `pouch-${run}`, () =>
        callPouch(browser.page, 'replicate', {
          dbName,
          remoteUrl: `${server.url}/db/${dbName}`,
          timeLimitMs: ctx.sizes.drain.timeLimitSeconds * 1000,
        }),
      );
      await callPouch(browser.page, 'destroy', { dbName });
      ctx.log(
        `pouch ${isWarmup ? 'warm-up' : run}: seeded ${size} in ${seconds(seeded.ms / 1000)}, replicated ${replicated.docsWritten} in ${seconds(replicated.ms / 1000)}`,
      );
      if (isWarmup) continue;
      isComplete &&= replicated.docsWritten === size;
      rates.push(replicated.docsWritten / (replicated.ms / 1000));
      times.push(replicated.ms / 1000);
    }
    return { rates, seconds: times, adapter, isComplete };
  } finally {
    await server.stop();
  }
}
