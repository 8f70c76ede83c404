import type { Operator } from '@shared/master-data';
import { constantTimeEqual, derivePinCredential, PIN_KDF, type Pbkdf2Sha256 } from '@shared/security/pin-credential';

// Badge and PIN checks with WebCrypto (available in browsers, Electron renderers and Node ≥ 20).

const encoder = new TextEncoder();

export async function sha256hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', encoder.encode(text));
  return toHex(new Uint8Array(digest));
}

/** The hash stored for a badge: SHA-256 over the salt followed by the canonical UID (see badge-uid.ts). */
export function badgeHash(badgeSalt: string, canonicalUid: string): Promise<string> {
  return sha256hex(badgeSalt + canonicalUid);
}

export const webCryptoPbkdf2: Pbkdf2Sha256 = async (password, salt, iterations, keyBytes) => {
  const key = await crypto.subtle.importKey('raw', password as BufferSource, 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations },
    key,
    keyBytes * 8,
  );
  return new Uint8Array(bits);
};

/** The credential for this badge and PIN with the operator's salt (shared rule, WebCrypto's PBKDF2). */
export function pinHash(canonicalUid: string, pin: string, salt: string, iterations: number): Promise<string> {
  return derivePinCredential(webCryptoPbkdf2, { canonicalUid, pin, salt, iterations });
}

/** True only for the operator's own badge with the right PIN; an operator without a badge-bound PIN never passes. */
export async function verifyPin(operator: Pick<Operator, 'pin'>, canonicalUid: string, pin: string): Promise<boolean> {
  if (!operator.pin || operator.pin.kdf !== PIN_KDF || pin.length === 0) return false;
  const actual = await pinHash(canonicalUid, pin, operator.pin.salt, operator.pin.iterations);
  return constantTimeEqual(actual, operator.pin.hash);
}

function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
