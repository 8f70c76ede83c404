import type { Db } from '../db/database';
import type { MasterDataStore } from '../master-data/store';
import { createBoardViewers } from './board-viewer';
import { createDisplayLinks } from './display-links';
import { createLeadCredentials } from './lead-credentials';
import { createLeadSessions } from './lead-sessions';
import { createLoginLockout } from './login-lockout';

/** Everything about who may read the board and the review queue in a browser; built once in app.ts. */
export function createLeadAccess(deps: { db: Db; store: MasterDataStore; adminToken: string; now: () => number }) {
  const sessions = createLeadSessions(deps.db, deps.now);
  const displayLinks = createDisplayLinks(deps.db, deps.now);
  return {
    sessions,
    displayLinks,
    lockout: createLoginLockout(deps.db, deps.now),
    checkCredentials: createLeadCredentials(deps.store),
    viewerOf: createBoardViewers({ adminToken: deps.adminToken, sessions, displayLinks, store: deps.store }),
  };
}

export type LeadAccess = ReturnType<typeof createLeadAccess>;
