import type { FastifyInstance } from 'fastify';
import { installViewerResolution } from '../../leads/board-viewer';
import { createLeadAccess } from '../../leads/lead-access';
import { registerBookingsImportRoute } from '../../routes/admin-bookings-import';
import { registerAdminLogRoutes } from '../../routes/admin-logs';
import { registerLeadAuthRoutes } from '../../routes/lead-auth';
import { registerReviewRoutes } from '../../routes/review';
import { registerTerminalRotateRoutes } from '../../routes/terminal-rotate';
import { createPgAdminLogReader, createPgBookingsImportStore } from './pg-admin-logs';
import { createPgLeadStores } from './pg-leads';
import type { PgMasterDataReader } from './pg-master-data-reader';
import { createPgReviewStore } from './pg-review';
import type { PgSyncStorage } from './pg-sync-storage';
import { createPgTokenRotation } from './pg-token-rotation';

/**
 * Shift-lead sign-in, display links, who is asking (resolved for every API request, so call this before the
 * routes that check it), the review queue, token rotation, and the admin lists and bookings import.
 */
export function registerPgLeadReviewRoutes(
  app: FastifyInstance,
  deps: { storage: PgSyncStorage; masterData: PgMasterDataReader; adminToken: string; now: () => number },
): void {
  const { pool, plantId } = deps.storage;
  const masterData = () => deps.masterData.current();
  const access = createLeadAccess({
    stores: createPgLeadStores(pool, plantId, deps.now),
    masterData,
    adminToken: deps.adminToken,
  });
  installViewerResolution(app, access.resolveViewer);
  registerLeadAuthRoutes(app, deps.adminToken, access);
  registerReviewRoutes(app, {
    store: createPgReviewStore({ pool, plantId, ingest: (batch) => deps.storage.ingest(batch) }),
    masterData,
    now: deps.now,
  });
  registerTerminalRotateRoutes(app, { sync: deps.storage, rotation: createPgTokenRotation(pool, plantId, deps.now) });
}

/** Inside the admin scope (the admin token is checked there). */
export function registerPgAdminReviewRoutes(
  admin: FastifyInstance,
  deps: { storage: PgSyncStorage; now: () => number },
): void {
  const { pool, plantId } = deps.storage;
  registerAdminLogRoutes(admin, createPgAdminLogReader(pool, plantId));
  registerBookingsImportRoute(admin, createPgBookingsImportStore(pool, plantId, deps.storage, deps.now));
}
