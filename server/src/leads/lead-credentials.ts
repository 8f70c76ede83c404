import { OperatorSchema, type Operator } from '@shared/master-data';
import { constantTimeEqual, PIN_ITERATIONS, PIN_KDF } from '@shared/security/pin-credential';
import type { MasterDataStore } from '../master-data/store';

/** What the lead features read of master data: the plant's current records, fresh per request. */
export type MasterDataView = Pick<MasterDataStore, 'get' | 'liveKeys'>;
import { badgeHash, canonicalBadgeUid, pinHash } from '../master-data/operator-secrets';

export type CredentialCheck = { ok: true; operator: Operator } | { ok: false };

/**
 * Checks a badge number and PIN against the operators in master data, the same credential the terminals
 * check offline (shared/security/pin-credential.ts). It needs the badge: the PIN credential is bound to the
 * badge UID and the server keeps the UID only as a salted hash, so an operator id alone cannot be verified.
 * An unknown badge costs the same PBKDF2 run as a known one, so the answer time does not tell which exists.
 */
export function createLeadCredentials(masterData: () => Promise<MasterDataView>) {
  const findByBadge = (store: MasterDataView, canonicalUid: string): Operator | undefined => {
    for (const key of store.liveKeys('operators')) {
      const operator = OperatorSchema.safeParse(store.get('operators', key)).data;
      if (operator && badgeHash(operator.badgeSalt, canonicalUid) === operator.badgeHash) return operator;
    }
    return undefined;
  };

  return async function check(badge: string, pin: string): Promise<CredentialCheck> {
    const canonicalUid = canonicalBadgeUid(badge) ?? '';
    const operator = canonicalUid === '' ? undefined : findByBadge(await masterData(), canonicalUid);
    const credential = operator?.pin?.kdf === PIN_KDF ? operator.pin : undefined;
    const derived = await pinHash({
      canonicalUid,
      pin,
      salt: credential?.salt ?? 'no-such-operator',
      iterations: credential?.iterations ?? PIN_ITERATIONS,
    });
    if (!operator || !credential || !constantTimeEqual(derived, credential.hash)) return { ok: false };
    return { ok: true, operator };
  };
}
