import path from 'node:path';
import type { BenchCase, BenchContext } from '../core/cases';
import { count, mb, num, seconds } from '../core/format';
import { withPageProfile } from '../core/profile';
import { slope } from '../core/stats';
import { callPage, heapAfterGc, launchBenchBrowser, openBenchPage } from '../harness/browser';
import { BENCH_ENROLLMENT_CODE, startBenchServer } from '../harness/takt-server';
import { simulateShift } from './ui-shift';

// 6. Renderer memory. (a) The data layer and the sync engine, wired as the app wires them, capture
// 100,000 bookings in one session while syncing to the real server: JS heap after a full GC at every
// checkpoint, growth per 10,000 by a least-squares fit. (b) The real app driven through its UI for
// 8 simulated hours (Playwright's clock runs the app's timers: clock, sync intervals, feedback).

const TARGET_TOTAL_BYTES = 80_000_000;
const TARGET_PER_10K_BYTES = 5_000_000;
const DRAIN_TIMEOUT_MS = 300_000;

export const memoryCase: BenchCase = {
  id: 'memory',
  title: 'Renderer memory',
  async run(ctx) {
    const shift = await simulateShift(ctx, ctx.sizes.memory.uiHours);
    const captures = await captureSession(ctx);
    const perTenThousand = captures.slopePerBooking * 10_000;
    const target = ctx.sizes.memory.bookings;
    // Stopped by the time limit: the heap at the full count, extrapolated along the measured growth.
    const atTarget = captures.endHeap + captures.slopePerBooking * (target - captures.captured);
    const projected = shift.startHeap + (atTarget - captures.startHeap);
    const capturedText = captures.isComplete
      ? `${mb(captures.endHeap)} (start ${mb(captures.startHeap)}; after drain ${mb(captures.drainedHeap)})`
      : `${mb(atTarget)} projected from ${count(captures.captured)} captures in ${num(ctx.sizes.memory.timeLimitSeconds)} s (${mb(captures.startHeap)} → ${mb(captures.endHeap)})`;
    return {
      rows: [
        {
          case: `6 JS heap after ${count(target)} captures, sync on`,
          takt: capturedText,
          reference: '—',
          ratio: null,
          target: `≤ ${mb(TARGET_TOTAL_BYTES)}`,
          met: atTarget <= TARGET_TOTAL_BYTES && projected <= TARGET_TOTAL_BYTES,
        },
        {
          case: '6 Heap growth per 10,000 bookings',
          takt: `${mb(perTenThousand)} (fit over ${captures.points.length} checkpoints)`,
          reference: '—',
          ratio: null,
          target: `≤ ${mb(TARGET_PER_10K_BYTES)}`,
          met: perTenThousand <= TARGET_PER_10K_BYTES,
        },
        {
          case: `6 Real app heap after ${shift.hours} simulated h of UI use`,
          takt: `${mb(shift.endHeap)} (start ${mb(shift.startHeap)}, ${shift.bookings} bookings via UI)`,
          reference: '—',
          ratio: null,
          target: `≤ ${mb(TARGET_TOTAL_BYTES)}`,
          met: shift.endHeap <= TARGET_TOTAL_BYTES,
        },
      ],
      metrics: {
        captureStartHeap: captures.startHeap,
        captureEndHeap: captures.endHeap,
        captured: captures.captured,
        heapAtTargetBytes: atTarget,
        captureDrainedHeap: captures.drainedHeap,
        heapCheckpoints: JSON.stringify(captures.points),
        growthPer10kBytes: perTenThousand,
        capturesPerSecond: captures.capturesPerSecond,
        drainSecondsAfterCapture: captures.drainSeconds,
        appStartHeap: shift.startHeap,
        appEndHeap: shift.endHeap,
        appBookings: shift.bookings,
        appPendingAtEnd: shift.pendingAtEnd,
        projectedAppHeapAfterCaptures: projected,
      },
      notes: [
        `memory: ${num(captures.capturesPerSecond)} captures/s with sync running; the app's own heap at start (${mb(shift.startHeap)}) plus the capture session's growth gives ${mb(projected)} for the app after ${count(target)} captures`,
      ],
    };
  },
};

async function captureSession(ctx: BenchContext) {
  const { bookings, checkpointEvery, concurrency, timeLimitSeconds } = ctx.sizes.memory;
  const server = await startBenchServer({
    dataDir: path.join(ctx.workDir, 'memory-server'),
    staticDir: ctx.siteDir,
    logLevel: 'warn',
  });
  const browser = await launchBenchBrowser(ctx.workDir, 'memory');
  const { page, cdp } = browser;
  try {
    await openBenchPage(page, `${server.url}/bench/terminal.html`);
    await callPage(page, 'startSession', { dbPrefix: 'memory', enrollmentCode: BENCH_ENROLLMENT_CODE });
    const warmup = Math.min(500, Math.ceil(bookings / 10));
    await callPage(page, 'captureMany', { count: warmup, concurrency, firstIndex: 0 });
    const startHeap = await heapAfterGc(cdp);
    const points = [{ bookings: 0, heap: startHeap }];
    const deadline = performance.now() + timeLimitSeconds * 1000;
    let captured = 0;
    let captureMs = 0;
    await withPageProfile(ctx, cdp, 'memory-captures', async () => {
      while (captured < bookings && performance.now() < deadline) {
        const size = Math.min(checkpointEvery, bookings - captured);
        const run = await callPage(page, 'captureMany', { count: size, concurrency, firstIndex: warmup + captured });
        if (run.failed > 0) throw new Error(`${run.failed} captures failed`);
        captured += size;
        captureMs += run.ms;
        const heap = await heapAfterGc(cdp);
        points.push({ bookings: captured, heap });
        const pending = await callPage(page, 'pendingCount', { dbPrefix: 'memory' });
        ctx.log(
          `memory: ${count(captured)} captured (${(size / (run.ms / 1000)).toFixed(0)}/s), heap ${mb(heap)}, pending ${count(pending)}`,
        );
      }
    });
    const endHeap = points.at(-1)?.heap ?? startHeap;
    const drainStarted = performance.now();
    while ((await callPage(page, 'pendingCount', { dbPrefix: 'memory' })) > 0) {
      if (performance.now() - drainStarted > DRAIN_TIMEOUT_MS)
        throw new Error('sync did not drain the session within 5 minutes');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const drainSeconds = (performance.now() - drainStarted) / 1000;
    const drainedHeap = await heapAfterGc(cdp);
    ctx.log(`memory: drained ${seconds(drainSeconds)} after the last capture, heap ${mb(drainedHeap)}`);
    await callPage(page, 'stopSession', undefined);
    return {
      startHeap,
      endHeap,
      drainedHeap,
      captured,
      isComplete: captured >= bookings,
      points,
      slopePerBooking: slope(
        points.map((p) => p.bookings),
        points.map((p) => p.heap),
      ),
      capturesPerSecond: captured / (captureMs / 1000),
      drainSeconds,
    };
  } finally {
    await browser.close();
    await server.stop();
  }
}
