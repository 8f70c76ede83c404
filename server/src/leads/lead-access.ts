import type { createAuditLog } from '../audit/audit-log';
import type { Db } from '../db/database';
import type { MasterDataStore } from '../master-data/store';
import { createViewerResolver } from './board-viewer';
import { createDisplayLinks, type DisplayLinkStore } from './display-links';
import { createLeadCredentials, type MasterDataView } from './lead-credentials';
import { createLeadSessions, type LeadSessionStore } from './lead-sessions';
import { createLoginLockout, type LoginLockoutStore } from './login-lockout';

/** The stores the lead features persist in; one implementation per database. */
export interface LeadStores {
  sessions: LeadSessionStore;
  displayLinks: DisplayLinkStore;
  lockout: LoginLockoutStore;
}

/** Everything about who may read the board and the review queue in a browser; built once per server. */
export function createLeadAccess(deps: {
  stores: LeadStores;
  masterData: () => Promise<MasterDataView>;
  adminToken: string;
}) {
  const { sessions, displayLinks, lockout } = deps.stores;
  return {
    sessions,
    displayLinks,
    lockout,
    checkCredentials: createLeadCredentials(deps.masterData),
    resolveViewer: createViewerResolver({
      adminToken: deps.adminToken,
      sessions,
      displayLinks,
      masterData: deps.masterData,
    }),
  };
}

export type LeadAccess = ReturnType<typeof createLeadAccess>;

/** The lead stores in the server's SQLite database. */
export function createSqliteLeadStores(deps: {
  db: Db;
  now: () => number;
  audit: ReturnType<typeof createAuditLog>;
}): LeadStores {
  return {
    sessions: createLeadSessions(deps.db, deps.now),
    displayLinks: createDisplayLinks(deps.db, deps.now, deps.audit),
    lockout: createLoginLockout(deps.db, deps.now),
  };
}

/** SQLite's master data is the live store itself. */
export const sqliteMasterData = (store: MasterDataStore) => async (): Promise<MasterDataStore> => store;
