import { randomBytes } from 'node:crypto';
import { uuidv7 } from '@shared/id/uuidv7';
import type { AuditEntry } from '../audit/audit-log';
import type { Db } from '../db/database';
import { sha256Hex } from '../hashing';

export interface DisplayLink {
  id: string;
  label: string;
  createdAt: number;
  revokedAt: number | null;
}

/**
 * Read-only board links for a screen in the shift office; the token is shown once and stored hashed.
 * Creating and revoking write their audit record in the same transaction.
 */
export interface DisplayLinkStore {
  create(label: string, clientIp: string): Promise<DisplayLink & { token: string }>;
  /** The active link a token belongs to, or undefined (unknown or revoked). */
  authenticate(token: string): Promise<DisplayLink | undefined>;
  list(): Promise<DisplayLink[]>;
  /** The link after revoking it (revoking twice keeps the first time), or undefined: no such link. */
  revoke(id: string, clientIp: string): Promise<DisplayLink | undefined>;
}

/** A new link's id, token and the hash the store keeps, plus the audit records both stores write. */
export function newDisplayLink(now: number): { id: string; token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url');
  return { id: uuidv7(now), token, tokenHash: sha256Hex(token) };
}

export const displayLinkAudit = {
  create: (id: string, label: string, clientIp: string): AuditEntry => ({
    action: 'display-link.create',
    target: id,
    clientIp,
    details: { label },
  }),
  revoke: (id: string, clientIp: string): AuditEntry => ({
    action: 'display-link.revoke',
    target: id,
    clientIp,
    details: {},
  }),
};

export function createDisplayLinks(db: Db, now: () => number, audit: (entry: AuditEntry) => void): DisplayLinkStore {
  const insert = db.prepare('INSERT INTO display_links (id, token_hash, label, created_at) VALUES (?, ?, ?, ?)');
  const columns = 'id, label, created_at AS createdAt, revoked_at AS revokedAt';
  const byToken = db.prepare(`SELECT ${columns} FROM display_links WHERE token_hash = ? AND revoked_at IS NULL`);
  const byId = db.prepare(`SELECT ${columns} FROM display_links WHERE id = ?`);
  const all = db.prepare(`SELECT ${columns} FROM display_links ORDER BY created_at, id`);
  const markRevoked = db.prepare('UPDATE display_links SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL');
  return {
    async create(label, clientIp) {
      const createdAt = now();
      const { id, token, tokenHash } = newDisplayLink(createdAt);
      db.transaction(() => {
        insert.run(id, tokenHash, label, createdAt);
        audit(displayLinkAudit.create(id, label, clientIp));
      })();
      return { id, label, createdAt, revokedAt: null, token };
    },
    authenticate: async (token) => byToken.get(sha256Hex(token)) as DisplayLink | undefined,
    list: async () => all.all() as DisplayLink[],
    async revoke(id, clientIp) {
      return db.transaction(() => {
        markRevoked.run(now(), id);
        const link = byId.get(id) as DisplayLink | undefined;
        if (link) audit(displayLinkAudit.revoke(id, clientIp));
        return link;
      })();
    },
  };
}
