import type { Booking } from '@shared/booking';
import { MAX_PUSH_BATCH, type PushOutcome, type PushResponse, type SyncFailure } from '@shared/protocol';
import { fitToBytes } from './batch-bytes';
import type { ClockSample, ClockState, PushApplyReport, TerminalData } from '../data';
import { runExclusive, untilAborted, type LockManagerLike } from './exclusive';
import type { SyncErrorCode } from '@shared/sync-health';
import { syncErrorCodeOf } from './outcome';
import type { SyncTransport } from './transport/transport';

// The uploader: pushes pending bookings in seq order, one request in flight, until the outbox is empty or
// a request fails. Only what the server listed leaves the pending state (applyPushAnswer).
//
// While a request is out, the next batch is read; while an answer is applied, the next request is out.
// Sending before the previous answer is stored locally is safe: if that store fails or the terminal dies,
// those bookings stay pending and go again, and the server answers them as duplicates.

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
  /** Serialized size a push request stays within (unless one booking alone is larger). */
  maxBatchBytes: number;
  lockName: string;
  locks: LockManagerLike | null;
  signal: AbortSignal;
  /** Called with each answer's clock sample; returns the state to persist with the answer. */
  onClockSample: (sample: ClockSample) => ClockState | undefined;
  onExchange: (result: { ok: true } | { ok: false; error: SyncErrorCode }) => void;
}

interface Exchange {
  /** Undefined when the engine stopped while the request was out. */
  outcome: PushOutcome | undefined;
  sentAt: number;
  receivedAt: number;
}

export function createUploader(deps: UploaderDeps) {
  // Shrinks after a 413 so an oversized batch cannot block the queue; grows back after successes.
  let batchSize = clampBatch(deps.batchSize);

  /** The next batch, cut to the byte cap; `isFull` when more may be queued right behind it. */
  async function readBatch(limit: number, after?: Booking): Promise<{ bookings: Booking[]; isFull: boolean }> {
    const read = await deps.data.outbox.readPendingBatch(limit, after);
    const bookings = fitToBytes(read, deps.maxBatchBytes);
    return { bookings, isFull: read.length >= limit || bookings.length < read.length };
  }

  async function send(batch: readonly Booking[], first: Booking): Promise<Exchange> {
    const sentAt = deps.now();
    const outcome = await untilAborted(
      deps.transport.push(
        { terminalId: first.terminalId, epoch: first.epoch, bookings: [...batch] },
        { signal: deps.signal },
      ),
      deps.signal,
    ).catch((error: unknown) =>
      deps.signal.aborted ? undefined : { kind: 'network-error' as const, message: String(error) },
    );
    return { outcome, sentAt, receivedAt: deps.now() };
  }

  async function apply(batch: readonly Booking[], first: Booking, answer: PushResponse, exchange: Exchange) {
    const clock = deps.onClockSample({
      offsetMs: answer.serverTime - (exchange.sentAt + exchange.receivedAt) / 2,
      rttMs: exchange.receivedAt - exchange.sentAt,
      takenAt: exchange.receivedAt,
    });
    return deps.data.outbox
      .applyPushAnswer({
        sent: batch,
        results: answer.results,
        epoch: first.epoch,
        ackedUpTo: answer.ackedUpTo,
        answeredAt: exchange.receivedAt,
        ...(clock ? { clock } : {}),
      })
      .catch(() => undefined);
  }

  async function pushBatches(): Promise<PushRunReport> {
    const answered: PushApplyReport = { synced: 0, quarantined: 0, rejected: 0 };
    /** The last answer, being stored while the next request is out. */
    let applying: Promise<PushApplyReport | undefined> | undefined;

    /** Waits for the answer being stored; the error that must end the run, if any. */
    async function settle(): Promise<SyncErrorCode | undefined> {
      const stored = applying;
      applying = undefined;
      if (!stored) return undefined;
      const report = await stored;
      if (!report) {
        deps.onExchange({ ok: false, error: 'local-storage' });
        return 'local-storage';
      }
      answered.synced += report.synced;
      answered.quarantined += report.quarantined;
      answered.rejected += report.rejected;
      // A server that answers without listing anything we sent would otherwise be asked again at once, forever.
      return report.synced + report.quarantined + report.rejected === 0 ? 'no-progress' : undefined;
    }
    async function end(outcome: { error?: SyncErrorCode; isAbandoned?: boolean }): Promise<PushRunReport> {
      const error = (await settle()) ?? outcome.error;
      if (outcome.isAbandoned) return { ok: false, answered, isAbandoned: true };
      return error ? { ok: false, answered, error } : { ok: true, answered };
    }

    // Bookings of an earlier identity that the server refuses (its token was lost before this version kept
    // it, or was revoked) stay pending, but must not hold up the bookings behind them: for the rest of the
    // run that identity's batches are passed over. Its bookings go again on the next run.
    const currentTerminalId = (await deps.data.readIdentity())?.terminalId;
    const refusedTerminals = new Set<string>();
    let refusal: SyncErrorCode | undefined;

    let { bookings: batch, isFull } = await readBatch(batchSize);
    let isReadAhead = false;
    for (;;) {
      if (deps.signal.aborted) return end({ isAbandoned: true });
      const first = batch[0];
      if (!first) {
        if (!isReadAhead) {
          if (refusal) deps.onExchange({ ok: false, error: refusal });
          return end(refusal ? { error: refusal } : {});
        }
        // Nothing behind the last batch: look once more from the start of the outbox, which also finds
        // bookings captured meanwhile and any the server left out of an answer.
        const error = await settle();
        if (error) return end({ error });
        ({ bookings: batch, isFull } = await readBatch(batchSize));
        isReadAhead = false;
        continue;
      }
      if (refusedTerminals.has(first.terminalId)) {
        ({ bookings: batch, isFull } = await readBatch(batchSize, batch.at(-1)));
        isReadAhead = false; // so that the end of the outbox ends the run instead of reading it all again
        continue;
      }

      const request = send(batch, first);
      // Only a full batch is worth reading behind: a short one was the whole outbox a moment ago.
      const readAhead = isFull ? readBatch(batchSize, batch.at(-1)) : undefined;
      readAhead?.catch(() => undefined); // left unread when the request fails
      const exchange = await request;
      const error = await settle();
      if (error) return end({ error });
      // Stopped (or crashed) between the answer and the local update: the bookings stay pending.
      if (!exchange.outcome || deps.signal.aborted) return end({ isAbandoned: true });
      if (exchange.outcome.kind !== 'ok') {
        if (exchange.outcome.kind === 'http-error' && exchange.outcome.status === 413)
          batchSize = Math.max(1, Math.floor(batch.length / 2));
        const failure = syncErrorCodeOf(exchange.outcome);
        deps.onExchange({ ok: false, error: failure });
        if (!isRefusal(exchange.outcome) || first.terminalId === currentTerminalId) return end({ error: failure });
        refusedTerminals.add(first.terminalId);
        refusal ??= failure;
        ({ bookings: batch, isFull } = await readBatch(batchSize, batch.at(-1)));
        isReadAhead = false;
        continue;
      }

      const answer = exchange.outcome.value;
      deps.onExchange({ ok: true });
      applying = apply(batch, first, answer, exchange);
      batchSize = Math.min(clampBatch(deps.batchSize), batchSize * 2);
      isReadAhead = Boolean(readAhead) && listsEvery(batch, answer);
      if (readAhead && isReadAhead) ({ bookings: batch, isFull } = await readAhead);
      else {
        // The outbox is done as far as this run knew, or some bookings stay pending: store this answer
        // first, then start again from the oldest pending booking.
        const failure = await settle();
        if (failure) return end({ error: failure });
        ({ bookings: batch, isFull } = await readBatch(batchSize));
      }
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

/** The server will not take these bookings with the credentials this terminal holds for them. */
function isRefusal(outcome: SyncFailure): boolean {
  return outcome.kind === 'http-error' && (outcome.status === 401 || outcome.status === 403);
}

function listsEvery(batch: readonly Booking[], answer: PushResponse): boolean {
  const listed = new Set(answer.results.map((result) => result.id));
  return batch.every((booking) => listed.has(booking.id));
}

function clampBatch(size: number): number {
  return Math.min(MAX_PUSH_BATCH, Math.max(1, Math.floor(size)));
}
