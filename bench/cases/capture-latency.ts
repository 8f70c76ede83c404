import path from 'node:path';
import type { BenchCase } from '../core/cases';
import { num } from '../core/format';
import { withPageProfile } from '../core/profile';
import { formatSpread, median, percentile, spread } from '../core/stats';
import { callPage, launchBenchBrowser, openBenchPage } from '../harness/browser';
import { startBenchServer } from '../harness/takt-server';

// 1. A booking captured through the real data layer (strict transaction: identity, counter, booking)
// against the floor: one raw IndexedDB put in its own strict transaction, in the same page.

const TARGET_RATIO = 1.5;

export const captureLatencyCase: BenchCase = {
  id: 'capture-latency',
  title: 'Capture latency in Chromium',
  async run(ctx) {
    const server = await startBenchServer({
      dataDir: path.join(ctx.workDir, 'capture-server'),
      staticDir: ctx.siteDir,
      logLevel: 'warn',
    });
    const browser = await launchBenchBrowser(ctx.workDir, 'capture');
    try {
      await openBenchPage(browser.page, `${server.url}/bench/terminal.html`);
      const { capture, raw } = await withPageProfile(ctx, browser.cdp, 'capture-latency', () =>
        callPage(browser.page, 'captureLatency', { dbPrefix: 'capture', ...ctx.sizes.capture }),
      );
      const captureP95 = capture.map((samples) => percentile(samples, 95));
      const rawP95 = raw.map((samples) => percentile(samples, 95));
      const ratios = captureP95.map((value, i) => value / (rawP95[i] ?? Number.NaN));
      const ratio = median(ratios);
      return {
        rows: [
          {
            case: '1 Capture latency p95 (real data layer vs raw put)',
            takt: formatSpread(spread(captureP95), 'ms', num),
            reference: `${formatSpread(spread(rawP95), 'ms', num)} raw strict put`,
            ratio,
            target: `p95 ratio ≤ ${TARGET_RATIO}`,
            met: ratio <= TARGET_RATIO,
          },
        ],
        metrics: {
          captureP50: spread(capture.map((samples) => percentile(samples, 50))),
          captureP95: spread(captureP95),
          rawP50: spread(raw.map((samples) => percentile(samples, 50))),
          rawP95: spread(rawP95),
          p95Ratio: spread(ratios),
          capturesPerRepeat: ctx.sizes.capture.count,
        },
        notes: [],
      };
    } finally {
      await browser.close();
      await server.stop();
    }
  },
};
