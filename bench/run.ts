import fs from 'node:fs';
import * as prettier from 'prettier';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CASES } from './cases';
import type { BenchContext, CaseResult } from './core/cases';
import { describeMachine, machineInfo } from './core/machine';
import { REPO_ROOT } from './core/paths';
import { allRows, markdownTable, textTable } from './core/report';
import { FULL_SIZES, QUICK_SIZES, withoutTimeLimits } from './core/sizes';
import { buildBenchPages, buildProduct, hasProductBuild, makeStaticSite } from './harness/pages';

// `npm run bench [-- --quick] [--only=id,id] [--profile] [--out=file] [--build] [--uncapped]`: runs the cases one after
// another, prints the table, writes the results (and, after a full run, the table in bench/README.md).

const USAGE = `Usage: npm run bench -- [--quick] [--only=${CASES.map((c) => c.id).join(',')}] [--profile] [--out=FILE] [--build] [--uncapped]
  --quick    every case small and fast (the test runs this)
  --uncapped no time limits: the drain and the capture session run to 100,000 however long it takes
  --only     run only these cases
  --profile  write CPU profiles (page: CDP profiler; server: --cpu-prof) to bench/.build/profiles
  --out      results file (default bench/results.json; quick mode: bench/.build/results-quick.json)
  --build    rebuild the product even in quick mode (full mode always rebuilds)`;

const README = path.join(REPO_ROOT, 'bench', 'README.md');
const TABLE_START = '<!-- bench:table:start -->';
const TABLE_END = '<!-- bench:table:end -->';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      profile: { type: 'boolean', default: false },
      out: { type: 'string' },
      build: { type: 'boolean', default: false },
      uncapped: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return console.log(USAGE);
  const isQuick = values.quick ?? false;
  const only = values.only?.split(',').map((id) => id.trim());
  const unknown = only?.filter((id) => !CASES.some((c) => c.id === id)) ?? [];
  if (unknown.length > 0) throw new Error(`unknown case(s): ${unknown.join(', ')}\n${USAGE}`);
  const selected = CASES.filter((c) => !only || only.includes(c.id));
  const out = path.resolve(
    values.out ?? path.join(REPO_ROOT, isQuick ? 'bench/.build/results-quick.json' : 'bench/results.json'),
  );

  const started = Date.now();
  const log = (message: string) =>
    console.log(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}`);
  const machine = await machineInfo();
  log(`${isQuick ? 'quick' : 'full'} mode on ${describeMachine(machine)}`);
  if (!isQuick || values.build || !hasProductBuild()) {
    log('npm run build');
    buildProduct();
  }
  log('building the bench pages');
  await buildBenchPages();

  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'takt-bench-'));
  const ctx: BenchContext = {
    isQuick,
    sizes: values.uncapped ? withoutTimeLimits(isQuick ? QUICK_SIZES : FULL_SIZES) : isQuick ? QUICK_SIZES : FULL_SIZES,
    workDir,
    siteDir: makeStaticSite(workDir),
    profileDir: values.profile ? path.join(REPO_ROOT, 'bench/.build/profiles') : undefined,
    log,
  };
  const results: CaseResult[] = [];
  try {
    for (const benchCase of selected) {
      log(`case ${benchCase.id}: ${benchCase.title}`);
      const caseStarted = Date.now();
      try {
        const result = await benchCase.run(ctx);
        results.push({
          id: benchCase.id,
          title: benchCase.title,
          ...result,
          seconds: (Date.now() - caseStarted) / 1000,
        });
      } catch (error) {
        const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
        log(`case ${benchCase.id} failed: ${message}`);
        results.push({
          id: benchCase.id,
          title: benchCase.title,
          rows: [],
          metrics: {},
          notes: [],
          error: message,
          seconds: (Date.now() - caseStarted) / 1000,
        });
      }
      log(`case ${benchCase.id} done in ${((Date.now() - caseStarted) / 1000).toFixed(1)} s`);
    }
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }

  const rows = allRows(results);
  const seconds = (Date.now() - started) / 1000;
  console.log(`\n${textTable(rows)}\n`);
  for (const result of results) for (const note of result.notes) console.log(`note (${result.id}): ${note}`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const report = {
    mode: isQuick ? 'quick' : 'full',
    startedAt: new Date(started).toISOString(),
    seconds,
    machine,
    sizes: ctx.sizes,
    table: rows,
    cases: results,
  };
  fs.writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  log(`results written to ${path.relative(process.cwd(), out)} (${seconds.toFixed(0)} s in all)`);
  if (!isQuick && !only)
    await updatePerformanceTable(
      markdownTable(rows),
      `${describeMachine(machine)}; ${new Date(started).toISOString().slice(0, 10)}`,
    );
  if (results.some((result) => result.error !== undefined)) process.exitCode = 1;
}

/** Replaces the table between the markers in bench/README.md with this run's. */
async function updatePerformanceTable(table: string, machineLine: string): Promise<void> {
  const text = fs.readFileSync(README, 'utf8');
  const start = text.indexOf(TABLE_START);
  const end = text.indexOf(TABLE_END);
  if (start === -1 || end < start) return;
  const block = `${TABLE_START}\n\nMeasured on: ${machineLine}.\n\n${table}\n\n`;
  const updated = text.slice(0, start) + block + text.slice(end);
  // Formatted as `npm run lint` expects, so a fresh table never turns the lint red.
  const options = (await prettier.resolveConfig(README)) ?? {};
  fs.writeFileSync(README, await prettier.format(updated, { ...options, filepath: README }));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
