import type { BookingType } from '../booking';

// Where an operation stands, from two sources: the plan (master data: released, in progress, closed) and
// the bookings (started, interrupted, finished). A closed order or operation wins over both. The terminal
// refuses bookings with this rule; the server flags for review, with the same rule, what reached it anyway
// (a booking captured offline before the order was closed).

export type OperationStatus = 'idle' | 'setup' | 'production' | 'interrupted' | 'finished';

export type WorkState = 'released' | 'in-progress' | 'interrupted' | 'finished' | 'closed';

type PlanStatus = 'released' | 'in-progress' | 'closed';

export function workStateOf(
  order: { status: PlanStatus } | undefined,
  operation: { status: PlanStatus },
  activity: { status: OperationStatus },
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

/** Why a booking of this type may not be booked in this state; null when it may. */
export type WorkStateRefusal = 'closed' | 'finished' | 'restart-needs-lead';

export function workStateRefusal(state: WorkState, type: BookingType, byLead: boolean): WorkStateRefusal | null {
  if (state === 'closed') return 'closed';
  if (state !== 'finished') return null;
  if (type !== 'operation.start') return 'finished';
  return byLead ? null : 'restart-needs-lead';
}
