/**
 * Refuses weak configured secrets at start. Generated secrets are strong by construction; these checks are
 * for values someone typed into TAKT_ADMIN_TOKEN, TAKT_ENROLLMENT_CODE or the secrets file ("admin", "1234").
 * The estimate is deliberately simple: length × log2(size of the character classes used), and enough
 * distinct characters that "aaaaaaaaaaaaaaaa" does not count as long.
 */
import { normalizeEnrollmentCode } from '../enrollment/enrollment-codes';

/** An admin token is a bearer credential that is never typed; it can be long. */
export const MIN_ADMIN_TOKEN_BITS = 128;
/** A demo enrollment code is typed on a tablet and guarded by the lockout. */
export const MIN_ENROLLMENT_CODE_BITS = 40;
const MIN_DISTINCT_SHARE = 0.4;

export function estimateBits(value: string): number {
  let pool = 0;
  if (/[a-z]/.test(value)) pool += 26;
  if (/[A-Z]/.test(value)) pool += 26;
  if (/[0-9]/.test(value)) pool += 10;
  if (/[^a-zA-Z0-9]/.test(value)) pool += 32;
  return pool === 0 ? 0 : value.length * Math.log2(pool);
}

function weakness(value: string, minBits: number): string | undefined {
  const bits = Math.floor(estimateBits(value));
  if (bits < minBits) return `it has about ${bits} bits of entropy, at least ${minBits} are needed`;
  if (new Set(value).size < Math.ceil(value.length * MIN_DISTINCT_SHARE)) return 'it repeats too few characters';
  return undefined;
}

/** Why a configured admin token or plant enrollment code is too weak to start with, or undefined. */
export function findWeakSecret(kind: 'adminToken' | 'enrollmentCode', value: string): string | undefined {
  const reason =
    kind === 'adminToken'
      ? weakness(value, MIN_ADMIN_TOKEN_BITS)
      : weakness(normalizeEnrollmentCode(value), MIN_ENROLLMENT_CODE_BITS);
  if (reason === undefined) return undefined;
  return kind === 'adminToken'
    ? `the admin token (TAKT_ADMIN_TOKEN or the secrets file) is too weak: ${reason}. Use a random value of 32 or more characters, e.g. \`openssl rand -base64 32\`, or remove it to have one generated.`
    : `the enrollment code (TAKT_ENROLLMENT_CODE or the secrets file) is too weak: ${reason}. Use 12 random letters and digits, or remove it to have one generated.`;
}
