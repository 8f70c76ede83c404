import { pbkdf2Sync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { pinHash as terminalPinHash, verifyPin } from '../../renderer/src/data/master/credentials';
import { pinHash as serverPinHash, toOperatorRecord } from '../../server/src/master-data/operator-secrets';
import { PIN_ITERATIONS, PIN_KDF, utf8 } from '@shared/security/pin-credential';

// The server hashes PINs at import with node:crypto; the terminal checks them offline with WebCrypto. Both
// go through the one rule in shared/, and must agree byte for byte or nobody could log in.

describe('PIN credential: server and terminal agree', () => {
  const input = { canonicalUid: '04A1B2C3', pin: '1234', salt: 'salt-for-anna-0001', iterations: 100_000 };

  it('derives the same value on both sides, and the value is PBKDF2 over UID and PIN', async () => {
    const server = await serverPinHash(input);
    const terminal = await terminalPinHash(input.canonicalUid, input.pin, input.salt, input.iterations);
    expect(terminal).toBe(server);
    // An independent derivation, so a shared mistake in both wrappers would still show.
    const expected = pbkdf2Sync('takt-pin-v1\u000004A1B2C3\u00001234', 'salt-for-anna-0001', 100_000, 32, 'sha256');
    expect(server).toBe(expected.toString('hex'));
  });

  it('depends on the badge, the PIN and the salt', async () => {
    const base = await serverPinHash(input);
    expect(await serverPinHash({ ...input, canonicalUid: '04A1B2C4' })).not.toBe(base);
    expect(await serverPinHash({ ...input, pin: '1235' })).not.toBe(base);
    expect(await serverPinHash({ ...input, salt: 'salt-for-anna-0002' })).not.toBe(base);
  });

  it('an imported operator logs in on the terminal with badge and PIN, not with either alone', async () => {
    const record = await toOperatorRecord(
      { id: 'P-1', name: 'Anna', role: 'operator', badgeUid: '04A1B2C3', pin: '1234' },
      '04A1B2C3',
      undefined,
      (purpose) => `fixed-${purpose}-salt`,
    );
    expect(record.pin).toMatchObject({ kdf: PIN_KDF, iterations: PIN_ITERATIONS });
    expect(PIN_ITERATIONS).toBeGreaterThanOrEqual(100_000);
    expect(await verifyPin(record, '04A1B2C3', '1234')).toBe(true);
    expect(await verifyPin(record, '04A1B2C3', '4321')).toBe(false);
    expect(await verifyPin(record, '04A1B2C4', '1234')).toBe(false);
  });

  it('encodes text as UTF-8 like TextEncoder does', () => {
    for (const text of ['04A1B2C3', 'Yılmaz', 'Grüße €', '𝔘nicode']) {
      expect(utf8(text)).toEqual(new TextEncoder().encode(text));
    }
  });
});
