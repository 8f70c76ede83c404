import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateEnrollmentCode } from '../enrollment/enrollment-codes';
import { loadSecrets, SECRETS_FILE_NAME } from './secrets';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'takt-secrets-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('loadSecrets', () => {
  it('generates both on first start, stores them privately, and reuses them on the next', () => {
    const first = loadSecrets(dir, {});
    expect(first.generated).toEqual(['enrollmentCode', 'adminToken']);
    expect(first.enrollmentCode).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(first.adminToken.length).toBeGreaterThanOrEqual(43);
    expect(statSync(join(dir, SECRETS_FILE_NAME)).mode & 0o077).toBe(0);
    const second = loadSecrets(dir, {});
    expect(second).toMatchObject({ enrollmentCode: first.enrollmentCode, adminToken: first.adminToken, generated: [] });
  });

  it('narrows a secrets file that is readable by others, and one left half-written by a crash', () => {
    const file = join(dir, SECRETS_FILE_NAME);
    writeFileSync(file, JSON.stringify({ adminToken: 'a-stored-admin-token-of-enough-length' }), { mode: 0o644 });
    chmodSync(file, 0o644);
    expect(loadSecrets(dir, {}, { withPlantCode: false }).generated).toEqual([]);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    rmSync(file);
    writeFileSync(`${file}.tmp`, 'left over', { mode: 0o644 });
    chmodSync(`${file}.tmp`, 0o644);
    loadSecrets(dir, {}, { withPlantCode: false });
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('lets explicit values win without storing them', () => {
    const secrets = loadSecrets(dir, { enrollmentCode: 'FROM-ENV', adminToken: 'admin-token-from-env' });
    expect(secrets).toMatchObject({ enrollmentCode: 'FROM-ENV', adminToken: 'admin-token-from-env', generated: [] });
    const partly = loadSecrets(dir, { enrollmentCode: 'FROM-ENV' });
    expect(partly.generated).toEqual(['adminToken']);
    expect(readFileSync(join(dir, SECRETS_FILE_NAME), 'utf8')).not.toContain('FROM-ENV');
  });

  it('has no plant-wide enrollment code outside demo and development mode', () => {
    const secrets = loadSecrets(dir, {}, { withPlantCode: false });
    expect(secrets.enrollmentCode).toBeUndefined();
    expect(secrets.generated).toEqual(['adminToken']);
    expect(readFileSync(join(dir, SECRETS_FILE_NAME), 'utf8')).not.toContain('enrollmentCode');
  });

  it('refuses a damaged secrets file with a clear message', () => {
    writeFileSync(join(dir, SECRETS_FILE_NAME), '{"adminToken": 5}');
    expect(() => loadSecrets(dir, {})).toThrow(/not a valid secrets file/);
    writeFileSync(join(dir, SECRETS_FILE_NAME), 'garbage');
    expect(() => loadSecrets(dir, {})).toThrow(/not valid JSON/);
  });

  it('makes codes without look-alike characters', () => {
    for (let i = 0; i < 200; i++) expect(generateEnrollmentCode()).not.toMatch(/[01OIL]/);
  });
});
