import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Booking } from '@shared/booking';
import { openJournal } from '../electron/main/journal/journal';
import { encodeRecord } from '../electron/main/journal/record-format';
import { formatSpread, percentile, spread } from './core/stats';

// `npx tsx bench/journal-append.ts [dir]`: what main's journal adds to an Electron capture. The capture
// case (bench/cases/capture-latency.ts) runs the browser data layer, where no journal is attached; an IPC
// round trip cannot be measured there. This measures the journal itself on a real file system: one
// booking appended and fdatasync'd, against the floor of a bare write + fdatasync of the same bytes.

const WARMUP = 100;
const COUNT = 1_000;
const REPEATS = 3;

const root = fs.mkdtempSync(path.join(process.argv[2] ?? os.tmpdir(), 'takt-journal-bench-'));

function booking(seq: number): Booking {
  return {
    id: `01890000-0000-7000-8000-${String(seq).padStart(12, '0')}`,
    terminalId: 'T-0001',
    epoch: '01890000-0000-7000-8000-0000000000e1',
    seq,
    type: 'quantity.good',
    occurredAt: 1_700_000_000_000 + seq,
    clockOffsetMs: 0,
    stationId: 'ST-10',
    orderId: 'FA1000004',
    operationId: 'FA1000004-0010',
    masterDataVersion: '01890000-0000-7000-8000-0000000000a1',
    payload: { quantity: 9, unit: 'pcs' },
  } as Booking;
}

async function timeJournal(repeat: number): Promise<number[]> {
  const journal = await openJournal({ dir: path.join(root, `journal-${repeat}`) });
  const samples: number[] = [];
  for (let i = 1; i <= WARMUP + COUNT; i++) {
    const start = performance.now();
    await journal.append(booking(i));
    if (i > WARMUP) samples.push(performance.now() - start);
  }
  await journal.close();
  return samples;
}

async function timeRawAppend(repeat: number): Promise<number[]> {
  const handle = await fs.promises.open(path.join(root, `raw-${repeat}.log`), 'a');
  const samples: number[] = [];
  for (let i = 1; i <= WARMUP + COUNT; i++) {
    const bytes = encodeRecord(booking(i));
    const start = performance.now();
    await handle.write(bytes);
    await handle.datasync();
    if (i > WARMUP) samples.push(performance.now() - start);
  }
  await handle.close();
  return samples;
}

const journalRuns: number[][] = [];
const rawRuns: number[][] = [];
try {
  for (let repeat = 0; repeat < REPEATS; repeat++) {
    rawRuns.push(await timeRawAppend(repeat));
    journalRuns.push(await timeJournal(repeat));
  }
} finally {
  fs.rmSync(root, { recursive: true, force: true });
}
const ms = (value: number) => value.toFixed(2);
const at = (runs: number[][], p: number) => spread(runs.map((samples) => percentile(samples, p)));
console.log(`journal append + fdatasync, ${COUNT} bookings × ${REPEATS} repeats in ${path.dirname(root)}`);
console.log(
  `  journal p50 ${formatSpread(at(journalRuns, 50), 'ms', ms)}  p95 ${formatSpread(at(journalRuns, 95), 'ms', ms)}`,
);
console.log(`  raw     p50 ${formatSpread(at(rawRuns, 50), 'ms', ms)}  p95 ${formatSpread(at(rawRuns, 95), 'ms', ms)}`);
