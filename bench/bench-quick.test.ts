import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CASES } from './cases';
import type { CaseResult, TableRow } from './core/cases';
import { REPO_ROOT } from './core/paths';

// Keeps `npm run bench` alive: the quick mode must run every case to the end and report figures. Targets
// are not asserted (a slow machine or a busy CI runner is not a failure of the code).

function runQuickBench(out: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--quick', `--out=${out}`], {
      cwd: REPO_ROOT,
    });
    let output = '';
    const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('exit', (code) => resolve({ code, output }));
  });
}

const hasDigit = (text: string) => /\d/.test(text);

describe('npm run bench -- --quick', () => {
  it('runs every case and reports a figure for each', async () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'takt-bench-test-')), 'results.json');
    const { code, output } = await runQuickBench(out);
    expect(code, output).toBe(0);

    const report = JSON.parse(fs.readFileSync(out, 'utf8')) as {
      mode: string;
      machine: { cpu: string; cores: number; node: string; chromium: string };
      table: TableRow[];
      cases: CaseResult[];
    };
    expect(report.mode).toBe('quick');
    expect(report.machine.cores).toBeGreaterThan(0);
    expect(report.machine.node).toMatch(/^v\d+/);
    expect(report.machine.chromium).toMatch(/^\d+\./);
    expect(report.cases.map((c) => c.id)).toEqual(CASES.map((c) => c.id));
    for (const result of report.cases) {
      expect(result.error, `${result.id}: ${result.error ?? ''}`).toBeUndefined();
      expect(result.rows.length, result.id).toBeGreaterThan(0);
      for (const row of result.rows) {
        expect(hasDigit(row.takt), `${row.case}: ${row.takt}`).toBe(true);
        expect(row.target, row.case).not.toBe('');
        if (row.ratio !== null) expect(Number.isFinite(row.ratio), `${row.case} ratio`).toBe(true);
      }
    }
    expect(report.table.length).toBe(report.cases.reduce((sum, c) => sum + c.rows.length, 0));
  }, 240_000);
});
