import type { Db } from '../db/database';
import type { createBookingIngest } from '../bookings/ingest';
import type { EnrollmentCodes } from '../enrollment/enrollment-codes';
import type { EnrollmentLockout } from '../enrollment/enrollment-lockout';
import { createAuditLog } from '../audit/audit-log';
import { importAuditEntry, importMasterData } from '../master-data/import';
import type { MasterDataStore } from '../master-data/store';
import type { TerminalRegistry } from '../terminals/terminal-registry';
import type { EnrollOutcome, SyncStorage } from './sync-storage';

/** Thrown inside the enrollment transaction to roll the code's use back. */
class UnknownStation extends Error {}

/** The embedded store: today's SQLite modules behind the asynchronous interface, behaviour unchanged. */
export function createSqliteSyncStorage(parts: {
  db: Db;
  store: MasterDataStore;
  terminals: TerminalRegistry;
  bookings: ReturnType<typeof createBookingIngest>;
  enrollmentCodes: EnrollmentCodes;
  enrollmentLockout: EnrollmentLockout;
  now: () => number;
}): SyncStorage {
  const { db, store, terminals, bookings, enrollmentCodes, enrollmentLockout, now } = parts;
  const enrollInTransaction = db.transaction(
    (stationId: string, enrollmentCode: string, isPlantCode: boolean): EnrollOutcome => {
      const codeId = isPlantCode ? 'plant-code' : enrollmentCodes.redeem(enrollmentCode, stationId);
      if (codeId === undefined) return { status: 'invalid-code' };
      if (store.get('stations', stationId) === undefined) throw new UnknownStation();
      return { status: 'enrolled', ...terminals.enroll(stationId), codeId };
    },
  );
  const audit = createAuditLog(db, now);
  const touchTerminal = db.prepare('UPDATE terminals SET last_seen_at = ? WHERE id = ?');
  return {
    kind: 'sqlite',
    authenticate: async (token) => terminals.authenticate(token),
    async enroll({ stationId, enrollmentCode, isPlantCode }) {
      try {
        return enrollInTransaction(stationId, enrollmentCode, isPlantCode);
      } catch (error) {
        if (error instanceof UnknownStation) return { status: 'unknown-station' };
        throw error;
      }
    },
    enrollmentRetryAfterMs: async (client, stationId) => enrollmentLockout.retryAfterMs(client, stationId),
    recordEnrollmentFailure: async (client, stationId) => enrollmentLockout.recordFailure(client, stationId),
    recordContact: async (terminalId) => void touchTerminal.run(now(), terminalId),
    ingest: (batch) => bookings.ingest(batch),
    pull: async (dataset, cursor, limit) => store.pull(dataset, cursor, limit),
    importMasterData: (request, { clientIp }, options) =>
      importMasterData(store, request, {
        ...options,
        onWritten: (summary) => audit(importAuditEntry(summary, clientIp)),
      }),
    // The server closes the database itself after flushing pending pushes.
    close: async () => undefined,
  };
}
