import type { Operation, Order } from '../../../../shared/master-data';
import type { OperationActivity } from '../operation-activity';

// Where an operation stands, from two sources: the plan (master data: released, in progress, closed) and
// this station's bookings (started, interrupted, finished). A closed order or operation wins over both.

export type WorkState = 'released' | 'in-progress' | 'interrupted' | 'finished' | 'closed';

export function workStateOf(
  order: Pick<Order, 'status'> | undefined,
  operation: Pick<Operation, 'status'>,
  activity: Pick<OperationActivity, 'status'>,
): WorkState {
  if (order?.status === 'closed' || operation.status === 'closed') return 'closed';
  switch (activity.status) {
    case 'finished':
      return 'finished';
    case 'interrupted':
      return 'interrupted';
    case 'setup':
    case 'production':
      return 'in-progress';
    case 'idle':
      return operation.status === 'in-progress' ? 'in-progress' : 'released';
  }
}

/** Nothing is booked on a closed order or operation; a finished one only after a shift lead restarts it. */
export function isBookable(state: WorkState): boolean {
  return state !== 'closed' && state !== 'finished';
}

/** Good pieces still to make; never negative (an order can be over-delivered). */
export function openQuantity(planned: number, activity: Pick<OperationActivity, 'good'>): number {
  return Math.max(0, planned - activity.good);
}

/** Late: due before today and still to be worked on. */
export function isLate(dueDate: string, today: string, state: WorkState): boolean {
  return isBookable(state) && dueDate < today;
}

/** The calendar day of a moment on this terminal's clock, as the ISO date master data uses. */
export function localIsoDay(at: Date): string {
  const month = String(at.getMonth() + 1).padStart(2, '0');
  const day = String(at.getDate()).padStart(2, '0');
  return `${at.getFullYear()}-${month}-${day}`;
}

/** Work list order: earliest due date first, then by operation number. */
export function compareByDueDate(
  a: { dueDate: string | undefined; operationNumber: string },
  b: { dueDate: string | undefined; operationNumber: string },
): number {
  return (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999') || a.operationNumber.localeCompare(b.operationNumber);
}
