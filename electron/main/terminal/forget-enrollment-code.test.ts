import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { forgetEnrollmentCode, redactEnrollmentCode } from './forget-enrollment-code';
import { readTerminalConfig } from './terminal-config';

let dir: string;
let file: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'takt-config-'));
  file = path.join(dir, 'takt-terminal.json');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const config = {
  serverUrl: 'https://mes.example',
  stationId: 'ST-10',
  enrollmentCode: 'K7QM-X2PR-4HTA',
  wedgeLayout: 'de',
  scanSources: [],
};

describe('forgetEnrollmentCode', () => {
  it('rewrites the file without the code, keeping every other setting and the permissions', () => {
    fs.writeFileSync(file, JSON.stringify(config), { mode: 0o640 });
    expect(forgetEnrollmentCode(file)).toBe('removed');
    const text = fs.readFileSync(file, 'utf8');
    expect(text).not.toContain('K7QM');
    const { enrollmentCode: _removed, ...rest } = config;
    expect(JSON.parse(text)).toEqual(rest);
    expect(fs.statSync(file).mode & 0o777).toBe(0o640);
    expect(fs.readdirSync(dir)).toEqual(['takt-terminal.json']);
    const reread = readTerminalConfig(text, {});
    expect(reread.ok && reread.config.enrollmentCode).toBeUndefined();
  });

  it('leaves a file without a code, a missing file and a broken file alone', () => {
    expect(forgetEnrollmentCode(file)).toBe('absent');
    fs.writeFileSync(file, '{"serverUrl":"https://mes.example","stationId":"ST-10"}');
    expect(forgetEnrollmentCode(file)).toBe('absent');
    fs.writeFileSync(file, '{ broken');
    expect(forgetEnrollmentCode(file)).toBe('failed');
    expect(fs.readFileSync(file, 'utf8')).toBe('{ broken');
  });
});

describe('redactEnrollmentCode', () => {
  it('hides the code however it was typed', () => {
    const line = 'enroll K7QM-X2PR-4HTA, again k7qm x2pr 4hta and K7QMX2PR4HTA';
    expect(redactEnrollmentCode(line, 'K7QM-X2PR-4HTA')).toBe(
      'enroll [enrollment code], again [enrollment code] and [enrollment code]',
    );
    expect(redactEnrollmentCode(line, undefined)).toBe(line);
  });
});
