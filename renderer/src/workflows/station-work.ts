import type { Booking, BookingDraft, BookingType, BookingPayload } from '@shared/booking';
import { getTerminalData } from '../data';
import { giveFeedback } from '../feedback/feedback-store';
import { useTerminalStore, type WorkPanel } from '../store/terminal-store';
import { book } from './book';
import { isTapOfLastSave, oneIntent } from './one-intent';
import { deriveActivity } from './operation-activity';
import { countInRun, goodToConfirm, machineFactsOf } from './machine/machine-view';
import { bookableOperationRefs, passesOperationRules } from './operation-rules';
import { deriveInspections } from './quality/inspection-history';
import type { QuestionKind } from './rules/verdict';
import { canReverse } from './reversal-rules';
import { requestLeadApproval } from './session';
import { loadShiftHistory } from './shift-history';

// The operator's actions at the station. Each one is a booking; the station's state is re-derived from
// the bookings afterwards, so what the screen shows is always what was saved.

const ACTIVITY_WINDOW = 2_000;

export async function refreshActivity(): Promise<void> {
  const rows = await getTerminalData().history.listRecentBookings(ACTIVITY_WINDOW);
  useTerminalStore.setState((state) => ({
    activity: deriveActivity(rows),
    inspections: deriveInspections(rows),
    machine: machineFactsOf(rows, state.stationId),
  }));
}

export function selectOperation(operationId: string | null): void {
  useTerminalStore.setState({ selectedOperationId: operationId, panel: null, confirmation: null });
}

export function openPanel(panel: WorkPanel): void {
  useTerminalStore.setState({ panel });
}

/**
 * Closes the open panel without saving. A tap that belongs to the last save is not a cancel: the dialog that
 * saved may have closed under a triple tap, and its later taps land on the Cancel of the panel beneath
 * (My shift after a reversal), which must stay open to show what was reversed.
 */
export function closePanel(eventTimeStamp: number): void {
  if (!isTapOfLastSave(eventTimeStamp)) useTerminalStore.setState({ panel: null });
}

function context(): { stationId: string; operatorId: string } | null {
  const { stationId, operator } = useTerminalStore.getState();
  if (!stationId) return null;
  if (!operator) {
    giveFeedback('error', 'session.loginFirst');
    return null;
  }
  return { stationId, operatorId: operator.id };
}

/** Scans of two different labels that arrive together are two intents; a label read twice is one. */
const SCANNED_TYPES: ReadonlySet<BookingType> = new Set<BookingType>(['material.consume', 'transport.request']);

interface OperationBookingOptions {
  /** The quality checklist stays open between values; every other entry panel closes once saved. */
  keepsPanelOpen?: boolean;
  /** The machine counted these pieces: the cycle time cannot make them implausible. */
  isMachineCounted?: boolean;
  /**
   * Asked inside the guard, on what is stored now: false when the booking is no longer what the operator meant
   * (the pieces a tap confirmed were booked by the tap before it). Nothing is booked then.
   */
  isStillIntended?: () => boolean;
}

/** A repeat of an action while it saves (a double tap) is the same intent: it books nothing. */
function bookOnOperation<T extends BookingType>(
  type: T,
  payload: BookingPayload<T>,
  savedKey: string,
  params?: Record<string, string | number>,
  acknowledged: readonly QuestionKind[] = [],
  options: OperationBookingOptions = {},
): Promise<Booking | null> {
  const operationId = useTerminalStore.getState().selectedOperationId;
  return oneIntent.run(
    type,
    { operationId, payload },
    () => bookOnSelectedOperation(type, payload, savedKey, params, acknowledged, options),
    { isPerContent: SCANNED_TYPES.has(type) },
  );
}

async function bookOnSelectedOperation<T extends BookingType>(
  type: T,
  payload: BookingPayload<T>,
  savedKey: string,
  params?: Record<string, string | number>,
  acknowledged: readonly QuestionKind[] = [],
  options: OperationBookingOptions = {},
): Promise<Booking | null> {
  if (options.isStillIntended?.() === false) return null;
  const base = context();
  const operationId = useTerminalStore.getState().selectedOperationId;
  if (!base) return null;
  if (!operationId) {
    giveFeedback('error', 'work.selectOperationFirst');
    return null;
  }
  const operation = await getTerminalData().master.getOperation(operationId);
  if (!operation) {
    giveFeedback('error', 'work.unknownOperation');
    return null;
  }
  const draft = { type, payload, ...base, orderId: operation.orderId, operationId } as BookingDraft;
  const followUps = {
    retry: (answered: readonly QuestionKind[]) => bookOnOperation(type, payload, savedKey, params, answered, options),
    endDowntime: async () => (await endDowntime()) !== null,
    // A restart and a quantity above the open one ask for a lead; their payloads carry who approved. The
    // approval is asked inside this (guarded) booking, so the approved one must not pass the guard again.
    approved: (leadId: string, answered: readonly QuestionKind[]) =>
      bookOnSelectedOperation(type, { ...payload, approvedBy: leadId }, savedKey, params, answered, options),
  };
  const isMachineCounted = options.isMachineCounted === true;
  if (!(await passesOperationRules({ ...draft, operationId }, operation, acknowledged, followUps, isMachineCounted)))
    return null;
  const saved = await book(draft, savedKey, params);
  if (saved) {
    if (!options.keepsPanelOpen) useTerminalStore.setState({ panel: null });
    await refreshActivity();
  }
  return saved;
}

export const startOperation = (phase: 'setup' | 'production') =>
  bookOnOperation(
    'operation.start',
    { phase },
    phase === 'setup' ? 'work.saved.setupStarted' : 'work.saved.productionStarted',
  );
export const interruptOperation = (reasonCode: string) =>
  bookOnOperation('operation.interrupt', { reasonCode }, 'work.saved.interrupted');
export const resumeOperation = () => bookOnOperation('operation.resume', {}, 'work.saved.resumed');
/** A partial confirmation may carry the good quantity made since the last one. */
export const finishOperation = (mode: 'final' | 'partial', confirmed?: { quantity: number; unit: string }) =>
  bookOnOperation(
    'operation.finish',
    { mode, ...confirmed },
    mode === 'final' ? 'work.saved.finished' : 'work.saved.partial',
  );
export const bookGood = (quantity: number, unit: string) =>
  bookOnOperation('quantity.good', { quantity, unit }, 'work.saved.good', { quantity });
export const bookScrap = (quantity: number, unit: string, reasonCode: string) =>
  bookOnOperation('quantity.scrap', { quantity, unit, reasonCode }, 'work.saved.scrap', { quantity });
export const bookRework = (quantity: number, unit: string, reasonCode: string) =>
  bookOnOperation('quantity.rework', { quantity, unit, reasonCode }, 'work.saved.rework', { quantity });
export const recordQuality = (payload: BookingPayload<'quality.result'>) =>
  bookOnOperation(
    'quality.result',
    payload,
    payload.verdict === 'pass' ? 'work.saved.qualityPass' : 'work.saved.qualityFail',
    undefined,
    [],
    { keepsPanelOpen: true },
  );
/** `name` is the material's name from the bill of materials, shown in the saved message. */
export const consumeMaterial = (payload: BookingPayload<'material.consume'>, name?: string) =>
  bookOnOperation('material.consume', payload, 'work.saved.material', {
    material: name ?? payload.gtin ?? payload.materialNumber ?? '',
    quantity: payload.quantity,
    unit: payload.unit,
  });

interface StationBookingOptions {
  /** When it began, if before now (a downtime of a machine stop began when the machine stopped). */
  occurredAt?: number;
  /** As for operation bookings: asked inside the guard, false books nothing. */
  isStillIntended?: () => boolean;
}

function bookAtStation<T extends BookingType>(
  type: T,
  payload: BookingPayload<T>,
  savedKey: string,
  options: StationBookingOptions = {},
): Promise<Booking | null> {
  return oneIntent.run(
    type,
    { payload, occurredAt: options.occurredAt },
    () => bookAtThisStation(type, payload, savedKey, options),
    { isPerContent: SCANNED_TYPES.has(type) },
  );
}

async function bookAtThisStation<T extends BookingType>(
  type: T,
  payload: BookingPayload<T>,
  savedKey: string,
  options: StationBookingOptions,
) {
  if (options.isStillIntended?.() === false) return null;
  const base = context();
  if (!base) return null;
  const { selectedOperationId } = useTerminalStore.getState();
  const operation = selectedOperationId ? await getTerminalData().master.getOperation(selectedOperationId) : undefined;
  const refs = await bookableOperationRefs(operation);
  const capture = options.occurredAt === undefined ? undefined : { occurredAt: options.occurredAt };
  const saved = await book({ type, payload, ...base, ...refs } as BookingDraft, savedKey, undefined, capture);
  if (saved) {
    useTerminalStore.setState({ panel: null });
    await refreshActivity();
  }
  return saved;
}

export const startDowntime = (reasonCode: string) =>
  bookAtStation('downtime.start', { reasonCode }, 'work.saved.downtimeStarted');
/**
 * The reason for a machine stop the operator was asked about: the downtime covers the whole stop, so it is
 * dated when the machine stopped (`stopSince`, the engine's start of the unplanned stop), not at the tap.
 */
export const explainMachineStop = (reasonCode: string, stopSince: number) =>
  bookAtStation('downtime.start', { reasonCode }, 'work.saved.downtimeStarted', {
    occurredAt: stopSince,
    isStillIntended: () => {
      const { activity, machine } = useTerminalStore.getState();
      return activity.downtimeReason === null && !machine.downtimeStarts.some((at) => at >= stopSince);
    },
  });
/**
 * Books as good the pieces the machine counted in this run that nobody booked yet, as the button showed them.
 * A second tap of the same intent finds them booked (the count left to confirm is below `quantity`) and books
 * nothing, whenever it comes.
 */
export const confirmMachineGood = (quantity: number, unit: string) =>
  bookOnOperation('quantity.good', { quantity, unit }, 'work.saved.good', { quantity }, [], {
    isMachineCounted: true,
    isStillIntended: () => machineGoodLeft() >= quantity,
  });

/** Good pieces the selected operation's run still has to confirm, by its machine count; 0 when not producing. */
function machineGoodLeft(): number {
  const { activity, machine, selectedOperationId } = useTerminalStore.getState();
  const selected = selectedOperationId === null ? undefined : activity.operations.get(selectedOperationId);
  if (selected?.status !== 'production') return 0;
  const counted = countInRun(machine, selected.runStartedAt);
  return counted === null ? 0 : goodToConfirm(counted, selected.bookedInRun);
}
export const endDowntime = () => bookAtStation('downtime.end', {}, 'work.saved.downtimeEnded');
export const requestTransport = (containerSscc?: string) =>
  bookAtStation('transport.request', containerSscc ? { containerSscc } : {}, 'work.saved.transport');
export const writeShiftNote = (text: string) => bookAtStation('shift.note', { text }, 'work.saved.note');

/**
 * Corrections are reversals, never edits: the original booking stays, a new one cancels it. The rules are
 * checked again on what is stored now, whatever the screen showed; the reason is a reversal reason code
 * from master data. What only a shift lead may reverse asks for a lead's badge and PIN, recorded as `approvedBy`.
 */
export function reverseBooking(bookingId: string, reasonCode: string): Promise<Booking | null> {
  return oneIntent.run('booking.reverse', { bookingId }, async () => {
    const base = context();
    const { operator } = useTerminalStore.getState();
    if (!base || !operator) return null;
    const { shift, entries } = await loadShiftHistory();
    const target = entries.find((entry) => entry.booking.id === bookingId);
    if (!target) {
      giveFeedback('error', 'history.errors.notFound');
      return null;
    }
    if (!(await getTerminalData().master.listReasons('reversal')).some((reason) => reason.id === reasonCode)) {
      giveFeedback('error', 'history.errors.unknownReason');
      return null;
    }
    const verdict = canReverse(target, operator, shift);
    let approvedBy: string | undefined;
    if (!verdict.ok && verdict.refusal === 'needs-lead') {
      // Someone else's booking or a finished operation: a shift lead decides, with badge and PIN here.
      const lead = await requestLeadApproval(reversalApprovalReason(target.booking, operator.id));
      if (!lead) {
        giveFeedback('info', 'approval.cancelled');
        return null;
      }
      approvedBy = lead.id;
    } else if (!verdict.ok) {
      giveFeedback('error', `history.refusal.${verdict.refusal}`);
      return null;
    }
    const { orderId, operationId } = target.booking;
    const refs = orderId && operationId ? { orderId, operationId } : {};
    const payload = { reversedBookingId: bookingId, reason: reasonCode, ...(approvedBy ? { approvedBy } : {}) };
    const saved = await book({ type: 'booking.reverse', payload, ...base, ...refs }, 'work.saved.reversed');
    if (saved) await refreshActivity();
    return saved;
  });
}

/** What the lead is asked to approve: someone else's booking, or the operator's own on a finished operation. */
function reversalApprovalReason(booking: Booking, operatorId: string): string {
  return booking.operatorId === operatorId ? 'approval.reasons.reverseFinished' : 'approval.reasons.reverseOthers';
}

/** Interrupting needs a reason: open the reason picker rather than guessing one. */
export function interruptOperationPanel(): void {
  if (!useTerminalStore.getState().selectedOperationId) {
    giveFeedback('error', 'work.selectOperationFirst');
    return;
  }
  openPanel('interrupt');
}
