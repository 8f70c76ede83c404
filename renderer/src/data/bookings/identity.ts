import { IDENTITY_KEY, type BookingsDb, type TerminalIdentityRow } from './bookings-db';

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

export async function saveIdentity(
  db: BookingsDb,
  identity: Omit<TerminalIdentity, 'enrolledAt'>,
  now: number,
): Promise<void> {
  const row: TerminalIdentityRow = {
    key: IDENTITY_KEY,
    terminalId: identity.terminalId,
    stationId: identity.stationId,
    enrolledAt: now,
  };
  if (identity.token !== undefined) row.token = identity.token;
  await db.identity.put(row);
}

export async function clearIdentity(db: BookingsDb): Promise<void> {
  await db.identity.delete(IDENTITY_KEY);
}
