import type { RawScan, ScanSourceStatus } from '@shared/scan/raw-scan';

/** Test-only helpers that wait for what a source emits instead of sleeping for fixed times. */

interface Observable {
  status(): ScanSourceStatus;
  onScan(listener: (scan: RawScan) => void): () => void;
  onStatus(listener: (status: ScanSourceStatus) => void): () => void;
}

export async function waitForStatus(
  source: Observable,
  isWanted: (status: ScanSourceStatus) => boolean,
  timeoutMs = 5000,
): Promise<ScanSourceStatus> {
  await waitUntil(
    source,
    () => isWanted(source.status()),
    timeoutMs,
    () => JSON.stringify(source.status()),
  );
  return source.status();
}

/** Resolves once `isDone()` holds, checking now and after every status change. */
export function waitUntil(
  source: Pick<Observable, 'onStatus'>,
  isDone: () => boolean,
  timeoutMs = 5000,
  describe: () => string = () => '',
): Promise<void> {
  if (isDone()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`status not reached within ${timeoutMs} ms ${describe()}`));
    }, timeoutMs);
    const unsubscribe = source.onStatus(() => {
      if (!isDone()) return;
      clearTimeout(timer);
      unsubscribe();
      resolve();
    });
  });
}

/** Resolves with the next `count` scans. */
export function nextScans(source: Pick<Observable, 'onScan'>, count: number, timeoutMs = 3000): Promise<RawScan[]> {
  const scans: RawScan[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`got ${scans.length} of ${count} scans within ${timeoutMs} ms: ${JSON.stringify(scans)}`));
    }, timeoutMs);
    const unsubscribe = source.onScan((scan) => {
      scans.push(scan);
      if (scans.length < count) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(scans);
    });
  });
}

export const isConnected = (status: ScanSourceStatus): boolean => status.state === 'connected';
