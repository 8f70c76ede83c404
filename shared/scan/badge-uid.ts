import type { ScanInputErrorCode } from './scan-input-errors';

/**
 * One canonical form for RFID badge UIDs: uppercase hex, most significant byte first, no separators.
 * Readers print the same card as hex, byte-reversed hex, a 10-digit decimal or Wiegand "FFF,CCCCC"
 * (scanning research §2.3). We cannot guess which one a reader uses (a hex UID can be all digits), so the
 * format is configured per reader and recorded at enrolment.
 */

export const BADGE_UID_FORMATS = ['hex', 'hex-reversed', 'decimal', 'wiegand26'] as const;
export type BadgeUidFormat = (typeof BADGE_UID_FORMATS)[number];

export interface BadgeReaderConfig {
  readonly format: BadgeUidFormat;
  /**
   * Byte length of a decimal UID. Without it the shortest common UID size that holds the value is used
   * (4, 7, 8 or 10 bytes), which is right unless a card's UID starts with zero bytes.
   */
  readonly decimalBytes?: number | undefined;
}

export type BadgeUidErrorCode = Extract<
  ScanInputErrorCode,
  | 'badge-empty'
  | 'badge-invalid-characters'
  | 'badge-odd-hex-length'
  | 'badge-uid-length'
  | 'badge-decimal-out-of-range'
  | 'badge-wiegand-out-of-range'
>;

export type BadgeUidResult =
  { readonly ok: true; readonly uid: string } | { readonly ok: false; readonly code: BadgeUidErrorCode };

/** 3 bytes is a Wiegand-26 payload; 10 bytes is the longest ISO 14443 UID. */
const MIN_UID_BYTES = 3;
const MAX_UID_BYTES = 10;
const DECIMAL_UID_SIZES = [4, 7, 8, 10] as const;
const HEX_SEPARATORS = /[\s:.-]+/;

function fail(code: BadgeUidErrorCode): BadgeUidResult {
  return { ok: false, code };
}

export function normalizeBadgeUid(raw: string, config: BadgeReaderConfig): BadgeUidResult {
  const text = raw.trim();
  if (text === '') return fail('badge-empty');
  switch (config.format) {
    case 'hex':
      return parseHex(text, false);
    case 'hex-reversed':
      return parseHex(text, true);
    case 'decimal':
      return parseDecimal(text, config.decimalBytes);
    case 'wiegand26':
      return parseWiegand26(text);
  }
}

function parseHex(text: string, reversed: boolean): BadgeUidResult {
  const body = text.replace(/^0x/i, '');
  const groups = body.split(HEX_SEPARATORS).filter((g) => g !== '');
  if (groups.length === 0) return fail('badge-empty');
  if (!groups.every((g) => /^[0-9a-f]+$/i.test(g))) return fail('badge-invalid-characters');

  let bytes: string[];
  if (groups.length > 1) {
    // With separators each group is whole bytes; a lone digit is a byte printed without its leading zero.
    if (groups.some((g) => g.length > 1 && g.length % 2 !== 0)) return fail('badge-odd-hex-length');
    bytes = groups.flatMap((g) => splitBytes(g.padStart(2, '0')));
  } else {
    const digits = groups.join('');
    // A plain hex number may have lost its leading zero; in reversed order that zero is unrecoverable.
    if (digits.length % 2 !== 0 && reversed) return fail('badge-odd-hex-length');
    bytes = splitBytes(digits.length % 2 === 0 ? digits : `0${digits}`);
  }
  if (bytes.length < MIN_UID_BYTES || bytes.length > MAX_UID_BYTES) return fail('badge-uid-length');
  const ordered = reversed ? bytes.reverse() : bytes;
  return { ok: true, uid: ordered.join('').toUpperCase() };
}

function splitBytes(evenHex: string): string[] {
  return evenHex.match(/../g) ?? [];
}

function parseDecimal(text: string, decimalBytes: number | undefined): BadgeUidResult {
  if (!/^\d+$/.test(text)) return fail('badge-invalid-characters');
  if (
    decimalBytes !== undefined &&
    !(Number.isInteger(decimalBytes) && decimalBytes >= MIN_UID_BYTES && decimalBytes <= MAX_UID_BYTES)
  ) {
    return fail('badge-uid-length');
  }
  // 25 digits exceed 10 bytes already; checking first keeps BigInt away from hostile megabyte inputs.
  const digits = text.replace(/^0+(?=\d)/, '');
  if (digits.length > 25) return fail('badge-decimal-out-of-range');
  const value = BigInt(digits);
  const size = decimalBytes ?? DECIMAL_UID_SIZES.find((n) => value < 1n << BigInt(8 * n));
  if (size === undefined || value >= 1n << BigInt(8 * size)) return fail('badge-decimal-out-of-range');
  return {
    ok: true,
    uid: value
      .toString(16)
      .toUpperCase()
      .padStart(size * 2, '0'),
  };
}

function parseWiegand26(text: string): BadgeUidResult {
  const match = /^(\d{1,3})\s*[\s,:;/-]\s*(\d{1,5})$/.exec(text);
  if (match === null) return fail('badge-invalid-characters');
  const facility = Number(match[1]);
  const card = Number(match[2]);
  if (facility > 0xff || card > 0xffff) return fail('badge-wiegand-out-of-range');
  // Facility codes repeat across vendors, so the canonical form keeps facility and card together.
  const uid = facility.toString(16).padStart(2, '0') + card.toString(16).padStart(4, '0');
  return { ok: true, uid: uid.toUpperCase() };
}

/**
 * Drops repeated reads of the same card: EM4100 modules repeat while a card lies on the reader and people
 * double-tap. The window slides with every repeat, so a card left on the reader yields one read; a
 * different card in between always passes, because switching cards is deliberate.
 */
export class BadgeDebouncer {
  readonly #windowMs: number;
  #lastUid: string | undefined;
  #lastSeenAt = 0;

  constructor(windowMs = 1500) {
    if (!(windowMs >= 0)) throw new RangeError('badge debounce window must be >= 0');
    this.#windowMs = windowMs;
  }

  /** True when this read should be used; false when it repeats the previous card. */
  accept(uid: string, at: number): boolean {
    // A clock step backwards counts as no time passed, so it cannot let a repeat through.
    const isRepeat = uid === this.#lastUid && at - this.#lastSeenAt < this.#windowMs;
    this.#lastUid = uid;
    this.#lastSeenAt = isRepeat ? Math.max(this.#lastSeenAt, at) : at;
    return !isRepeat;
  }

  reset(): void {
    this.#lastUid = undefined;
    this.#lastSeenAt = 0;
  }
}
