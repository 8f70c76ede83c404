import type { CDPSession, Page } from '@playwright/test';
import { createLineScanDecoder } from '../../electron/main/hardware/serial-scan-decoders';
import { SerialScannerSource } from '../../electron/main/hardware/serial-scanner-source';
import { createPtyPair, killAllSocat } from '../../electron/main/hardware/socat-pty.test-support';
import { parseGs1 } from '@shared/barcode';
import { DEFAULT_WEDGE_DETECTOR_CONFIG, WedgeDetector } from '@shared/scan/wedge-detector';
import { median } from '../core/stats';

// The three scan paths measured in case 7: GS1 parsing, keyboard-wedge detection, a serial scanner.

const GS = '\u001d';
const GTINS = ['09520123456788', '04006381333931', '05901234123457', '00036000291452'] as const;

/** Realistic GS1 element strings (GTIN, expiry, lot, serial, weights), every one different. */
export function gs1Samples(count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const gtin = GTINS[i % GTINS.length] ?? GTINS[0];
    switch (i % 4) {
      case 0:
        return `]C101${gtin}17261231${'10'}LOT${i}${GS}21S${i}`;
      case 1:
        return `]d201${gtin}21SER${i}${GS}10L${i % 977}`;
      case 2:
        return `01${gtin}3103${String(i % 999_999).padStart(6, '0')}${GS}10B${i}`;
      default:
        return `]e001${gtin}15270630`;
    }
  });
}

/** Parses `total` strings; returns element strings per second and how many parsed as GS1. */
export function measureGs1(samples: readonly string[], total: number): { perSecond: number; parsedOk: number } {
  let parsedOk = 0;
  const started = performance.now();
  for (let i = 0; i < total; i++) if (parseGs1(samples[i % samples.length] ?? '').ok) parsedOk++;
  return { perSecond: total / ((performance.now() - started) / 1000), parsedOk };
}

/** How many of scans 0..total-1 arrived whole (a split, merged or lost scan does not count). */
export function countExpected(received: readonly string[], total: number): number {
  const seen = new Set(received);
  let whole = 0;
  for (let i = 0; i < total; i++) if (seen.has(wedgeScanText(i))) whole++;
  return whole;
}

export function wedgeScanText(index: number): string {
  return `01${GTINS[index % GTINS.length] ?? ''}10LOT${String(index).padStart(4, '0')}`;
}

/** Feeds the detector `scans` scans at 1 ms per key (with up to 0.9 ms jitter), 100 ms apart. */
export function wedgeInDetector(
  scans: number,
  random: () => number = Math.random,
): { scans: number; exact: number; typedBursts: number } {
  const detector = new WedgeDetector();
  const texts: string[] = [];
  let typedBursts = 0;
  let now = 0;
  const take = (outputs: ReturnType<WedgeDetector['feed']>) => {
    for (const output of outputs)
      if (output.kind === 'scan') texts.push(output.text);
      else typedBursts++;
  };
  for (let i = 0; i < scans; i++) {
    for (const key of [...wedgeScanText(i), 'Enter']) {
      now += 1 + random() * 0.9;
      take(detector.feed({ key, at: now }));
    }
    now += 100;
    take(detector.tick(now));
  }
  return { scans: texts.length, exact: countExpected(texts, scans), typedBursts };
}

/**
 * Plays a keyboard-wedge scanner into the real terminal page: every key goes out over CDP 1 ms after the
 * last without waiting for the page to acknowledge it, so keys queue up in the browser's input pipeline
 * as a USB HID scanner's would. Playwright's keyboard.type waits for each key's acknowledgement instead,
 * which adds its own gaps. Counts the `takt:scan` events of the app's wedge listener (see installScanProbe).
 */
export async function wedgeInPage(page: Page, cdp: CDPSession, scans: number): Promise<WedgePageRun> {
  await page.evaluate(() => {
    const recorded = window as unknown as ScanProbe;
    recorded.__benchScans.length = 0;
    recorded.__benchKeys.length = 0;
  });
  let lateSends = 0;
  let sendLateMaxMs = 0;
  for (let i = 0; i < scans; i++) {
    const sent: Promise<unknown>[] = [];
    let due = performance.now();
    let scanLateMs = 0;
    // Stamped as the OS stamps a scanner's keys on arrival, 1 ms apart: on this 2-core machine the CDP pipe
    // itself sometimes delivers keys 30-60 ms late, which a real USB scanner's keys never are.
    const startedAt = Date.now() / 1000;
    for (const [index, key] of [...wedgeScanText(i), 'Enter'].entries()) {
      while (performance.now() < due) await new Promise((resolve) => setImmediate(resolve));
      scanLateMs = Math.max(scanLateMs, performance.now() - due);
      const enter = { key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13 };
      const timestamp = startedAt + index / 1000;
      sent.push(
        cdp.send(
          'Input.dispatchKeyEvent',
          key === 'Enter'
            ? { type: 'keyDown', ...enter, text: '\r', timestamp }
            : { type: 'keyDown', key, text: key, timestamp },
        ),
      );
      sent.push(
        cdp.send(
          'Input.dispatchKeyEvent',
          key === 'Enter' ? { type: 'keyUp', ...enter, timestamp } : { type: 'keyUp', key, timestamp },
        ),
      );
      due += 1;
    }
    if (scanLateMs > LATE_MS) lateSends++;
    sendLateMaxMs = Math.max(sendLateMaxMs, scanLateMs);
    await Promise.all(sent);
    await page
      .waitForFunction((n) => (window as unknown as { __benchScans: string[] }).__benchScans.length >= n, i + 1, {
        timeout: 2_000,
      })
      .catch(() => undefined);
  }
  const probe = await page.evaluate(() => {
    const recorded = window as unknown as ScanProbe;
    return { texts: recorded.__benchScans, keys: recorded.__benchKeys };
  });
  const texts = probe.texts;
  // Gaps inside a scan as the listener sees them (the keys' own timestamps), and as they reached the page in
  // real time; the pause after an Enter is not one.
  const gaps = probe.keys.slice(1).flatMap(([, at], i) => {
    const [previousKey, previousAt] = probe.keys[i] ?? ['Enter', at];
    return previousKey === 'Enter' ? [] : [at - previousAt];
  });
  let lateArrivals = 0;
  let arrivalGapMaxMs = 0;
  let scanGapMaxMs = 0;
  probe.keys.forEach(([key, , arrivedAt], i) => {
    const previous = probe.keys[i - 1];
    if (previous && previous[0] !== 'Enter') scanGapMaxMs = Math.max(scanGapMaxMs, arrivedAt - previous[2]);
    if (key !== 'Enter') return;
    if (scanGapMaxMs > LATE_MS) lateArrivals++;
    arrivalGapMaxMs = Math.max(arrivalGapMaxMs, scanGapMaxMs);
    scanGapMaxMs = 0;
  });
  return {
    scans: texts.length,
    exact: countExpected(texts, scans),
    gapMedianMs: median(gaps),
    gapMaxMs: Math.max(...gaps),
    lateSends,
    sendLateMaxMs,
    lateArrivals,
    arrivalGapMaxMs,
  };
}

/** The wedge listener's end-of-scan silence (DEFAULT_WEDGE_DETECTOR_CONFIG.endSilenceMs), on real time. */
const LATE_MS = DEFAULT_WEDGE_DETECTOR_CONFIG.endSilenceMs;

export interface WedgePageRun {
  /** takt:scan events seen, and how many of them were whole expected scans. */
  scans: number;
  exact: number;
  /** Gaps between a scan's keys by their timestamps (what the detector judges). */
  gapMedianMs: number;
  gapMaxMs: number;
  /** Scans whose keys left this process more than LATE_MS behind their 1 ms schedule (this process starved). */
  lateSends: number;
  sendLateMaxMs: number;
  /** Scans with a gap of more than LATE_MS in real time between two keys reaching the page. */
  lateArrivals: number;
  arrivalGapMaxMs: number;
}

interface ScanProbe {
  __benchScans: string[];
  /** key, event.timeStamp, performance.now() when the listener saw it. */
  __benchKeys: Array<[string, number, number]>;
}

/** For page.addInitScript: records scans and each key's timestamp, ahead of the app's own listener. */
export function installScanProbe(): void {
  const probe = window as unknown as {
    __benchScans: string[];
    __benchKeys: Array<[string, number, number]>;
  };
  probe.__benchScans = [];
  probe.__benchKeys = [];
  window.addEventListener(
    'takt:scan',
    (event) => probe.__benchScans.push(String((event as CustomEvent<unknown>).detail)),
    { capture: true },
  );
  window.addEventListener(
    'keydown',
    (event) => probe.__benchKeys.push([event.key, event.timeStamp, performance.now()]),
    {
      capture: true,
    },
  );
}

/** A scanner on a socat PTY sending `rate` CR-terminated scans per second for `seconds`, read by SerialScannerSource. */
export async function serialThroughPty(
  rate: number,
  seconds: number,
): Promise<{ sent: number; received: number; exact: number; sendMs: number }> {
  const pty = await createPtyPair('bench');
  const source = new SerialScannerSource({
    deviceId: 'bench-serial',
    kind: 'serial',
    port: { path: pty.appPath },
    baudRate: 115_200,
    decoder: createLineScanDecoder({ terminator: 'cr' }),
  });
  const received: string[] = [];
  source.onScan((scan) => received.push(scan.text));
  try {
    source.start();
    await until(() => source.status().state === 'connected', 5_000);
    const total = Math.round(rate * seconds);
    const started = performance.now();
    let sent = 0;
    while (sent < total) {
      const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate) + 1);
      let chunk = '';
      for (; sent < due; sent++) chunk += `${wedgeScanText(sent)}\r`;
      if (chunk) pty.write(chunk);
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    const sendMs = performance.now() - started;
    await until(() => received.length >= total, 5_000).catch(() => undefined);
    return { sent, received: received.length, exact: countExpected(received, sent), sendMs };
  } finally {
    await source.stop();
    await killAllSocat();
  }
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
