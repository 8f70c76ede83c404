import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_FLAGS } from '../../tests/support/chromium';
import { chromiumPath } from '../harness/browser';
import { REPO_ROOT } from './paths';

// What the figures were measured on: they mean little without the machine.

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGb: number;
  os: string;
  node: string;
  chromium: string;
  chromiumPath: string;
  packages: Record<string, string>;
  commit: string | null;
}

function packageVersion(name: string): string {
  try {
    const file = path.join(REPO_ROOT, 'node_modules', name, 'package.json');
    return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version?: string }).version ?? '?';
  } catch {
    return 'missing';
  }
}

export async function machineInfo(): Promise<MachineInfo> {
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_FLAGS });
  const chromiumVersion = browser.version();
  await browser.close();
  const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' });
  return {
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    chromium: chromiumVersion,
    chromiumPath: chromiumPath(),
    packages: Object.fromEntries(
      ['dexie', 'better-sqlite3', 'fastify', 'vite', '@playwright/test', 'pouchdb', 'express-pouchdb'].map((name) => [
        name,
        packageVersion(name),
      ]),
    ),
    commit: commit.status === 0 ? commit.stdout.trim() : null,
  };
}

export function describeMachine(info: MachineInfo): string {
  return `${info.cpu}, ${info.cores} cores, ${info.memoryGb} GB, ${info.os}; Node ${info.node}; Chromium ${info.chromium} (headless)`;
}

/** The 1-minute load average: other work on a shared machine moves every figure, so cases report it. */
export function loadNow(): number {
  return os.loadavg()[0] ?? Number.NaN;
}
