import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { DATASET_NAMES, type DatasetName } from '@shared/master-data';
import type { AuditEntry } from '../audit/audit-log';
import type { AdminListing } from '../bookings/admin-listing';
import type { Db } from '../db/database';
import { ApiFailure, parseOrFail } from '../http/api-error';
import type { MasterDataStore } from '../master-data/store';
import type { RevokeOutcome, TerminalRegistry } from '../terminals/terminal-registry';

/** What admins change here: a terminal's token revoked (audited), a master dataset compacted. */
export interface AdminTerminalActions {
  /** Revokes the token and its pending token, with the audit record in the same transaction. */
  revoke(terminalId: string, clientIp: string, reason: string | undefined): Promise<RevokeOutcome>;
  /** Drops the dataset's tombstones and starts a new generation: every older cursor pulls a reset. */
  compact(dataset: DatasetName): Promise<void>;
}

export function revokeAudit(terminalId: string, clientIp: string, outcome: RevokeOutcome, reason?: string): AuditEntry {
  return {
    action: 'terminal.revoke',
    target: terminalId,
    clientIp,
    details: { outcome: outcome.status, ...(reason === undefined ? {} : { reason }) },
  };
}

export function createSqliteAdminTerminalActions(deps: {
  db: Db;
  terminals: TerminalRegistry;
  store: MasterDataStore;
  audit: (entry: AuditEntry) => void;
}): AdminTerminalActions {
  return {
    // The revocation and its audit record commit together: no revoked token without a trace, nor the reverse.
    revoke: async (terminalId, clientIp, reason) =>
      deps.db.transaction(() => {
        const outcome = deps.terminals.revoke(terminalId);
        if (outcome.status !== 'not-found') deps.audit(revokeAudit(terminalId, clientIp, outcome, reason));
        return outcome;
      })(),
    compact: async (dataset) => deps.store.compact(dataset),
  };
}

const after = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional();
const limit = z.coerce.number().int().min(1).max(1_000).optional();
const DEFAULT_LIMIT = 100;

const BookingsQuerySchema = z.strictObject({
  after,
  limit,
  terminalId: z.string().min(1).max(64).optional(),
  review: z.enum(['true', 'false']).optional(),
});
const PageQuerySchema = z.strictObject({ after, limit });
const LimitQuerySchema = z.strictObject({ limit });
const TerminalParamsSchema = z.strictObject({ id: z.string().min(1).max(64) });
const RevokeBodySchema = z.strictObject({ reason: z.string().trim().min(1).max(500).optional() }).optional();
const DatasetParamsSchema = z.strictObject({ dataset: z.enum(DATASET_NAMES as [DatasetName, ...DatasetName[]]) });

/**
 * The admin lists of what arrived (paged by an id that only grows), terminal revocation and dataset
 * compaction; registered inside the admin scope (the admin token is checked there) on both stores.
 */
export function registerAdminTerminalRoutes(
  admin: FastifyInstance,
  deps: { listing: AdminListing; actions: AdminTerminalActions },
): void {
  const { listing, actions } = deps;
  admin.get('/api/v1/admin/bookings', async (request) => {
    const query = parseOrFail(BookingsQuerySchema, request.query, 'query');
    const pageSize = query.limit ?? DEFAULT_LIMIT;
    const bookings = await listing.bookings({
      after: query.after ?? 0,
      limit: pageSize + 1,
      ...(query.terminalId === undefined ? {} : { terminalId: query.terminalId }),
      isReviewOnly: query.review === 'true',
    });
    const page = bookings.slice(0, pageSize);
    return {
      bookings: page,
      hasMore: bookings.length > pageSize,
      nextAfter: page.at(-1)?.serverSeq ?? query.after ?? 0,
    };
  });

  admin.get('/api/v1/admin/rejected', async (request) => {
    const query = parseOrFail(PageQuerySchema, request.query, 'query');
    return { rejected: await listing.rejected(query.after ?? 0, query.limit ?? DEFAULT_LIMIT) };
  });

  admin.get('/api/v1/admin/quarantined', async (request) => {
    const query = parseOrFail(LimitQuerySchema, request.query, 'query');
    return { quarantined: await listing.quarantined(query.limit ?? DEFAULT_LIMIT) };
  });

  admin.get('/api/v1/admin/terminals', async () => ({ terminals: await listing.terminals() }));

  admin.post('/api/v1/admin/terminals/:id/revoke', async (request) => {
    const { id } = parseOrFail(TerminalParamsSchema, request.params, 'path');
    const body = parseOrFail(RevokeBodySchema, request.body ?? undefined, 'body');
    const outcome = await actions.revoke(id, request.ip, body?.reason);
    if (outcome.status === 'not-found') throw new ApiFailure(404, 'not-found', `no terminal ${id}`);
    request.log.warn({ terminalId: id, outcome: outcome.status }, 'terminal token revoked');
    return { terminalId: id, revokedAt: outcome.revokedAt };
  });

  admin.post('/api/v1/admin/datasets/:dataset/compact', async (request) => {
    const { dataset } = parseOrFail(DatasetParamsSchema, request.params, 'path');
    await actions.compact(dataset);
    request.log.info({ dataset }, 'dataset compacted; terminals will reload it');
    return { dataset, compacted: true };
  });
}
