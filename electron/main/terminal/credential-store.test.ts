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

describe('credential store', () => {
  it('round-trips credentials without writing the token in clear', () => {
    const file = path.join(dir, 'sub', 'credentials.json');
    const store = createCredentialStore(file, cipher);
    store.save('http://mes:8080', { terminalId: 'T-1', token: 'secret-token-value' });
    expect(fs.readFileSync(file, 'utf8')).not.toContain('secret-token-value');
    expect(store.load('http://mes:8080')).toEqual({ terminalId: 'T-1', token: 'secret-token-value' });
    expect(fs.readdirSync(path.dirname(file))).toEqual(['credentials.json']);
  });

  it('does not hand credentials of one server to another', () => {
    const store = createCredentialStore(path.join(dir, 'c.json'), cipher);
    store.save('http://mes:8080', { terminalId: 'T-1', token: 't' });
    expect(store.load('http://other:8080')).toBeNull();
  });

  it.each(['', '{', 'null', '[]', '{"terminalId":"T"}', '{"terminalId":"","serverUrl":"x","encryptedToken":"x"}'])(
    'treats a corrupt file %j as not enrolled',
    (text) => {
      const file = path.join(dir, 'c.json');
      fs.writeFileSync(file, text);
      expect(createCredentialStore(file, cipher).load('x')).toBeNull();
    },
  );

  it('treats a token the keystore cannot decrypt as not enrolled', () => {
    const file = path.join(dir, 'c.json');
    createCredentialStore(file, cipher).save('x', { terminalId: 'T', token: 't' });
    const failing: SecretCipher = {
      ...cipher,
      decrypt: () => {
        throw new Error('keystore locked');
      },
    };
    expect(createCredentialStore(file, failing).load('x')).toBeNull();
  });
});
