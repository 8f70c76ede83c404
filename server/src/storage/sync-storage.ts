import type { DatasetName } from '@shared/master-data';
import type { IngestOutcome, PushBatch } from '../bookings/ingest';
import type { ImportOptions, ImportOutcome, ImportRequest } from '../master-data/import';
import type { PullPage } from '../master-data/store';
import type { TerminalIdentity } from '../terminals/terminal-registry';

export type EnrollOutcome =
  | { status: 'enrolled'; terminalId: string; token: string; codeId: string }
  | { status: 'invalid-code' }
  | { status: 'unknown-station' };

/** Who imported, for the audit trail (one admin token: the client address stands for who). */
export interface ImportAudit {
  clientIp: string;
}

export interface EnrollAttempt {
  stationId: string;
  enrollmentCode: string;
  /** The route compared the code with the plant-wide one (demo and development mode). */
  isPlantCode: boolean;
}

/**
 * What the sync contract persists, behind one asynchronous interface with a SQLite and a PostgreSQL
 * implementation: terminal identities, the booking ingest, the master-data pull and its import. Everything
 * that decides correctness lives in the store, none in the instance, so several instances may share one.
 */
export interface SyncStorage {
  readonly kind: 'sqlite' | 'postgres';
  authenticate(token: string): Promise<TerminalIdentity | undefined>;
  /** Uses the code (unless it is the plant code) and creates the terminal together, or neither. */
  enroll(attempt: EnrollAttempt): Promise<EnrollOutcome>;
  /** Milliseconds until this client may try this station again, or 0. */
  enrollmentRetryAfterMs(client: string, stationId: string): Promise<number>;
  recordEnrollmentFailure(client: string, stationId: string): Promise<void>;
  /** Stores the terminal's last contact (a heartbeat); a push records it itself. */
  recordContact(terminalId: string): Promise<void>;
  /** Resolves once the batch is durably stored. */
  ingest(batch: PushBatch): Promise<IngestOutcome>;
  /** undefined when the cursor is not one this server issued. */
  pull(dataset: DatasetName, cursor: string | undefined, limit: number): Promise<PullPage | undefined>;
  /** All or nothing, with its row in the admin audit trail in the same transaction. */
  importMasterData(
    request: ImportRequest,
    audit: ImportAudit,
    options?: Omit<ImportOptions, 'onWritten'>,
  ): Promise<ImportOutcome>;
  close(): Promise<void>;
}
