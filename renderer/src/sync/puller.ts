import { DATASET_NAMES, type DatasetName } from '@shared/master-data';
import type { ClockSample, ClockState, TerminalData } from '../data';
import { untilAborted } from './exclusive';
import type { SyncErrorCode } from '@shared/sync-health';
import { syncErrorCodeOf } from './outcome';
import type { SyncTransport } from './transport/transport';

// The master-data puller: for each dataset, pages from the server's opaque cursor until `hasMore` is false.
// Each page is applied with its cursor in one local transaction; resets are staged and swapped in whole.

export interface PullRunReport {
  ok: boolean;
  /** Datasets whose full download was switched in during this run. */
  swapped: DatasetName[];
  /** Records skipped because they failed the dataset schema, per dataset. */
  invalid: Partial<Record<DatasetName, string[]>>;
  error?: SyncErrorCode;
  isAbandoned?: boolean;
}

export interface PullerDeps {
  data: TerminalData;
  transport: SyncTransport;
  now: () => number;
  pageSize: number;
  datasets: readonly DatasetName[];
  signal: AbortSignal;
  onClockSample: (sample: ClockSample) => ClockState | undefined;
  onExchange: (result: { ok: true } | { ok: false; error: SyncErrorCode }) => void;
}

/** Safety net against a server that keeps saying hasMore: no dataset has this many pages. */
const MAX_PAGES_PER_RUN = 100_000;

export function createPuller(deps: PullerDeps) {
  async function pullAll(): Promise<PullRunReport> {
    const report: PullRunReport = { ok: true, swapped: [], invalid: {} };
    let clock: ClockState | undefined;
    for (const dataset of deps.datasets) {
      for (let page = 0; page < MAX_PAGES_PER_RUN; page++) {
        if (deps.signal.aborted) return { ...report, ok: false, isAbandoned: true };
        const cursor = await deps.data.master.readPullCursor(dataset);
        const sentAt = deps.now();
        const outcome = await untilAborted(
          deps.transport.pull(
            { dataset, limit: deps.pageSize, ...(cursor === undefined ? {} : { cursor }) },
            { signal: deps.signal },
          ),
          deps.signal,
        ).catch((error: unknown) =>
          deps.signal.aborted ? undefined : { kind: 'network-error' as const, message: String(error) },
        );
        const receivedAt = deps.now();
        if (!outcome || deps.signal.aborted) return { ...report, ok: false, isAbandoned: true };
        if (outcome.kind !== 'ok') {
          const error = syncErrorCodeOf(outcome);
          deps.onExchange({ ok: false, error });
          return { ...report, ok: false, error };
        }
        const answer = outcome.value;
        clock =
          deps.onClockSample({
            offsetMs: answer.serverTime - (sentAt + receivedAt) / 2,
            rttMs: receivedAt - sentAt,
            takenAt: receivedAt,
          }) ?? clock;
        if (answer.hasMore && answer.cursor === cursor && answer.changes.length === 0 && answer.reset !== true) {
          deps.onExchange({ ok: false, error: 'bad-response' }); // the same page again would loop forever
          return { ...report, ok: false, error: 'bad-response' };
        }
        const applied = await deps.data.master.applyPullPage(dataset, answer);
        if (applied.swapped) report.swapped.push(dataset);
        if (applied.invalidKeys.length > 0)
          report.invalid[dataset] = [...(report.invalid[dataset] ?? []), ...applied.invalidKeys];
        if (!answer.hasMore) break;
      }
    }
    await deps.data.outbox.recordExchange(deps.now(), clock);
    deps.onExchange({ ok: true });
    return report;
  }

  return {
    async run(): Promise<PullRunReport> {
      try {
        return await pullAll();
      } catch {
        if (deps.signal.aborted) return { ok: false, swapped: [], invalid: {}, isAbandoned: true };
        deps.onExchange({ ok: false, error: 'local-storage' });
        return { ok: false, swapped: [], invalid: {}, error: 'local-storage' };
      }
    },
  };
}

export const ALL_DATASETS: readonly DatasetName[] = DATASET_NAMES;
