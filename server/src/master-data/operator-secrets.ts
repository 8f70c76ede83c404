import { pbkdf2, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { z } from 'zod';
import { OperatorSchema, type Operator } from '../../../shared/master-data';
import { normalizeBadgeUid } from '../../../shared/scan/badge-uid';
import { sha256Hex } from '../hashing';

// What terminals get instead of badge UIDs and PINs. Both hashes take the salt as the UTF-8 text it is
// (not hex-decoded), so a terminal reproduces them with WebCrypto: see docs/sync-protocol.md.

export const PIN_ITERATIONS = 100_000;
export const PIN_KEY_BYTES = 32;

const pbkdf2Async = promisify(pbkdf2);

/** An operator as the import carries it: badge UID and PIN in clear, hashed before anything is stored. */
export const OperatorImportRowSchema = z.strictObject({
  ...OperatorSchema.pick({ id: true, name: true, role: true }).shape,
  badgeUid: z.string().trim().min(1).max(64),
  pin: z
    .string()
    .regex(/^\d{4,8}$/, 'must be 4 to 8 digits')
    .optional(),
});
export type OperatorImportRow = z.infer<typeof OperatorImportRowSchema>;

export type SaltSource = (purpose: 'badge' | 'pin', operatorId: string) => string;
export type PinHasher = (pin: string, salt: string, iterations: number) => Promise<string>;

export const randomSalt: SaltSource = () => randomBytes(16).toString('hex');

export function badgeHash(salt: string, canonicalUid: string): string {
  return sha256Hex(salt + canonicalUid);
}

export const pinHash: PinHasher = async (pin, salt, iterations) => {
  const key = await pbkdf2Async(
    Buffer.from(pin, 'utf8'),
    Buffer.from(salt, 'utf8'),
    iterations,
    PIN_KEY_BYTES,
    'sha256',
  );
  return key.toString('hex');
};

/** The canonical badge UID (uppercase hex, no separators) or undefined when the text is not a hex UID. */
export function canonicalBadgeUid(raw: string): string | undefined {
  const result = normalizeBadgeUid(raw, { format: 'hex' });
  return result.ok ? result.uid : undefined;
}

/**
 * Hashes an imported operator. An unchanged badge or PIN keeps its stored salt and hash, so re-importing the
 * same list changes nothing and terminals download nothing.
 */
export async function toOperatorRecord(
  row: OperatorImportRow,
  canonicalUid: string,
  existing: Operator | undefined,
  makeSalt: SaltSource,
  hashPin: PinHasher = pinHash,
): Promise<Operator> {
  const isSameBadge = existing !== undefined && badgeHash(existing.badgeSalt, canonicalUid) === existing.badgeHash;
  const badgeSalt = isSameBadge ? existing.badgeSalt : makeSalt('badge', row.id);
  const record: Operator = {
    id: row.id,
    name: row.name,
    role: row.role,
    badgeHash: isSameBadge ? existing.badgeHash : badgeHash(badgeSalt, canonicalUid),
    badgeSalt,
  };
  if (row.pin !== undefined) {
    const previous = existing?.pin;
    const isSamePin =
      previous !== undefined && (await hashPin(row.pin, previous.salt, previous.iterations)) === previous.hash;
    if (isSamePin) {
      record.pin = previous;
    } else {
      const salt = makeSalt('pin', row.id);
      record.pin = { hash: await hashPin(row.pin, salt, PIN_ITERATIONS), salt, iterations: PIN_ITERATIONS };
    }
  }
  return record;
}
