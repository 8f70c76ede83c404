import type { Refusal } from './verdict';
import { isBookable, type WorkState } from '@shared/work';

// A scanned order or operation is selected only if work can be booked on it; otherwise the scan says why
// and what to do, and the selection stays as it was.

export interface ScannedCandidate<T> {
  operation: T;
  number: string;
  state: WorkState;
}

export type ScanSelection<T> = { kind: 'select'; operation: T } | { kind: 'refuse'; refusal: Refusal };

export function chooseScannedOperation<T>(
  orderNumber: string,
  /** This station's operations of the scanned order, in routing order. */
  candidates: ReadonlyArray<ScannedCandidate<T>>,
  operationNumber: string | null,
  isLead: boolean,
): ScanSelection<T> | null {
  const canWorkOn = (c: ScannedCandidate<T>) => isBookable(c.state) || (c.state === 'finished' && isLead);
  const chosen =
    operationNumber === null
      ? (candidates.find(canWorkOn) ?? candidates[0])
      : candidates.find((c) => c.number === operationNumber);
  if (chosen === undefined) return null;
  if (canWorkOn(chosen)) return { kind: 'select', operation: chosen.operation };
  const messageKey = chosen.state === 'closed' ? 'scan.errors.closed' : 'scan.errors.finished';
  return { kind: 'refuse', refusal: { messageKey, params: { order: orderNumber, operation: chosen.number } } };
}
