import type { BookingDraft } from '@shared/booking';
import type { Operation } from '@shared/master-data';
import { getTerminalData } from '../data';
import { giveFeedback } from '../feedback/feedback-store';
import { useTerminalStore } from '../store/terminal-store';
import { emptyActivity } from './operation-activity';
import { judgeOperationBooking } from './rules/booking-rules';
import { requestLeadApproval } from './session';
import type { QuestionKind } from './rules/verdict';
import { isBookable, workStateOf, type WorkState } from '@shared/work';

// Gathers what the pure rules need (master data, this station's activity, who is logged in) and acts on
// their verdict: a refusal is shown and nothing is saved; a question waits in the store for the operator.

export interface RuleFollowUps {
  /** Books the same thing again once the operator said yes to a question. */
  retry: (acknowledged: readonly QuestionKind[]) => Promise<unknown>;
  /** Ends the open downtime; resolves false if that could not be saved. */
  endDowntime: () => Promise<boolean>;
  /** Books the same thing again, approved by this shift lead (recorded on the booking). */
  approved: (leadId: string, acknowledged: readonly QuestionKind[]) => Promise<unknown>;
}

export async function passesOperationRules(
  draft: BookingDraft & { operationId: string },
  operation: Operation,
  acknowledged: readonly QuestionKind[],
  followUps: RuleFollowUps,
  /** The machine counted the quantity: its cycle time cannot make it implausible. */
  isMachineCounted = false,
): Promise<boolean> {
  const { activity, operator } = useTerminalStore.getState();
  const [order, station, otherRunning] = await Promise.all([
    getTerminalData().master.getOrder(operation.orderId),
    getTerminalData().master.getStation(draft.stationId),
    runningElsewhere(draft.stationId, operation.id),
  ]);
  const operationActivity = activity.operations.get(operation.id) ?? emptyActivity();
  const verdict = judgeOperationBooking({
    type: draft.type,
    payload: draft.payload as Record<string, unknown>,
    state: workStateOf(order, operation, operationActivity),
    activity: operationActivity,
    planned: order?.quantity ?? 0,
    cycleSeconds: operation.cycleSeconds,
    station,
    otherRunning,
    downtimeReason: activity.downtimeReason,
    isLead: operator?.role === 'lead' || typeof (draft.payload as { approvedBy?: unknown }).approvedBy === 'string',
    now: Date.now(),
    acknowledged: new Set(acknowledged),
    isMachineCounted,
  });
  if (verdict.kind === 'refuse') {
    giveFeedback('error', verdict.refusal.messageKey, verdict.refusal.params);
    return false;
  }
  if (verdict.kind === 'needs-lead') {
    const lead = await requestLeadApproval(verdict.reasonKey);
    if (!lead) giveFeedback('info', 'approval.cancelled');
    else await followUps.approved(lead.id, acknowledged);
    return false;
  }
  if (verdict.kind === 'ask') {
    const { question } = verdict;
    const accept = async () => {
      useTerminalStore.setState({ confirmation: null });
      if (question.kind === 'end-downtime' && !(await followUps.endDowntime())) return;
      const answered = [...acknowledged, question.kind];
      if (question.kind === 'implausible-quantity' && question.needsLead) {
        const lead = await requestLeadApproval('approval.reasons.implausibleQuantity');
        if (!lead) giveFeedback('info', 'approval.cancelled');
        else await followUps.approved(lead.id, answered);
        return;
      }
      await followUps.retry(answered);
    };
    useTerminalStore.setState({ confirmation: { question, accept } });
    return false;
  }
  return true;
}

/** The operator said no: the question goes away and nothing is booked. */
export function declineConfirmation(): void {
  const decline = useTerminalStore.getState().confirmation?.decline;
  useTerminalStore.setState({ confirmation: null });
  decline?.();
  giveFeedback('info', 'work.confirm.nothingBooked');
}

/** Labels ("order/operation") of this station's other operations in setup or production. */
async function runningElsewhere(stationId: string, operationId: string): Promise<string[]> {
  const { operations } = useTerminalStore.getState().activity;
  const running = [...operations].filter(
    ([id, a]) => id !== operationId && (a.status === 'setup' || a.status === 'production'),
  );
  const labels = await Promise.all(
    running.map(async ([id]) => {
      const other = await getTerminalData().master.getOperation(id);
      if (!other || other.stationId !== stationId || other.status === 'closed') return null;
      const order = await getTerminalData().master.getOrder(other.orderId);
      return order?.status === 'closed' ? null : `${order?.number ?? other.orderId}/${other.number}`;
    }),
  );
  return labels.filter((label): label is string => label !== null);
}

/** Where an operation stands now, from master data and this station's bookings. */
export async function currentWorkState(operation: Operation): Promise<WorkState> {
  const order = await getTerminalData().master.getOrder(operation.orderId);
  const activity = useTerminalStore.getState().activity.operations.get(operation.id) ?? emptyActivity();
  return workStateOf(order, operation, activity);
}

/**
 * Station bookings (downtime, transport, notes) name the selected operation only while work can be booked
 * on it: a downtime is a fact of the station, but it must not land on a closed order.
 */
export async function bookableOperationRefs(
  operation: Operation | undefined,
): Promise<{ orderId: string; operationId: string } | Record<string, never>> {
  if (!operation || !isBookable(await currentWorkState(operation))) return {};
  return { orderId: operation.orderId, operationId: operation.id };
}
