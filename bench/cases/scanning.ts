import os from 'node:os';
import path from 'node:path';
import { loadNow } from '../core/machine';
import type { BenchCase, TableRow } from '../core/cases';
import { count, num, perSecond } from '../core/format';
import { formatSpread, median, spread } from '../core/stats';
import { openEnrolledApp } from '../harness/app';
import { launchBenchBrowser } from '../harness/browser';
import { startBenchServer } from '../harness/takt-server';
import {
  gs1Samples,
  installScanProbe,
  measureGs1,
  type WedgePageRun,
  serialThroughPty,
  wedgeInDetector,
  wedgeInPage,
} from './scan-input';

// 7. Scanning: GS1 parse rate, keyboard-wedge detection at 1 ms per key (detector and the real page),
// a serial scanner at 1,000 scans/s through a socat PTY and the real SerialScannerSource.

export const scanningCase: BenchCase = {
  id: 'scanning',
  title: 'Scanning',
  async run(ctx) {
    const sizes = ctx.sizes.scanning;
    const samples = gs1Samples(1_000);
    measureGs1(samples, Math.min(20_000, sizes.gs1Strings)); // warm-up: let V8 optimise the parser
    const gs1Runs = Array.from({ length: sizes.gs1Repeats }, () => measureGs1(samples, sizes.gs1Strings));
    const gs1Rate = spread(gs1Runs.map((run) => run.perSecond));
    const allParsed = gs1Runs.every((run) => run.parsedOk === sizes.gs1Strings);

    const detector = wedgeInDetector(sizes.wedgeScans);
    const loadBefore = loadNow();
    const pageRuns = await wedgeOnRealPage(ctx.workDir, ctx.siteDir, sizes.wedgeScans, sizes.wedgePageRuns);
    const wholeRuns = pageRuns.filter((run) => run.exact === sizes.wedgeScans && run.scans === sizes.wedgeScans);
    const lostPerRun = pageRuns.map((run) => sizes.wedgeScans - run.exact);
    const gaps = pageRuns.map((run) => run.gapMaxMs);
    const loadAfter = loadNow();
    const serial = await serialThroughPty(sizes.serialRate, sizes.serialSeconds);
    const achievedRate = serial.sent / (serial.sendMs / 1000);

    const lostText = (scans: number, exact: number, total: number) =>
      `${count(total - exact)} lost or split of ${count(total)} (${count(scans)} scans seen)`;
    const rows: TableRow[] = [
      {
        case: '7 parseGs1 element strings',
        takt: formatSpread(gs1Rate, 'strings/s', num),
        reference: '—',
        ratio: null,
        target: 'all parse (no target rate)',
        met: allParsed,
      },
      {
        case: '7 Wedge detector, 1 ms/key',
        takt: lostText(detector.scans, detector.exact, sizes.wedgeScans),
        reference: '—',
        ratio: null,
        target: '0 lost or split',
        met: detector.exact === sizes.wedgeScans && detector.scans === sizes.wedgeScans,
      },
      {
        case: `7 Wedge in the real page (CDP keys, 1 ms apart), ${pageRuns.length} runs`,
        takt: `0 lost or split of ${count(sizes.wedgeScans)} in ${wholeRuns.length} of ${pageRuns.length} runs (lost or split per run: ${lostPerRun.join(', ')}; scans with a key > 50 ms late in real time: ${pageRuns.map((run) => run.lateArrivals).join(', ')}, sent late by the bench: ${pageRuns.map((run) => run.lateSends).join(', ')}); key gap by stamp median ${median(pageRuns.map((run) => run.gapMedianMs)).toFixed(1)} ms, max ${Math.max(...gaps).toFixed(1)} ms`,
        reference: '—',
        ratio: null,
        target: `0 lost or split in ${pageRuns.length} of ${pageRuns.length} runs`,
        met: wholeRuns.length === pageRuns.length,
      },
      {
        case: '7 Serial scanner via socat PTY',
        takt: `${count(serial.sent - serial.exact)} lost of ${count(serial.sent)} at ${perSecond(achievedRate, 'scans')}`,
        reference: '—',
        ratio: null,
        target: `${count(sizes.serialRate)} scans/s, 0 lost`,
        met: serial.exact === serial.sent && serial.received === serial.sent && achievedRate >= sizes.serialRate * 0.95,
      },
    ];
    return {
      rows,
      metrics: {
        gs1PerSecond: gs1Rate,
        wedgeDetectorScans: detector.scans,
        wedgeDetectorExact: detector.exact,
        wedgePageRuns: pageRuns.length,
        wedgePageWholeRuns: wholeRuns.length,
        wedgePageScans: JSON.stringify(pageRuns.map((run) => run.scans)),
        wedgePageExact: JSON.stringify(pageRuns.map((run) => run.exact)),
        wedgePageGapMedianMs: median(pageRuns.map((run) => run.gapMedianMs)),
        wedgePageGapMaxMs: Math.max(...gaps),
        wedgePageLateArrivals: JSON.stringify(pageRuns.map((run) => run.lateArrivals)),
        wedgePageArrivalGapMaxMs: JSON.stringify(pageRuns.map((run) => Math.round(run.arrivalGapMaxMs))),
        wedgePageLateSends: JSON.stringify(pageRuns.map((run) => run.lateSends)),
        wedgePageSendLateMaxMs: JSON.stringify(pageRuns.map((run) => Math.round(run.sendLateMaxMs))),
        serialSent: serial.sent,
        serialReceived: serial.received,
        serialExact: serial.exact,
        serialRate: achievedRate,
      },
      notes: [
        `real-page wedge: load average (1 min) ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after, on ${os.cpus().length} cores`,
      ],
    };
  },
};

/** `runs` rounds of `scans` scans into one enrolled page, the probe emptied before each round. */
async function wedgeOnRealPage(workDir: string, siteDir: string, scans: number, runs: number) {
  const server = await startBenchServer({
    dataDir: path.join(workDir, 'scan-server'),
    staticDir: siteDir,
    logLevel: 'warn',
  });
  const browser = await launchBenchBrowser(workDir, 'scan');
  try {
    await browser.page.addInitScript(installScanProbe);
    await openEnrolledApp(browser.page, server);
    const results: WedgePageRun[] = [];
    for (let run = 0; run < runs; run++) results.push(await wedgeInPage(browser.page, browser.cdp, scans));
    return results;
  } finally {
    await browser.close();
    await server.stop();
  }
}
