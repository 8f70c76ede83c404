import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CASES } from './cases';
import type { CaseResult, TableRow } from './core/cases';
import { REPO_ROOT } from './core/paths';

// `npm run bench:smoke` (a step of `npm test`): keeps `npm run bench` alive. The quick mode must run every
// case to the end and report a figure for each. Targets are not asserted: a slow machine or a busy CI runner
// is not a failure of the code.

const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'takt-bench-smoke-')), 'results.json');
const run = spawnSync(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--quick', `--out=${out}`], {
  cwd: REPO_ROOT,
  stdio: 'inherit',
});

const problems: string[] = [];
if (run.status !== 0) problems.push(`bench --quick exited with ${String(run.status ?? run.signal)}`);
else {
  const report = JSON.parse(fs.readFileSync(out, 'utf8')) as {
    mode: string;
    machine: { cores: number; node: string; chromium: string };
    table: TableRow[];
    cases: CaseResult[];
  };
  if (report.mode !== 'quick') problems.push(`mode ${report.mode}`);
  if (!(report.machine.cores > 0) || !/^v\d+/.test(report.machine.node) || !/^\d+\./.test(report.machine.chromium))
    problems.push(`machine description incomplete: ${JSON.stringify(report.machine)}`);
  const ids = report.cases.map((c) => c.id).join(',');
  if (ids !== CASES.map((c) => c.id).join(',')) problems.push(`cases ran: ${ids}`);
  for (const result of report.cases) {
    if (result.error) problems.push(`${result.id}: ${result.error}`);
    if (result.rows.length === 0) problems.push(`${result.id}: no rows`);
    for (const row of result.rows) {
      if (!/\d/.test(row.takt)) problems.push(`${row.case}: no figure (${row.takt})`);
      if (row.target === '') problems.push(`${row.case}: no target`);
      if (row.ratio !== null && !Number.isFinite(row.ratio)) problems.push(`${row.case}: ratio ${row.ratio}`);
    }
  }
  const rowCount = report.cases.reduce((sum, c) => sum + c.rows.length, 0);
  if (report.table.length !== rowCount) problems.push(`table has ${report.table.length} rows, cases ${rowCount}`);
}

if (problems.length > 0) {
  console.error(`bench smoke failed:\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
console.log(`bench smoke: ${CASES.length} cases ran and reported figures`);
