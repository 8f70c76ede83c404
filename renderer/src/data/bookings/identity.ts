import { uuidv7Timestamp, type RandomSource } from '@shared/id/uuidv7';
import {
  IDENTITY_KEY,
  newOutboxMeta,
  OUTBOX_META_KEY,
  type BookingsDb,
  type OutboxMeta,
  type TerminalIdentityRow,
} from './bookings-db';

// Who this terminal is. It lives in the bookings database because a booking cannot be captured without it.

export interface TerminalIdentity {
  terminalId: string;
  stationId: string;
  /** Present in browser mode only; in Electron the main process holds the token. */
  token?: string;
  enrolledAt: number;
}

export async function readIdentity(db: BookingsDb): Promise<TerminalIdentity | undefined> {
  const row = await db.identity.get(IDENTITY_KEY);
  if (!row) return undefined;
  const { key: _key, ...identity } = row;
  return identity;
}

/**
 * Stores the identity bookings are captured under from now on. When it replaces another terminal id (a new
 * enrollment), in the same transaction:
 * - the old token is kept as a retired credential while bookings captured under it may be pending, so they
 *   can still be sent with the token of the terminal that captured them;
 * - a new epoch starts at seq 1, so the new terminal's seqs run from 1 on the server (a stream that began at
 *   seq 31 would look like 30 lost bookings there).
 */
export async function saveIdentity(
  db: BookingsDb,
  identity: Omit<TerminalIdentity, 'enrolledAt'>,
  now: number,
  random: RandomSource,
): Promise<void> {
  const row: TerminalIdentityRow = {
    key: IDENTITY_KEY,
    terminalId: identity.terminalId,
    stationId: identity.stationId,
    enrolledAt: now,
  };
  if (identity.token !== undefined) row.token = identity.token;
  await db.transaction('rw', [db.identity, db.retiredCredentials, db.meta], async () => {
    const [previous, meta] = await Promise.all([db.identity.get(IDENTITY_KEY), db.meta.get(OUTBOX_META_KEY)]);
    if (previous && previous.terminalId !== identity.terminalId && meta) {
      const lastSeq = meta.nextSeq - 1;
      if (previous.token !== undefined && lastSeq > 0 && meta.pendingCount !== 0) {
        await db.retiredCredentials.put({
          terminalId: previous.terminalId,
          stationId: previous.stationId,
          // The token this terminal sends now: a rotated one awaiting its first answer, else the settled one.
          token: previous.pendingToken ?? previous.token,
          retiredAt: now,
          lastKey: [meta.epoch, lastSeq],
        });
      }
      if (lastSeq > 0) await db.meta.put(startNewEpoch(meta, now, random));
    }
    // Enrolled back as an identity kept for its old bookings: the current row holds the token now.
    await db.retiredCredentials.delete(identity.terminalId);
    await db.identity.put(row);
  });
}

/** The new epoch sorts after the old one even if the clock was set back: the old bookings go out first. */
function startNewEpoch(meta: OutboxMeta, now: number, random: RandomSource): OutboxMeta {
  const after = (uuidv7Timestamp(meta.epoch) ?? 0) + 1;
  const next: OutboxMeta = { ...meta, epoch: newOutboxMeta(Math.max(now, after), random).epoch, nextSeq: 1 };
  delete next.ackedUpTo; // it was the old epoch's
  return next;
}

export async function clearIdentity(db: BookingsDb): Promise<void> {
  await db.identity.delete(IDENTITY_KEY);
}
