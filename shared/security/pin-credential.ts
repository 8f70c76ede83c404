// The one rule for the PIN credential a terminal keeps offline. Server (node:crypto) and terminal
// (WebCrypto) each inject their PBKDF2, so both derive the same bytes from the same input.
//
// Why PIN and badge together: a 4-digit PIN alone has 10,000 values, so a stolen tablet's copy of a bare
// PIN hash falls in seconds whatever the iteration count. Bound to the badge UID, the attacker must first
// know the badge (which the terminal only holds as a salted hash). See docs/security.md for what this does
// and does not protect.

/** PBKDF2-HMAC-SHA256 of `password` with `salt`, `keyBytes` long. */
export type Pbkdf2Sha256 = (
  password: Uint8Array,
  salt: Uint8Array,
  iterations: number,
  keyBytes: number,
) => Promise<Uint8Array>;

/** Marks credentials derived by this rule; credentials without it are older PIN-only hashes, never trusted. */
export const PIN_KDF = 'pbkdf2-sha256-badge-pin-v1';
/** OWASP's 2023 figure for PBKDF2-HMAC-SHA256; a check costs a few hundred milliseconds on a tablet. */
export const PIN_ITERATIONS = 600_000;
export const PIN_KEY_BYTES = 32;
export const PIN_PATTERN = /^\d{4,8}$/;

export interface PinCredentialInput {
  /** Canonical badge UID (uppercase hex, see shared/scan/badge-uid.ts). */
  canonicalUid: string;
  pin: string;
  /** Per-operator salt, used as the UTF-8 text it is. */
  salt: string;
  iterations: number;
}

/** Hex of PBKDF2-SHA256(UTF-8("takt-pin-v1\0" + UID + "\0" + PIN), UTF-8(salt), iterations, 32 bytes). */
export async function derivePinCredential(pbkdf2: Pbkdf2Sha256, input: PinCredentialInput): Promise<string> {
  const password = utf8(`takt-pin-v1\u0000${input.canonicalUid}\u0000${input.pin}`);
  const key = await pbkdf2(password, utf8(input.salt), input.iterations, PIN_KEY_BYTES);
  return Array.from(key, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Compares two hex strings without stopping at the first difference. */
export function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}

/** UTF-8 bytes of a string (shared/ has no TextEncoder type; both sides must encode identically). */
export function utf8(text: string): Uint8Array {
  const bytes: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x80) bytes.push(code);
    else if (code < 0x800) bytes.push(0xc0 | (code >> 6), 0x80 | (code & 0x3f));
    else if (code < 0x10000) bytes.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f));
    else
      bytes.push(0xf0 | (code >> 18), 0x80 | ((code >> 12) & 0x3f), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f));
  }
  return Uint8Array.from(bytes);
}
