import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCredentialStore, type SecretCipher } from './credential-store';

// A reversible stand-in for the OS keystore that still proves the token is not written in clear.
const cipher: SecretCipher = {
  encrypt: (plain) => Buffer.from([...Buffer.from(plain)].map((b) => b ^ 0x5a)),
  decrypt: (encrypted) => Buffer.from([...encrypted].map((b) => b ^ 0x5a)).toString(),
};

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'takt-cred-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const first = { terminalId: 'T-1', token: 'secret-token-value', serverUrl: 'http://mes:8080', stationId: 'ST-10' };
const second = { terminalId: 'T-2', token: 'other-secret', serverUrl: 'https://mes.plant', stationId: 'ST-20' };

describe('credential store', () => {
  it('round-trips credentials without writing a token in clear', () => {
    const file = path.join(dir, 'sub', 'credentials.json');
    const store = createCredentialStore(file, cipher);
    store.add(first);
    expect(fs.readFileSync(file, 'utf8')).not.toContain('secret-token-value');
    expect(store.loadAll()).toEqual([first]);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['credentials.json']);
  });

  it('keeps earlier credentials when a new enrollment is added, newest last', () => {
    const store = createCredentialStore(path.join(dir, 'c.json'), cipher);
    store.add(first);
    store.add(second);
    expect(store.loadAll()).toEqual([first, second]);
    store.add({ ...first, token: 'renewed' }); // the same terminal id again replaces its entry
    expect(store.loadAll()).toEqual([second, { ...first, token: 'renewed' }]);
  });

  it('updates a credential in place with its pending token encrypted, and drops the pending one again', () => {
    const file = path.join(dir, 'c.json');
    const store = createCredentialStore(file, cipher);
    store.add(first);
    store.add(second);
    const rotating = { ...first, pendingToken: 'rotated-token-value', rotatedAt: 1_700_000_000_000 };
    store.update(rotating);
    expect(fs.readFileSync(file, 'utf8')).not.toContain('rotated-token-value');
    expect(createCredentialStore(file, cipher).loadAll()).toEqual([rotating, second]);
    store.update({ ...first, token: 'rotated-token-value', rotatedAt: 1_700_000_000_000 });
    expect(store.loadAll()).toEqual([{ ...first, token: 'rotated-token-value', rotatedAt: 1_700_000_000_000 }, second]);
  });

  it('loads the single-credential file of earlier versions and keeps it when adding', () => {
    const file = path.join(dir, 'c.json');
    const encryptedToken = cipher.encrypt('legacy-token').toString('base64');
    fs.writeFileSync(file, JSON.stringify({ terminalId: 'T-0', serverUrl: 'http://mes:8080', encryptedToken }));
    const store = createCredentialStore(file, cipher);
    const legacy = { terminalId: 'T-0', token: 'legacy-token', serverUrl: 'http://mes:8080' };
    expect(store.loadAll()).toEqual([legacy]);
    store.add(second);
    expect(createCredentialStore(file, cipher).loadAll()).toEqual([legacy, second]);
  });

  it.each([
    '',
    '{',
    'null',
    '[]',
    '{"terminalId":"T"}',
    '{"terminalId":"","serverUrl":"x","encryptedToken":"x"}',
    '{"version":3,"credentials":[]}',
    '{"version":2,"credentials":[{"terminalId":"T"}]}',
    '{"version":2,"credentials":{"0":{}}}',
  ])('treats a corrupt file %j as not enrolled', (text) => {
    const file = path.join(dir, 'c.json');
    fs.writeFileSync(file, text);
    expect(createCredentialStore(file, cipher).loadAll()).toEqual([]);
  });

  it('leaves out a token the keystore cannot decrypt, but does not throw it away', () => {
    const file = path.join(dir, 'c.json');
    createCredentialStore(file, cipher).add(first);
    const failing: SecretCipher = {
      ...cipher,
      decrypt: () => {
        throw new Error('keystore locked');
      },
    };
    const locked = createCredentialStore(file, failing);
    expect(locked.loadAll()).toEqual([]);
    locked.add(second);
    expect(createCredentialStore(file, cipher).loadAll()).toEqual([first, second]);
  });
});
