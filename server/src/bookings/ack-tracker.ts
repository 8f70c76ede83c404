import type { AlertInput, RaiseAlert } from '../alerts/alerts';
import type { Db } from '../db/database';

/** A gap that later seqs keep passing for this long is treated as lost data on the terminal. */
export const GAP_ALERT_AFTER_MS = 10 * 60_000;

interface EpochRow {
  acked_up_to: number;
  max_seq: number;
  gap_since: number | null;
  is_gap_alerted: number;
}

/**
 * Keeps `ackedUpTo` per (terminal, epoch): the highest seq up to which every slot is stored, either as a
 * booking or as a rejected item. Runs inside the push transaction, so it never disagrees with the bookings.
 */
export function createAckTracker(db: Db, raiseAlert: RaiseAlert) {
  const selectEpoch = db.prepare(
    'SELECT acked_up_to, max_seq, gap_since, is_gap_alerted FROM terminal_epochs WHERE terminal_id = ? AND epoch = ?',
  );
  const selectOtherEpochs = db.prepare(
    'SELECT epoch, acked_up_to, max_seq FROM terminal_epochs WHERE terminal_id = ? AND epoch <> ?',
  );
  const upsertEpoch = db.prepare(
    `INSERT INTO terminal_epochs (terminal_id, epoch, acked_up_to, max_seq, first_seen_at, last_push_at, gap_since, is_gap_alerted)
     VALUES (@terminalId, @epoch, @ackedUpTo, @maxSeq, @now, @now, @gapSince, @isGapAlerted)
     ON CONFLICT (terminal_id, epoch) DO UPDATE SET acked_up_to = @ackedUpTo, max_seq = @maxSeq, last_push_at = @now,
       gap_since = @gapSince, is_gap_alerted = @isGapAlerted`,
  );
  const storedSeqsAfter = db
    .prepare('SELECT seq FROM bookings WHERE terminal_id = ? AND epoch = ? AND seq > ? ORDER BY seq')
    .pluck();
  const rejectedSlotsAfter = db
    .prepare('SELECT seq FROM rejected_bookings WHERE terminal_id = ? AND epoch = ? AND seq > ?')
    .pluck();

  function contiguousFrom(terminalId: string, epoch: string, acked: number): number {
    const rejectedSlots = new Set(rejectedSlotsAfter.all(terminalId, epoch, acked) as number[]);
    let upTo = acked;
    // Walks the index from the last acknowledged seq and stops at the first hole, so the cost is the advance.
    for (const seq of storedSeqsAfter.iterate(terminalId, epoch, acked) as IterableIterator<number>) {
      while (seq > upTo + 1 && rejectedSlots.has(upTo + 1)) upTo += 1;
      if (seq !== upTo + 1) break;
      upTo = seq;
    }
    while (rejectedSlots.has(upTo + 1)) upTo += 1;
    return upTo;
  }

  function alertNewEpoch(terminalId: string, epoch: string): void {
    const previous = selectOtherEpochs.all(terminalId, epoch) as Array<{
      epoch: string;
      acked_up_to: number;
      max_seq: number;
    }>;
    if (previous.length === 0) return;
    raiseAlert(
      newEpochAlert(
        terminalId,
        epoch,
        previous.map((row) => ({ epoch: row.epoch, ackedUpTo: row.acked_up_to, maxSeq: row.max_seq })),
      ),
    );
  }

  return {
    /** Call after the batch's rows are written; returns the new ackedUpTo. */
    advance(terminalId: string, epoch: string, batchMaxSeq: number, now: number): number {
      const row = selectEpoch.get(terminalId, epoch) as EpochRow | undefined;
      if (!row) alertNewEpoch(terminalId, epoch);
      const ackedUpTo = contiguousFrom(terminalId, epoch, row?.acked_up_to ?? 0);
      const maxSeq = Math.max(row?.max_seq ?? 0, batchMaxSeq, ackedUpTo);
      const hasGap = ackedUpTo < maxSeq;
      // The clock of a gap starts when ackedUpTo stops at it; moving on to a later hole starts a new clock.
      const isSameGap = hasGap && row !== undefined && row.acked_up_to === ackedUpTo && row.gap_since !== null;
      const gapSince = hasGap ? (isSameGap ? (row.gap_since ?? now) : now) : null;
      let isGapAlerted = isSameGap && row.is_gap_alerted === 1;
      if (hasGap && !isGapAlerted && gapSince !== null && now - gapSince >= GAP_ALERT_AFTER_MS) {
        isGapAlerted = true;
        raiseAlert(seqGapAlert(terminalId, epoch, { ackedUpTo, maxSeq, gapSince }));
      }
      upsertEpoch.run({ terminalId, epoch, ackedUpTo, maxSeq, now, gapSince, isGapAlerted: isGapAlerted ? 1 : 0 });
      return ackedUpTo;
    },
  };
}

interface EpochProgress {
  epoch: string;
  ackedUpTo: number;
  maxSeq: number;
}

/** A terminal started a new epoch (its local database was recreated): critical when earlier ones miss bookings. */
export function newEpochAlert(terminalId: string, epoch: string, previous: EpochProgress[]): AlertInput {
  const withGaps = previous.filter((other) => other.ackedUpTo < other.maxSeq);
  return {
    kind: 'terminal-new-epoch',
    severity: withGaps.length > 0 ? 'critical' : 'warning',
    terminalId,
    message:
      `terminal ${terminalId} started epoch ${epoch}: its local database was recreated` +
      (withGaps.length > 0
        ? `, and earlier epochs still miss bookings (${withGaps.map((r) => `${r.epoch} after seq ${r.ackedUpTo}`).join(', ')})`
        : ''),
    details: { epoch, previousEpochs: previous.map(({ epoch, ackedUpTo, maxSeq }) => ({ epoch, ackedUpTo, maxSeq })) },
  };
}

/** A seq stayed missing for GAP_ALERT_AFTER_MS while later ones arrived. */
export function seqGapAlert(
  terminalId: string,
  epoch: string,
  gap: { ackedUpTo: number; maxSeq: number; gapSince: number },
): AlertInput {
  const { ackedUpTo, maxSeq, gapSince } = gap;
  return {
    kind: 'seq-gap',
    severity: 'critical',
    terminalId,
    message: `terminal ${terminalId} epoch ${epoch}: seq ${ackedUpTo + 1} still missing while seqs up to ${maxSeq} arrived`,
    details: { epoch, ackedUpTo, maxSeq, gapSince },
  };
}
