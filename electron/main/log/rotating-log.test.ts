import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRotatingLog } from './rotating-log';
import { redactSecrets } from './redact-secrets';

let dir: string;
const fixedClock = () => new Date('2026-12-02T12:00:00.000Z');

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'takt-log-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const filesIn = (folder: string) => fs.readdirSync(folder).sort();

describe('rotating log', () => {
  it('writes timestamped lines with level and topic into the user-data folder, creating it', () => {
    const logDir = path.join(dir, 'logs');
    const log = createRotatingLog({ dir: logDir, now: fixedClock });
    log.info('start', 'Takt 1.0.0 on linux');
    log.warn('keystore', 'basic_text');
    expect(fs.readFileSync(path.join(logDir, 'takt.log'), 'utf8')).toBe(
      '2026-12-02T12:00:00.000Z INFO [start] Takt 1.0.0 on linux\n' +
        '2026-12-02T12:00:00.000Z WARN [keystore] basic_text\n',
    );
    if (process.platform !== 'win32') expect(fs.statSync(log.file).mode & 0o777).toBe(0o600);
  });

  it('rotates before a file would pass the cap and keeps only the configured number of old files', () => {
    const log = createRotatingLog({ dir, maxBytes: 200, keep: 2, now: fixedClock });
    for (let index = 0; index < 40; index += 1) log.info('sync', `network-error number ${index}`);
    expect(filesIn(dir)).toEqual(['takt.log', 'takt.log.1', 'takt.log.2']);
    for (const name of filesIn(dir)) expect(fs.statSync(path.join(dir, name)).size).toBeLessThanOrEqual(200);
    // The newest line is in the current file, the lines before it in .1, nothing was lost in between.
    const tail = log.tail(4);
    expect(tail.at(-1)).toContain('network-error number 39');
    expect(tail.map((line) => Number(/number (\d+)/.exec(line)?.[1]))).toEqual([36, 37, 38, 39]);
  });

  it('continues an existing file after a restart and counts its size', () => {
    createRotatingLog({ dir, maxBytes: 150, now: fixedClock }).info('start', 'first run');
    const again = createRotatingLog({ dir, maxBytes: 150, now: fixedClock });
    again.info('start', 'second run');
    again.info('start', 'third run, rotates');
    expect(fs.readFileSync(path.join(dir, 'takt.log.1'), 'utf8')).toContain('second run');
    expect(fs.readFileSync(path.join(dir, 'takt.log'), 'utf8')).not.toContain('first run');
  });

  it('keeps one event on one line and cuts runaway messages', () => {
    const log = createRotatingLog({ dir, now: fixedClock });
    log.error('main', 'uncaught error', new Error('boom\nforged 2026 INFO [start] line'));
    log.info('sync', 'x'.repeat(10_000));
    const lines = fs.readFileSync(log.file, 'utf8').split('\n').filter(Boolean);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\S+ ERROR \[main\] uncaught error Error: boom \| forged/);
    expect(lines[1]!.length).toBeLessThan(4_100);
  });

  it('never throws when the folder cannot be written: the line goes to the fallback', () => {
    const blocker = path.join(dir, 'not-a-folder');
    fs.writeFileSync(blocker, '');
    const fallen: string[] = [];
    const log = createRotatingLog({ dir: blocker, fallback: (line) => fallen.push(line) });
    expect(() => log.error('sync', 'push failed')).not.toThrow();
    expect(fallen[0]).toContain('push failed');
    expect(log.tail(5)).toEqual([]);
  });

  it('removes secrets main knows of from every line', () => {
    const log = createRotatingLog({ dir, now: fixedClock, redact: (line) => redactSecrets(line, 'K7QM-X2PR-4HTA') });
    log.info('enroll', 'enrolling with k7qm x2pr 4hta');
    log.error('sync', 'server said', new Error('401 for Authorization: Bearer abc.DEF-123_xyz'));
    const text = fs.readFileSync(log.file, 'utf8');
    expect(text).not.toMatch(/k7qm|abc\.DEF/i);
    expect(text).toContain('[enrollment code]');
    expect(text).toContain('Bearer [token]');
  });
});
