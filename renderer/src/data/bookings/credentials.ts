import { cmp } from 'dexie';
import { IDENTITY_KEY, type BookingsDb, type OutboxRow } from './bookings-db';

// Browser mode: which token a request goes with. A push goes with the token of the terminal its bookings
// were captured under (the current identity or a retired one); everything else with the current one.

/** The token for `terminalId`, or the current identity's token when none is named; undefined if unknown. */
export async function readToken(db: BookingsDb, terminalId?: string): Promise<string | undefined> {
  return db.transaction('r', [db.identity, db.retiredCredentials], async () => {
    const current = await db.identity.get(IDENTITY_KEY);
    if (terminalId === undefined || current?.terminalId === terminalId) return current?.token;
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
