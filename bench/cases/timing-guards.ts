import type { BenchCase, TableRow } from '../core/cases';
import { count, ms, num } from '../core/format';
import { formatSpread, spread } from '../core/stats';
import { classifyScan, MAX_PATTERN_INPUT_LENGTH, MAX_SCAN_LENGTH } from '@shared/barcode/classify';
import { parseCsv } from '../../server/src/master-data/csv';
import { makeBooking, startTestServer } from '../../server/src/testing/test-server';

// 9. Speed guards that used to be wall-clock assertions inside unit tests (where a loaded machine made them
// flaky): CSV import parsing, in-process push throughput (no per-row query storms), the slowest scan
// pattern the terminal accepts, and hostile scans through the parser and classifier.

const REPEATS = 3;

function timed(work: () => void): number {
  const started = performance.now();
  work();
  return performance.now() - started;
}

function csvParseMs(rows: number): number {
  const text = 'id,text\n' + Array.from({ length: rows }, (_, i) => `${i},"row ""${i}"", ok"`).join('\r\n');
  return timed(() => {
    const result = parseCsv(text);
    if (!result.ok || result.records.length !== rows + 1) throw new Error('csv: unexpected parse result');
  });
}

async function pushPerSecond(batches: number): Promise<number> {
  const server = await startTestServer();
  try {
    const terminal = await server.enroll('ST-10');
    const started = performance.now();
    for (let b = 0; b < batches; b++) {
      const bookings = Array.from({ length: 500 }, (_, i) =>
        makeBooking(terminal.terminalId, 'epoch-a', b * 500 + i + 1),
      );
      const response = await server.push(terminal.token, {
        terminalId: terminal.terminalId,
        epoch: 'epoch-a',
        bookings,
      });
      if (response.statusCode !== 200) throw new Error(`push answered ${response.statusCode}`);
    }
    return (batches * 500) / ((performance.now() - started) / 1000);
  } finally {
    await server.dispose();
  }
}

function slowPatternMs(): number {
  const patterns = { orderPattern: '\\d*\\d*\\d*X' };
  return timed(() => {
    for (const length of [MAX_PATTERN_INPUT_LENGTH, MAX_SCAN_LENGTH]) {
      const result = classifyScan({ text: '1'.repeat(length) }, patterns);
      if (result.kind !== 'unknown') throw new Error('slow pattern: expected an unknown scan');
    }
  });
}

function hostileScansMs(inputs: number): number {
  const pieces = ['9', 'A', '\u001d', '(01)', '%', ']C1', '01'];
  return timed(() => {
    for (let i = 0; i < inputs; i++) {
      const text = pieces[i % pieces.length]!.repeat(100 + ((i * 37) % 5_900));
      classifyScan({ text }, { orderPattern: '^FA\\d{7}$' });
    }
  });
}

export const timingGuardsCase: BenchCase = {
  id: 'timing-guards',
  title: 'Speed guards',
  async run(ctx) {
    const csvRows = ctx.isQuick ? 10_000 : 50_000;
    const pushBatches = ctx.isQuick ? 4 : 20;
    const hostile = ctx.isQuick ? 200 : 2_000;
    const csv = spread(Array.from({ length: REPEATS }, () => csvParseMs(csvRows)));
    const push = spread(await sequence(REPEATS, () => pushPerSecond(pushBatches)));
    const pattern = spread(Array.from({ length: REPEATS }, slowPatternMs));
    const scans = spread(Array.from({ length: REPEATS }, () => hostileScansMs(hostile)));
    const csvLimitMs = (2_000 * csvRows) / 50_000;
    const rows: TableRow[] = [
      {
        case: `9 CSV import parse, ${count(csvRows)} rows`,
        takt: formatSpread(csv, 'ms', num),
        reference: '—',
        ratio: null,
        target: `< ${ms(csvLimitMs)}`,
        met: csv.median < csvLimitMs,
      },
      {
        case: `9 Push in-process, ${count(pushBatches)} × 500 bookings`,
        takt: formatSpread(push, 'bookings/s', num),
        reference: '—',
        ratio: null,
        target: '> 2,500 bookings/s',
        met: push.median > 2_500,
      },
      {
        case: '9 Slowest accepted scan pattern on the longest input',
        takt: formatSpread(pattern, 'ms', num),
        reference: '—',
        ratio: null,
        target: '< 500 ms',
        met: pattern.median < 500,
      },
      {
        case: `9 Hostile long scans classified, ${count(hostile)}`,
        takt: formatSpread(scans, 'ms', num),
        reference: '—',
        ratio: null,
        target: `< ${ms(hostile * 5)} (5 ms each)`,
        met: scans.median < hostile * 5,
      },
    ];
    return {
      rows,
      metrics: { csvMs: csv, pushPerSecond: push, slowPatternMs: pattern, hostileScansMs: scans },
      notes: [],
    };
  },
};

async function sequence<T>(times: number, run: () => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let i = 0; i < times; i++) results.push(await run());
  return results;
}
