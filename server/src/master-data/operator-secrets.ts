import { pbkdf2, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { z } from 'zod';
import { OperatorSchema, type Operator } from '@shared/master-data';
import { normalizeBadgeUid } from '@shared/scan/badge-uid';
import {
  derivePinCredential,
  PIN_ITERATIONS,
  PIN_KDF,
  PIN_PATTERN,
  type Pbkdf2Sha256,
  type PinCredentialInput,
} from '@shared/security/pin-credential';
import { sha256Hex } from '../hashing';

// What terminals get instead of badge UIDs and PINs. Both hashes take the salt as the UTF-8 text it is
// (not hex-decoded), so a terminal reproduces them with WebCrypto: see docs/sync-protocol.md.

const pbkdf2Async = promisify(pbkdf2);

export const nodePbkdf2: Pbkdf2Sha256 = async (password, salt, iterations, keyBytes) =>
  new Uint8Array(await pbkdf2Async(password, salt, iterations, keyBytes, 'sha256'));

/** An operator as the import carries it: badge UID and PIN in clear, hashed before anything is stored. */
export const OperatorImportRowSchema = z.strictObject({
  ...OperatorSchema.pick({ id: true, name: true, role: true, language: true }).shape,
  badgeUid: z.string().trim().min(1).max(64),
  pin: z.string().regex(PIN_PATTERN, 'must be 4 to 8 digits').optional(),
});
export type OperatorImportRow = z.infer<typeof OperatorImportRowSchema>;

export type SaltSource = (purpose: 'badge' | 'pin', operatorId: string) => string;
export type PinHasher = (input: PinCredentialInput) => Promise<string>;

export const randomSalt: SaltSource = () => randomBytes(16).toString('hex');

export function badgeHash(salt: string, canonicalUid: string): string {
  return sha256Hex(salt + canonicalUid);
}

/** The PIN credential bound to the badge (see shared/security/pin-credential.ts). */
export const pinHash: PinHasher = (input) => derivePinCredential(nodePbkdf2, input);

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
    ...(row.language === undefined ? {} : { language: row.language }),
    badgeHash: isSameBadge ? existing.badgeHash : badgeHash(badgeSalt, canonicalUid),
    badgeSalt,
  };
  if (row.pin !== undefined) {
    const pin = row.pin;
    const previous = existing?.pin;
    // A changed badge changes the credential too (it is bound to the UID); older PIN-only hashes are redone.
    const isSamePin =
      previous?.kdf === PIN_KDF &&
      (await hashPin({ canonicalUid, pin, salt: previous.salt, iterations: previous.iterations })) === previous.hash;
    if (isSamePin) {
      record.pin = previous;
    } else {
      const salt = makeSalt('pin', row.id);
      const hash = await hashPin({ canonicalUid, pin, salt, iterations: PIN_ITERATIONS });
      record.pin = { hash, salt, iterations: PIN_ITERATIONS, kdf: PIN_KDF };
    }
  }
  return record;
}
