import type { ServerHoldingsReader } from './server-holdings';
import type { Expectation, SimTerminal } from './sim-terminal';

// What must hold after every run. Each violation is a sentence naming the booking or terminal.

export interface World {
  /** What the server holds, read from its store (SQLite or PostgreSQL). */
  readServer: ServerHoldingsReader;
  terminals: readonly SimTerminal[];
  expected: ReadonlyMap<string, Expectation>;
  /** Terminal clock − server clock, per terminal. */
  skews: readonly number[];
}

const CLOCK_TOLERANCE_MS = 100;
const MAX_REPORTED = 20;

export async function checkInvariants(world: World): Promise<string[]> {
  const violations: string[] = [];
  const ours = new Set(world.terminals.flatMap((t) => [...t.terminalIds]));
  const { bookings: stored, quarantined, rejected, epochs } = await world.readServer([...ours]);
  const storedById = new Map(stored.map((row) => [row.id, row]));
  const quarantinedById = new Map(
    quarantined.map((row) => [row.id, JSON.parse(row.booking) as Record<string, unknown>]),
  );

  // 1. Every captured booking is stored exactly once (as a booking, or set aside in quarantine), unchanged.
  for (const [id, { booking, mustArrive }] of world.expected) {
    const row = storedById.get(id);
    const aside = quarantinedById.get(id);
    if (row && aside) violations.push(`booking ${id} is stored twice (bookings and quarantine)`);
    if (!row && !aside) {
      if (mustArrive)
        violations.push(
          `booking ${id} (terminal ${booking.terminalId}, epoch ${booking.epoch}, seq ${booking.seq}) is missing on the server`,
        );
      continue;
    }
    const copy = row
      ? {
          terminalId: row.terminal_id,
          epoch: row.epoch,
          seq: row.seq,
          type: row.type,
          occurredAt: row.occurred_at,
          clockOffsetMs: row.clock_offset_ms,
          payload: JSON.parse(row.payload) as unknown,
        }
      : aside;
    for (const field of ['terminalId', 'epoch', 'seq', 'type', 'occurredAt', 'clockOffsetMs', 'payload'] as const) {
      if (JSON.stringify(copy?.[field]) !== JSON.stringify(booking[field]))
        violations.push(`booking ${id}: stored ${field} differs from what was captured`);
    }
  }
  for (const row of stored)
    if (!world.expected.has(row.id)) violations.push(`server holds booking ${row.id} that no terminal captured`);
  for (const row of rejected) violations.push(`server rejected ${row.item_id}: ${row.reason}`);

  for (const [index, terminal] of world.terminals.entries()) {
    const name = `terminal ${terminal.terminalId}`;
    const stats = await terminal.data.outbox.readStats();
    // 2. The outbox drains; nothing went to the dead-letter store.
    if (stats.pendingCount !== 0) violations.push(`${name}: ${stats.pendingCount} bookings still pending`);
    // The stored pending count (what the top bar shows) must agree with the rows themselves.
    const pendingRows = await terminal.data.bookingsDb.outbox.count();
    if (pendingRows !== stats.pendingCount) {
      violations.push(`${name}: stored pending count ${stats.pendingCount}, but ${pendingRows} rows are pending`);
    }
    if (stats.deadLetterCount !== 0) violations.push(`${name}: ${stats.deadLetterCount} dead letters`);
    // Tokens of earlier enrollments are kept only while their bookings are pending.
    const retired = await terminal.data.bookingsDb.retiredCredentials.count();
    if (retired !== 0) violations.push(`${name}: ${retired} tokens of earlier enrollments kept after the drain`);
    // 3. ackedUpTo equals the last seq of the current epoch (the highest slot the server holds after a rollback).
    // The current epoch is the current identity's: a re-enrollment after a capture starts a new one.
    const epoch = stats.epoch ?? '';
    const serverSlots = stored
      .filter((row) => row.terminal_id === terminal.terminalId && row.epoch === epoch)
      .map((row) => row.seq);
    const highestSlot = Math.max(stats.lastSeq, ...serverSlots);
    const epochRow = epochs.find((row) => row.terminal_id === terminal.terminalId && row.epoch === epoch);
    const expectedAck = terminal.hasRolledBack ? highestSlot : stats.lastSeq;
    if (stats.lastSeq > 0 && epochRow?.acked_up_to !== expectedAck)
      violations.push(`${name}: server ackedUpTo ${epochRow?.acked_up_to} ≠ last seq ${expectedAck}`);
    // After a rollback the last answer may lag the server: when the lost bookings had reached the server but
    // their answer had not, and nothing was sent since, no answer ever told this terminal about them.
    const lastAnswerFloor = terminal.hasRolledBack ? stats.lastSeq : expectedAck;
    const lastAnswer = stats.ackedUpTo ?? Number.NaN;
    if (stats.lastSeq > 0 && !(lastAnswer >= lastAnswerFloor && lastAnswer <= expectedAck))
      violations.push(
        `${name}: last answer's ackedUpTo ${stats.ackedUpTo} not in [${lastAnswerFloor}, ${expectedAck}] (last seq, highest slot)`,
      );
    // 4. Local states agree with the server: quarantined here exactly when set aside there.
    const localRows = await terminal.data.bookingsDb.bookings.toArray();
    const quarantinedHere = new Set((await terminal.data.bookingsDb.quarantine.toArray()).map((row) => row.id));
    for (const row of localRows) {
      if (quarantinedHere.has(row.id)) {
        if (!quarantinedById.has(row.id)) violations.push(`${name}: ${row.id} quarantined locally only`);
      } else if (!storedById.has(row.id)) {
        violations.push(`${name}: ${row.id} synced locally but not in the server's bookings`);
      }
    }
    // 5. Seqs of each epoch run 1..n without gaps.
    for (const e of terminal.epochs) {
      const seqs = new Set([...world.expected.values()].filter((x) => x.booking.epoch === e).map((x) => x.booking.seq));
      for (let seq = 1; seq <= seqs.size; seq++)
        if (!seqs.has(seq)) violations.push(`${name}: epoch ${e} has no booking with seq ${seq}`);
    }
    // 6. The clock offset estimate matches the real skew after the final exchange.
    const offset = terminal.engine.health.getHealth().clockOffsetMs;
    const truth = -(world.skews[index] ?? 0);
    if (offset === null || Math.abs(offset - truth) > CLOCK_TOLERANCE_MS)
      violations.push(`${name}: clock offset estimate ${offset} but the truth is ${truth}`);
  }
  return violations.length > MAX_REPORTED
    ? [...violations.slice(0, MAX_REPORTED), `… and ${violations.length - MAX_REPORTED} more`]
    : violations;
}
