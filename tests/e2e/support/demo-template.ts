import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchServerProcess } from './server-process';

// Seeding the demo plant hashes every operator's PIN with the production PBKDF2 cost, a few seconds per
// server start on a loaded machine. The run seeds it once, through the real server with --demo, and every
// test's server starts from a copy of that data folder: the same database a fresh demo server writes, with
// the production hashing untouched. Tests that need their own seed still get it when no template is set.

const TEMPLATE_ENV = 'TAKT_E2E_DEMO_TEMPLATE';

/** The seeded data folder of this run, or undefined (a server then seeds its own demo plant). */
export function demoTemplateDir(): string | undefined {
  const dir = process.env[TEMPLATE_ENV];
  return dir === undefined || dir === '' ? undefined : dir;
}

/**
 * Starts the real server with --demo on an empty folder, stops it gracefully (the database is closed and
 * its WAL folded in) and publishes the folder to the workers through the environment.
 */
export async function seedDemoTemplate(): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'takt-e2e-template-'));
  // Seeding is the slow part of a start: more time than a test's server gets, on a machine others load too.
  const { proc, listening } = launchServerProcess(0, dir, 120_000);
  const exited = new Promise((resolve) => proc.once('exit', resolve));
  try {
    try {
      await listening;
    } finally {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      await exited;
    }
    if (proc.exitCode !== 0)
      throw new Error(`the demo template server exited with ${proc.exitCode ?? proc.signalCode}`);
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  process.env[TEMPLATE_ENV] = dir;
  return dir;
}
