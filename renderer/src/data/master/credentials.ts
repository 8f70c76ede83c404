import type { Operator } from '../../../../shared/master-data';

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

/** PBKDF2-SHA256 with the operator's salt (UTF-8) and iteration count, 32-byte key, hex. */
export async function pinHash(pin: string, salt: string, iterations: number): Promise<string> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(pin), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: encoder.encode(salt), iterations },
    key,
    256,
  );
  return toHex(new Uint8Array(bits));
}

export async function verifyPin(operator: Pick<Operator, 'pin'>, pin: string): Promise<boolean> {
  if (!operator.pin || pin.length === 0) return false;
  const actual = await pinHash(pin, operator.pin.salt, operator.pin.iterations);
  return constantTimeEqual(actual, operator.pin.hash);
}

function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}

function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
