/** GS1 check digits and check character pairs (General Specifications §7.9). */

/**
 * The GS1 mod-10 check digit for a string of data digits (without the check digit): weights 3, 1, 3, …
 * counted from the rightmost data digit. Used by GTIN, SSCC, GLN, GSRN, GSIN, GDTI, GRAI and GCN.
 */
export function gs1CheckDigit(dataDigits: string): number {
  let sum = 0;
  for (let i = dataDigits.length - 1, weight = 3; i >= 0; i--, weight = 4 - weight) {
    sum += (dataDigits.charCodeAt(i) - 48) * weight;
  }
  return (10 - (sum % 10)) % 10;
}

/** True when `digits` is all digits and its last digit is the GS1 mod-10 check digit of the rest. */
export function hasValidGs1CheckDigit(digits: string): boolean {
  if (digits.length < 2 || !/^\d+$/.test(digits)) return false;
  return gs1CheckDigit(digits.slice(0, -1)) === digits.charCodeAt(digits.length - 1) - 48;
}

/** CSET 82 in the order that gives each character its value for the alphanumeric check pair. */
const CSET82_BY_VALUE = '!"%&\'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz';
const CSET32_BY_VALUE = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/** Prime weights, assigned from the rightmost data character leftwards; enough for the longest AI value. */
const PRIME_WEIGHTS: readonly number[] = primesUpTo(100);

function primesUpTo(count: number): number[] {
  const primes: number[] = [];
  for (let candidate = 2; primes.length < count; candidate++) {
    if (primes.every((p) => candidate % p !== 0)) primes.push(candidate);
  }
  return primes;
}

/**
 * The two check characters of a GS1 alphanumeric key (GMN 8013, MUDI 8014): sum of CSET 82 values
 * weighted by increasing primes from the right, mod 1021, split into two 5-bit CSET 32 characters.
 * Returns undefined when the data holds a character outside CSET 82 or is too long for the weights.
 */
export function gs1CheckCharacterPair(data: string): string | undefined {
  if (data.length > PRIME_WEIGHTS.length) return undefined;
  let sum = 0;
  for (let i = 0; i < data.length; i++) {
    const value = CSET82_BY_VALUE.indexOf(data.charAt(i));
    const weight = PRIME_WEIGHTS[data.length - 1 - i];
    if (value < 0 || weight === undefined) return undefined;
    sum += value * weight;
  }
  sum %= 1021;
  return CSET32_BY_VALUE.charAt(sum >> 5) + CSET32_BY_VALUE.charAt(sum & 31);
}

/** True when the last two characters of `keyWithPair` are the check pair of the characters before them. */
export function hasValidGs1CheckCharacterPair(keyWithPair: string): boolean {
  if (keyWithPair.length < 2) return false;
  return gs1CheckCharacterPair(keyWithPair.slice(0, -2)) === keyWithPair.slice(-2);
}
