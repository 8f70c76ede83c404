import path from 'node:path';
import type { BenchCase } from '../core/cases';
import { count, num, seconds } from '../core/format';
import { withPageProfile } from '../core/profile';
import { formatSpread, median, spread } from '../core/stats';
import { benchOrderBook } from '../fixtures/master-data';
import { callPage, launchBenchBrowser, openBenchPage } from '../harness/browser';
import { BENCH_ENROLLMENT_CODE, startBenchServer } from '../harness/takt-server';

// 5. Master data to an empty terminal: the real puller against the real server (import → pull pages →
// schema check → Dexie), against Dexie bulkPut of the same rows in the same page.

const TARGET_RATIO = 0.7;

export const masterPullCase: BenchCase = {
  id: 'master-pull',
  title: 'Master-data pull to an empty terminal',
  async run(ctx) {
    const { records, repeats, chunk } = ctx.sizes.master;
    const server = await startBenchServer({ dataDir: path.join(ctx.workDir, 'master-server'), staticDir: ctx.siteDir });
    const browser = await launchBenchBrowser(ctx.workDir, 'master');
    try {
      const book = benchOrderBook(records);
      const importStarted = performance.now();
      await server.adminPost('/api/v1/admin/import', {
        mode: 'merge',
        orders: book.orders,
        operations: book.operations,
      });
      const importMs = performance.now() - importStarted;
      await openBenchPage(browser.page, `${server.url}/bench/terminal.html`);

      const pullRates: number[] = [];
      const putRates: number[] = [];
      const pullMs: number[] = [];
      let pulledRows = 0;
      for (let run = 0; run <= repeats; run++) {
        const isWarmup = run === 0;
        const pull = await withPageProfile(
          ctx,
          browser.cdp,
          isWarmup ? 'master-pull-warmup' : `master-pull-${run}`,
          () =>
            callPage(browser.page, 'pullMaster', { dbPrefix: `pull-${run}`, enrollmentCode: BENCH_ENROLLMENT_CODE }),
        );
        const put = await callPage(browser.page, 'bulkPutMaster', { dbPrefix: `put-${run}`, records, chunk });
        await callPage(browser.page, 'deleteDatabases', { dbPrefix: `pull-${run}` });
        await callPage(browser.page, 'deleteDatabases', { dbPrefix: `put-${run}` });
        ctx.log(
          `master pull ${isWarmup ? 'warm-up' : run}: ${pull.rows} rows in ${pull.ms.toFixed(0)} ms; bulkPut ${put.rows} rows in ${put.ms.toFixed(0)} ms`,
        );
        if (isWarmup) continue;
        pulledRows = pull.rows;
        pullMs.push(pull.ms);
        pullRates.push(pull.rows / (pull.ms / 1000));
        putRates.push(put.rows / (put.ms / 1000));
      }
      const ratios = pullRates.map((rate, i) => rate / (putRates[i] ?? Number.NaN));
      const ratio = median(ratios);
      return {
        rows: [
          {
            case: `5 Master-data pull, ${count(records)} orders/operations`,
            takt: `${formatSpread(spread(pullRates), 'rows/s', num)}; ${seconds(median(pullMs) / 1000)}`,
            reference: `${formatSpread(spread(putRates), 'rows/s', num)} Dexie bulkPut`,
            ratio,
            target: `ratio ≥ ${TARGET_RATIO}`,
            met: ratio >= TARGET_RATIO,
          },
        ],
        metrics: {
          pullRowsPerSecond: spread(pullRates),
          bulkPutRowsPerSecond: spread(putRates),
          pullMs: spread(pullMs),
          ratio: spread(ratios),
          rowsPulled: pulledRows,
          orders: book.orders.length,
          operations: book.operations.length,
          importMs,
        },
        notes: [],
      };
    } finally {
      await browser.close();
      await server.stop();
    }
  },
};
