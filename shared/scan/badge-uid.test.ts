import { describe, expect, it } from 'vitest';
import { BadgeDebouncer, normalizeBadgeUid, type BadgeReaderConfig } from './badge-uid';

const HEX: BadgeReaderConfig = { format: 'hex' };
const REVERSED: BadgeReaderConfig = { format: 'hex-reversed' };
const DECIMAL: BadgeReaderConfig = { format: 'decimal' };
const WIEGAND: BadgeReaderConfig = { format: 'wiegand26' };

describe('normalizeBadgeUid', () => {
  // One MIFARE Classic card (UID 04 A2 1B 3C) as different readers print it.
  it.each<[string, BadgeReaderConfig]>([
    ['04A21B3C', HEX],
    ['04a21b3c', HEX],
    ['04:A2:1B:3C', HEX],
    ['04-a2-1b-3c', HEX],
    ['04 A2 1B 3C', HEX],
    ['0x04A21B3C', HEX],
    ['  04A21B3C\r\n', HEX],
    ['4A21B3C', HEX],
    ['4:A2:1B:3C', HEX],
    ['3C1BA204', REVERSED],
    ['3c:1b:a2:04', REVERSED],
    ['3C:1B:A2:4', REVERSED],
    ['0077732668', DECIMAL],
    ['77732668', DECIMAL],
    ['0077732668', { format: 'decimal', decimalBytes: 4 }],
  ])('reads %j (%j) as 04A21B3C', (raw, config) => {
    expect(normalizeBadgeUid(raw, config)).toEqual({ ok: true, uid: '04A21B3C' });
  });

  it('keeps 7-byte UIDs whole in hex and in 64-bit decimal', () => {
    expect(normalizeBadgeUid('04:5E:12:9A:C2:3F:80', HEX)).toEqual({ ok: true, uid: '045E129AC23F80' });
    expect(normalizeBadgeUid('801250609655840896', DECIMAL)).toEqual({ ok: true, uid: '0B1E9D2F2C9A0080' });
    expect(normalizeBadgeUid('1229333905686400', DECIMAL)).toEqual({ ok: true, uid: '045E129AC23F80' });
    expect(normalizeBadgeUid('1229333905686400', { format: 'decimal', decimalBytes: 8 })).toEqual({
      ok: true,
      uid: '00045E129AC23F80',
    });
  });

  it('reads an EM4100 card from its printed Wiegand-26 facility,card form', () => {
    // Card 0x62E3086CED: the last 3 bytes 08 6C ED are facility 8, card 27885.
    for (const raw of ['008,27885', '8,27885', '008 27885', '8:27885', '008/27885']) {
      expect(normalizeBadgeUid(raw, WIEGAND), raw).toEqual({ ok: true, uid: '086CED' });
    }
  });

  it.each<[string, BadgeReaderConfig, string]>([
    ['', HEX, 'badge-empty'],
    ['   \r\n', DECIMAL, 'badge-empty'],
    ['::', HEX, 'badge-empty'],
    ['04A21B3G', HEX, 'badge-invalid-characters'],
    ['04A2\u00001B3C', HEX, 'badge-invalid-characters'],
    ['ß04A21B3C', HEX, 'badge-invalid-characters'],
    ['04A:21B:3C', HEX, 'badge-odd-hex-length'],
    ['3C1BA20', REVERSED, 'badge-odd-hex-length'],
    ['04A2', HEX, 'badge-uid-length'],
    ['00112233445566778899AA', HEX, 'badge-uid-length'],
    ['12a45', DECIMAL, 'badge-invalid-characters'],
    ['-1', DECIMAL, 'badge-invalid-characters'],
    ['1e10', DECIMAL, 'badge-invalid-characters'],
    ['4294967296', { format: 'decimal', decimalBytes: 4 }, 'badge-decimal-out-of-range'],
    ['1208925819614629174706176', DECIMAL, 'badge-decimal-out-of-range'],
    ['9'.repeat(100_000), DECIMAL, 'badge-decimal-out-of-range'],
    ['1234', { format: 'decimal', decimalBytes: 2 }, 'badge-uid-length'],
    ['1234', { format: 'decimal', decimalBytes: 4.5 }, 'badge-uid-length'],
    ['256,1', WIEGAND, 'badge-wiegand-out-of-range'],
    ['1,65536', WIEGAND, 'badge-wiegand-out-of-range'],
    ['27885', WIEGAND, 'badge-invalid-characters'],
    ['8,,27885', WIEGAND, 'badge-invalid-characters'],
    ['F-A3', WIEGAND, 'badge-invalid-characters'],
  ])('rejects %j (%j) with %s', (raw, config, code) => {
    expect(normalizeBadgeUid(raw.slice(0, 200_000), config)).toEqual({ ok: false, code });
  });

  it('keeps leading zero bytes of a zero-padded decimal', () => {
    expect(normalizeBadgeUid('0000000000', DECIMAL)).toEqual({ ok: true, uid: '00000000' });
    expect(normalizeBadgeUid('255', DECIMAL)).toEqual({ ok: true, uid: '000000FF' });
  });
});

describe('BadgeDebouncer', () => {
  it('drops repeats of the same card within the window', () => {
    const debouncer = new BadgeDebouncer();
    expect(debouncer.accept('04A21B3C', 0)).toBe(true);
    expect(debouncer.accept('04A21B3C', 1499)).toBe(false);
    expect(debouncer.accept('04A21B3C', 1499 + 1500)).toBe(true);
  });

  it('slides the window while a card lies on the reader, so it is read once', () => {
    const debouncer = new BadgeDebouncer(1500);
    const accepted = Array.from({ length: 50 }, (_, i) => debouncer.accept('62E3086CED', i * 200)).filter(Boolean);
    expect(accepted).toHaveLength(1);
  });

  it('always passes a different card, and the first card again after it', () => {
    const debouncer = new BadgeDebouncer();
    expect(['A', 'B', 'A', 'A'].map((uid, i) => debouncer.accept(uid, i * 10))).toEqual([true, true, true, false]);
  });

  it('does not let a repeat through when the clock steps backwards', () => {
    const debouncer = new BadgeDebouncer(1500);
    debouncer.accept('A', 10_000);
    expect(debouncer.accept('A', 5_000)).toBe(false);
    expect(debouncer.accept('A', 11_000)).toBe(false);
  });

  it('forgets the last card on reset and rejects a negative window', () => {
    const debouncer = new BadgeDebouncer();
    debouncer.accept('A', 0);
    debouncer.reset();
    expect(debouncer.accept('A', 1)).toBe(true);
    expect(() => new BadgeDebouncer(-1)).toThrow(RangeError);
  });
});
