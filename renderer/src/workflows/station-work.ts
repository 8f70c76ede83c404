import type { Booking, BookingDraft, BookingType, BookingPayload } from '../../../shared/booking';
import { getOperation, listRecentBookings } from '../data';
import { giveFeedback } from '../feedback/feedback-store';
import { useTerminalStore, type WorkPanel } from '../store/terminal-store';
import { book } from './book';
import { deriveActivity } from './operation-activity';
import { bookableOperationRefs, passesOperationRules } from './operation-rules';
import type { QuestionKind } from './rules/verdict';

// The operator's actions at the station. Each one is a booking; the station's state is re-derived from
// the bookings afterwards, so what the screen shows is always what was saved.

const ACTIVITY_WINDOW = 2_000;

export async function refreshActivity(): Promise<void> {
  const rows = await listRecentBookings(ACTIVITY_WINDOW);
  useTerminalStore.setState({ activity: deriveActivity(rows) });
}

export function selectOperation(operationId: string | null): void {
  useTerminalStore.setState({ selectedOperationId: operationId, panel: null, confirmation: null });
}

export function openPanel(panel: WorkPanel): void {
  useTerminalStore.setState({ panel });
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

async function bookOnOperation<T extends BookingType>(
  type: T,
  payload: BookingPayload<T>,
  savedKey: string,
  params?: Record<string, string | number>,
  acknowledged: readonly QuestionKind[] = [],
): Promise<Booking | null> {
  const base = context();
  const operationId = useTerminalStore.getState().selectedOperationId;
  if (!base) return null;
  if (!operationId) {
    giveFeedback('error', 'work.selectOperationFirst');
    return null;
  }
  const operation = await getOperation(operationId);
  if (!operation) {
    giveFeedback('error', 'work.unknownOperation');
    return null;
  }
  const draft = { type, payload, ...base, orderId: operation.orderId, operationId } as BookingDraft;
  const followUps = {
    retry: (answered: readonly QuestionKind[]) => bookOnOperation(type, payload, savedKey, params, answered),
    endDowntime: async () => (await endDowntime()) !== null,
    // Only a restart asks for a lead, and operation.start's payload carries who approved it.
    approved: (leadId: string) =>
      bookOnOperation(type, { ...payload, approvedBy: leadId }, savedKey, params, acknowledged),
  };
  if (!(await passesOperationRules({ ...draft, operationId }, operation, acknowledged, followUps))) return null;
  const saved = await book(draft, savedKey, params);
  if (saved) {
    useTerminalStore.setState({ panel: null });
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
  );
export const consumeMaterial = (payload: BookingPayload<'material.consume'>) =>
  bookOnOperation('material.consume', payload, 'work.saved.material', {
    material: payload.gtin ?? payload.materialNumber ?? '',
  });

async function bookAtStation<T extends BookingType>(type: T, payload: BookingPayload<T>, savedKey: string) {
  const base = context();
  if (!base) return null;
  const { selectedOperationId } = useTerminalStore.getState();
  const operation = selectedOperationId ? await getOperation(selectedOperationId) : undefined;
  const refs = await bookableOperationRefs(operation);
  const saved = await book({ type, payload, ...base, ...refs } as BookingDraft, savedKey);
  if (saved) {
    useTerminalStore.setState({ panel: null });
    await refreshActivity();
  }
  return saved;
}

export const startDowntime = (reasonCode: string) =>
  bookAtStation('downtime.start', { reasonCode }, 'work.saved.downtimeStarted');
export const endDowntime = () => bookAtStation('downtime.end', {}, 'work.saved.downtimeEnded');
export const requestTransport = (containerSscc?: string) =>
  bookAtStation('transport.request', containerSscc ? { containerSscc } : {}, 'work.saved.transport');
export const writeShiftNote = (text: string) => bookAtStation('shift.note', { text }, 'work.saved.note');

/** Corrections are reversals, never edits: the original booking stays, a new one cancels it. */
export async function reverseLastBooking(reason: string): Promise<void> {
  const target = useTerminalStore.getState().activity.lastReversible;
  if (!target) {
    giveFeedback('error', 'work.nothingToReverse');
    return;
  }
  const base = context();
  if (!base) return;
  const refs = target.operationId && target.orderId ? { orderId: target.orderId, operationId: target.operationId } : {};
  const saved = await book(
    { type: 'booking.reverse', payload: { reversedBookingId: target.id, reason }, ...base, ...refs },
    'work.saved.reversed',
  );
  if (saved) await refreshActivity();
}

/** Interrupting needs a reason: open the reason picker rather than guessing one. */
export function interruptOperationPanel(): void {
  if (!useTerminalStore.getState().selectedOperationId) {
    giveFeedback('error', 'work.selectOperationFirst');
    return;
  }
  openPanel('interrupt');
}
