import { cmp } from 'dexie';
import { IDENTITY_KEY, type BookingsDb, type OutboxRow } from './bookings-db';

// Browser mode: which token a request goes with. A push goes with the token of the terminal its bookings
// were captured under (the current identity or a retired one); everything else with the current one.

/** The token for `terminalId`, or the current identity's token when none is named; undefined if unknown. */
export async function readToken(db: BookingsDb, terminalId?: string): Promise<string | undefined> {
  return db.transaction('r', [db.identity, db.retiredCredentials], async () => {
    const current = await db.identity.get(IDENTITY_KEY);
    if (terminalId === undefined || current?.terminalId === terminalId) return current?.pendingToken ?? current?.token;
    return (await db.retiredCredentials.get(terminalId))?.token;
  });
}

/**
 * Deletes the retired credentials none of whose bookings are pending any more. Runs inside the transaction
 * that applies a push answer; `firstPending` is the outbox row that sorts first, if any. Every booking of a
 * retired identity sorts at or before its `lastKey`, so once the first pending row sorts after it, none is
 * left. (A pending booking of another identity before it only keeps a credential longer, never shorter.)
 */
export async function forgetDrainedCredentials(
  db: BookingsDb,
  firstPending: () => Promise<OutboxRow | undefined>,
): Promise<void> {
  const retired = await db.retiredCredentials.toArray();
  if (retired.length === 0) return;
  const first = await firstPending();
  const drained = retired.filter((row) => !first || cmp([first.epoch, first.seq], row.lastKey) > 0);
  await db.retiredCredentials.bulkDelete(drained.map((row) => row.terminalId));
}

/** The current identity's tokens and rotation time (browser mode); undefined when there is no token here. */
export async function readRotationState(
  db: BookingsDb,
): Promise<{ terminalId: string; token: string; pendingToken?: string; rotatedAt: number } | undefined> {
  const current = await db.identity.get(IDENTITY_KEY);
  if (current?.token === undefined) return undefined;
  return {
    terminalId: current.terminalId,
    token: current.token,
    ...(current.pendingToken === undefined ? {} : { pendingToken: current.pendingToken }),
    rotatedAt: current.rotatedAt ?? current.enrolledAt,
  };
}

/** Stores a rotated token before it is first used: a crash from here on leaves a token the server takes. */
export async function storePendingToken(db: BookingsDb, terminalId: string, token: string, at: number): Promise<void> {
  await db.transaction('rw', db.identity, async () => {
    const current = await db.identity.get(IDENTITY_KEY);
    if (current?.terminalId !== terminalId) return; // enrolled as someone else meanwhile
    await db.identity.put({ ...current, pendingToken: token, rotatedAt: at });
  });
}

/** The server accepted the pending token (it becomes the token) or does not know it (it is dropped). */
export async function settlePendingToken(
  db: BookingsDb,
  terminalId: string,
  pendingToken: string,
  isAccepted: boolean,
): Promise<void> {
  await db.transaction('rw', db.identity, async () => {
    const current = await db.identity.get(IDENTITY_KEY);
    if (current?.terminalId !== terminalId || current.pendingToken !== pendingToken) return;
    const { pendingToken: _settled, ...rest } = current;
    await db.identity.put(isAccepted ? { ...rest, token: pendingToken } : rest);
  });
}
