import path from 'node:path';
import type { BenchCase } from '../core/cases';
import { count, num, seconds } from '../core/format';
import { formatSpread, median, spread } from '../core/stats';
import { openEnrolledApp, timeToReady } from '../harness/app';
import { callPage, launchBenchBrowser, openBenchPage } from '../harness/browser';
import { startBenchServer } from '../harness/takt-server';

// 3. Starting the real terminal with a 100,000-booking backlog against starting it with an empty outbox.
// Two servers give two origins (IndexedDB is per origin): one terminal gets the backlog seeded into its
// own databases, the other stays empty. Both are enrolled, have master data, and sync as usual while
// starting (the backlog terminal begins to drain it, as it would after an outage).

const TARGET_RATIO = 1.2;

export const startupBacklogCase: BenchCase = {
  id: 'startup-backlog',
  title: 'Start-up with a backlog',
  async run(ctx) {
    const { backlog, warmups, repeats } = ctx.sizes.startup;
    const withBacklog = await startBenchServer({
      dataDir: path.join(ctx.workDir, 'startup-backlog'),
      staticDir: ctx.siteDir,
      logLevel: 'warn',
    });
    const empty = await startBenchServer({
      dataDir: path.join(ctx.workDir, 'startup-empty'),
      staticDir: ctx.siteDir,
      logLevel: 'warn',
    });
    const browser = await launchBenchBrowser(ctx.workDir, 'startup');
    const { page } = browser;
    try {
      await openEnrolledApp(page, withBacklog);
      await openEnrolledApp(page, empty);
      await openBenchPage(page, `${withBacklog.url}/bench/terminal.html`);
      const seeded = await callPage(page, 'seedBacklog', { count: backlog });
      ctx.log(`seeded ${seeded.pending} pending bookings in ${seconds(seeded.ms / 1000)}`);

      const backlogTimes: number[] = [];
      const emptyTimes: number[] = [];
      for (let i = 0; i < warmups + repeats; i++) {
        const emptyMs = await timeToReady(page, `${empty.url}/`);
        const backlogMs = await timeToReady(page, `${withBacklog.url}/`);
        if (i < warmups) continue;
        emptyTimes.push(emptyMs);
        backlogTimes.push(backlogMs);
      }
      await openBenchPage(page, `${withBacklog.url}/bench/terminal.html`);
      const pendingAfter = await callPage(page, 'pendingCount', {});
      const ratio = median(backlogTimes) / median(emptyTimes);
      return {
        rows: [
          {
            case: `3 Start-up to ready, ${count(backlog)} pending`,
            takt: formatSpread(spread(backlogTimes), 'ms', num),
            reference: `${formatSpread(spread(emptyTimes), 'ms', num)} empty outbox`,
            ratio,
            target: `ratio ≤ ${TARGET_RATIO}`,
            met: ratio <= TARGET_RATIO,
          },
        ],
        metrics: {
          backlogReadyMs: spread(backlogTimes),
          emptyReadyMs: spread(emptyTimes),
          seededPending: seeded.pending,
          pendingAfterLastStart: pendingAfter,
        },
        notes: [],
      };
    } finally {
      await browser.close();
      await withBacklog.stop();
      await empty.stop();
    }
  },
};
