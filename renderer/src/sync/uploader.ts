import { MAX_PUSH_BATCH } from '../../../shared/protocol';
import type { ClockSample, ClockState, PushApplyReport, TerminalData } from '../data';
import { runExclusive, untilAborted, type LockManagerLike } from './exclusive';
import type { SyncErrorCode } from './health';
import { errorCodeOf } from './outcome';
import type { SyncTransport } from './transport/transport';

// The uploader: pushes pending bookings in seq order, one request in flight, until the outbox is empty or
// a request fails. Only what the server listed leaves the pending state (applyPushAnswer).

export interface PushRunReport {
  ok: boolean;
  /** Bookings answered in this run, by outcome. */
  answered: PushApplyReport;
  error?: SyncErrorCode;
  /** The engine stopped while the run was going on; nothing after that point was applied. */
  isAbandoned?: boolean;
}

export interface UploaderDeps {
  data: TerminalData;
  transport: SyncTransport;
  now: () => number;
  batchSize: number;
  lockName: string;
  locks: LockManagerLike | null;
  signal: AbortSignal;
  /** Called with each answer's clock sample; returns the state to persist with the answer. */
  onClockSample: (sample: ClockSample) => ClockState | undefined;
  onExchange: (result: { ok: true } | { ok: false; error: SyncErrorCode }) => void;
}

export function createUploader(deps: UploaderDeps) {
  // Shrinks after a 413 so an oversized batch cannot block the queue; grows back after successes.
  let batchSize = clampBatch(deps.batchSize);

  async function pushBatches(): Promise<PushRunReport> {
    const answered: PushApplyReport = { synced: 0, quarantined: 0, rejected: 0 };
    for (;;) {
      if (deps.signal.aborted) return { ok: false, answered, isAbandoned: true };
      const batch = await deps.data.outbox.readPendingBatch(batchSize);
      const first = batch[0];
      if (!first) return { ok: true, answered };

      const sentAt = deps.now();
      const outcome = await untilAborted(
        deps.transport.push(
          { terminalId: first.terminalId, epoch: first.epoch, bookings: batch },
          { signal: deps.signal },
        ),
        deps.signal,
      ).catch((error: unknown) =>
        deps.signal.aborted ? undefined : { kind: 'network-error' as const, message: String(error) },
      );
      const receivedAt = deps.now();
      // Stopped (or crashed) between the answer and the local update: the bookings stay pending.
      if (!outcome || deps.signal.aborted) return { ok: false, answered, isAbandoned: true };
      if (outcome.kind !== 'ok') {
        if (outcome.kind === 'http-error' && outcome.status === 413)
          batchSize = Math.max(1, Math.floor(batch.length / 2));
        const error = errorCodeOf(outcome);
        deps.onExchange({ ok: false, error });
        return { ok: false, answered, error };
      }

      const answer = outcome.value;
      const clock = deps.onClockSample({
        offsetMs: answer.serverTime - (sentAt + receivedAt) / 2,
        rttMs: receivedAt - sentAt,
        takenAt: receivedAt,
      });
      let report: PushApplyReport;
      try {
        report = await deps.data.outbox.applyPushAnswer({
          sentIds: batch.map((booking) => booking.id),
          results: answer.results,
          epoch: first.epoch,
          ackedUpTo: answer.ackedUpTo,
          answeredAt: receivedAt,
          ...(clock ? { clock } : {}),
        });
      } catch {
        deps.onExchange({ ok: false, error: 'local-storage' });
        return { ok: false, answered, error: 'local-storage' };
      }
      deps.onExchange({ ok: true });
      answered.synced += report.synced;
      answered.quarantined += report.quarantined;
      answered.rejected += report.rejected;
      // A server that answers without listing anything we sent would otherwise be asked again at once, forever.
      if (report.synced + report.quarantined + report.rejected === 0)
        return { ok: false, answered, error: 'no-progress' };
      batchSize = Math.min(clampBatch(deps.batchSize), batchSize * 2);
    }
  }

  return {
    /** Pushes until the outbox is empty or a request fails; holds the uploader lock meanwhile. */
    async run(): Promise<PushRunReport> {
      try {
        return await runExclusive(deps.lockName, pushBatches, deps.locks);
      } catch {
        const empty = { synced: 0, quarantined: 0, rejected: 0 };
        if (deps.signal.aborted) return { ok: false, answered: empty, isAbandoned: true };
        deps.onExchange({ ok: false, error: 'local-storage' });
        return { ok: false, answered: empty, error: 'local-storage' };
      }
    },
  };
}

function clampBatch(size: number): number {
  return Math.min(MAX_PUSH_BATCH, Math.max(1, Math.floor(size)));
}
