import { randomBytes } from 'node:crypto';
import { uuidv7 } from '../../../shared/id/uuidv7';
import type { Db } from '../db/database';
import { sha256Hex } from '../hashing';

export interface DisplayLink {
  id: string;
  label: string;
  createdAt: number;
  revokedAt: number | null;
}

/** Read-only board links for a screen in the shift office; the token is shown once and stored hashed. */
export function createDisplayLinks(db: Db, now: () => number) {
  const insert = db.prepare('INSERT INTO display_links (id, token_hash, label, created_at) VALUES (?, ?, ?, ?)');
  const columns = 'id, label, created_at AS createdAt, revoked_at AS revokedAt';
  const byToken = db.prepare(`SELECT ${columns} FROM display_links WHERE token_hash = ? AND revoked_at IS NULL`);
  const byId = db.prepare(`SELECT ${columns} FROM display_links WHERE id = ?`);
  const all = db.prepare(`SELECT ${columns} FROM display_links ORDER BY created_at, id`);
  const markRevoked = db.prepare('UPDATE display_links SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL');
  return {
    create(label: string): DisplayLink & { token: string } {
      const id = uuidv7(now());
      const token = randomBytes(32).toString('base64url');
      insert.run(id, sha256Hex(token), label, now());
      return { id, label, createdAt: now(), revokedAt: null, token };
    },
    /** The active link a token belongs to, or undefined (unknown or revoked). */
    authenticate(token: string): DisplayLink | undefined {
      return byToken.get(sha256Hex(token)) as DisplayLink | undefined;
    },
    list: () => all.all() as DisplayLink[],
    revoke(id: string): DisplayLink | undefined {
      markRevoked.run(now(), id);
      return byId.get(id) as DisplayLink | undefined;
    },
  };
}

export type DisplayLinks = ReturnType<typeof createDisplayLinks>;
