import { randomInt } from 'node:crypto';
import { uuidv7 } from '@shared/id/uuidv7';
import type { Db } from '../db/database';
import { sha256Hex } from '../hashing';

// No 0/O, 1/I/L: a code is read off a screen and typed on a tablet with gloves.
export const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
/** 12 characters of 31: about 59 bits, far beyond what the lockout lets anyone try. */
const CODE_LENGTH = 12;

/** Codes are typed on a tablet: case, spaces and dashes do not matter. */
export function normalizeEnrollmentCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]+/g, '');
}

/** A fresh random code, grouped by four for reading aloud: "K7QM-X2PR-4HTA". */
export function generateEnrollmentCode(): string {
  const chars = Array.from({ length: CODE_LENGTH }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
  return chars.match(/.{4}/g)?.join('-') ?? chars;
}

export type EnrollmentCodeStatus = 'active' | 'expired' | 'used-up' | 'revoked';

/** What the admin API lists: everything but the code itself, which is never stored. */
export interface EnrollmentCodeInfo {
  id: string;
  /** The only station the code enrolls, or null for any station. */
  stationId: string | null;
  createdAt: number;
  expiresAt: number;
  maxUses: number;
  uses: number;
  revokedAt: number | null;
  status: EnrollmentCodeStatus;
}

export interface NewEnrollmentCode {
  stationId?: string | undefined;
  expiresInMinutes: number;
  uses: number;
}

export type RevokeCodeOutcome = { status: 'revoked' | 'already-revoked'; revokedAt: number } | { status: 'not-found' };

export interface CodeRow {
  id: string;
  stationId: string | null;
  createdAt: number;
  expiresAt: number;
  maxUses: number;
  uses: number;
  revokedAt: number | null;
}

const COLUMNS =
  'id, station_id AS stationId, created_at AS createdAt, expires_at AS expiresAt, max_uses AS maxUses, uses, revoked_at AS revokedAt';

export function codeStatus(row: CodeRow, now: number): EnrollmentCodeStatus {
  if (row.revokedAt !== null) return 'revoked';
  if (row.uses >= row.maxUses) return 'used-up';
  return now >= row.expiresAt ? 'expired' : 'active';
}

export function createEnrollmentCodes(db: Db, now: () => number) {
  const insert = db.prepare(
    'INSERT INTO enrollment_codes (id, code_hash, station_id, created_at, expires_at, max_uses) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const byHash = db.prepare(`SELECT ${COLUMNS} FROM enrollment_codes WHERE code_hash = ?`);
  const byId = db.prepare(`SELECT ${COLUMNS} FROM enrollment_codes WHERE id = ?`);
  const all = db.prepare(`SELECT ${COLUMNS} FROM enrollment_codes ORDER BY created_at DESC, id DESC LIMIT 1000`);
  const use = db.prepare('UPDATE enrollment_codes SET uses = uses + 1 WHERE id = ? AND uses < max_uses');
  const markRevoked = db.prepare('UPDATE enrollment_codes SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL');

  const statusOf = (row: CodeRow): EnrollmentCodeStatus => codeStatus(row, now());
  const info = (row: CodeRow): EnrollmentCodeInfo => ({ ...row, status: statusOf(row) });

  return {
    /** Stores the code's hash and returns the code itself: the only time anyone sees it. */
    create(request: NewEnrollmentCode): EnrollmentCodeInfo & { code: string } {
      const code = generateEnrollmentCode();
      const id = uuidv7(now());
      const createdAt = now();
      const expiresAt = createdAt + request.expiresInMinutes * 60_000;
      insert.run(
        id,
        sha256Hex(normalizeEnrollmentCode(code)),
        request.stationId ?? null,
        createdAt,
        expiresAt,
        request.uses,
      );
      return { ...info(byId.get(id) as CodeRow), code };
    },
    list(): EnrollmentCodeInfo[] {
      return (all.all() as CodeRow[]).map(info);
    },
    revoke(id: string): RevokeCodeOutcome {
      const row = byId.get(id) as CodeRow | undefined;
      if (row === undefined) return { status: 'not-found' };
      if (row.revokedAt !== null) return { status: 'already-revoked', revokedAt: row.revokedAt };
      const revokedAt = now();
      markRevoked.run(revokedAt, id);
      return { status: 'revoked', revokedAt };
    },
    /**
     * Uses the code for one enrollment at `stationId` when it is active and meant for that station; returns
     * the code's id, or undefined. Call it inside the transaction that creates the terminal.
     */
    redeem(code: string, stationId: string): string | undefined {
      const row = byHash.get(sha256Hex(normalizeEnrollmentCode(code))) as CodeRow | undefined;
      if (row === undefined || statusOf(row) !== 'active') return undefined;
      if (row.stationId !== null && row.stationId !== stationId) return undefined;
      return use.run(row.id).changes === 1 ? row.id : undefined;
    },
  };
}

export type EnrollmentCodes = ReturnType<typeof createEnrollmentCodes>;
