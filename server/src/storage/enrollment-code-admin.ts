import type { createAuditLog } from '../audit/audit-log';
import type { Db } from '../db/database';
import type {
  EnrollmentCodeInfo,
  EnrollmentCodes,
  NewEnrollmentCode,
  RevokeCodeOutcome,
} from '../enrollment/enrollment-codes';
import type { MasterDataStore } from '../master-data/store';

export type CreateCodeOutcome =
  { status: 'created'; code: EnrollmentCodeInfo & { code: string } } | { status: 'unknown-station' };

/**
 * What the admin's enrollment-code routes persist, each action with its audit row in one transaction; one
 * implementation per store.
 */
export interface EnrollmentCodeAdmin {
  create(request: NewEnrollmentCode, clientIp: string): Promise<CreateCodeOutcome>;
  list(): Promise<EnrollmentCodeInfo[]>;
  revoke(id: string, clientIp: string, reason: string | undefined): Promise<RevokeCodeOutcome>;
}

export function createSqliteEnrollmentCodeAdmin(parts: {
  db: Db;
  store: MasterDataStore;
  codes: EnrollmentCodes;
  audit: ReturnType<typeof createAuditLog>;
}): EnrollmentCodeAdmin {
  const { db, store, codes, audit } = parts;
  return {
    async create(request, clientIp) {
      if (request.stationId !== undefined && store.get('stations', request.stationId) === undefined) {
        return { status: 'unknown-station' };
      }
      const code = db.transaction(() => {
        const created = codes.create(request);
        audit({
          action: 'enrollment-code.create',
          target: created.id,
          clientIp,
          details: { stationId: created.stationId, expiresAt: created.expiresAt, maxUses: created.maxUses },
        });
        return created;
      })();
      return { status: 'created', code };
    },
    list: async () => codes.list(),
    revoke: async (id, clientIp, reason) =>
      db.transaction(() => {
        const result = codes.revoke(id);
        if (result.status !== 'not-found') {
          audit({
            action: 'enrollment-code.revoke',
            target: id,
            clientIp,
            details: { outcome: result.status, ...(reason === undefined ? {} : { reason }) },
          });
        }
        return result;
      })(),
  };
}
