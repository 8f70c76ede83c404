import type { BookingType } from '@shared/booking';
import type { Station } from '@shared/master-data';
import type { OperationActivity } from '../operation-activity';
import { DEFAULT_TOLERANCE_PERCENT, finalSummary, implausibleQuantity } from './plausibility';
import { ALLOW, ask, needsLead, refuse, type QuestionKind, type RuleVerdict } from './verdict';
import { workStateRefusal, type WorkState } from '@shared/work';

// The rules every booking on an operation passes before it is saved, whatever started it (button, scan
// command, shortcut). Refusals come first: a question is pointless for a booking that may not happen.

export interface OperationBookingCase {
  type: BookingType;
  payload: Readonly<Record<string, unknown>>;
  state: WorkState;
  activity: OperationActivity;
  planned: number;
  cycleSeconds: number;
  station: Pick<Station, 'allowsParallelOperations' | 'quantityTolerancePercent'> | undefined;
  /** Other operations of this station in setup or production, as "order/operation" labels. */
  otherRunning: readonly string[];
  downtimeReason: string | null;
  /** The active operator is a shift lead, or a lead approved this very booking at the terminal. */
  isLead: boolean;
  now: number;
  /** Questions the operator has already answered with yes for this very booking. */
  acknowledged: ReadonlySet<QuestionKind>;
  /** The machine counted the quantity (confirmed from its count): it was made, whatever the cycle time says. */
  isMachineCounted?: boolean;
}

const QUANTITY_TYPES = new Set<BookingType>(['quantity.good', 'quantity.scrap', 'quantity.rework']);

export function judgeOperationBooking(c: OperationBookingCase): RuleVerdict {
  const refusal = refusalFor(c);
  if (refusal) return refusal;
  if (c.downtimeReason !== null && isProduction(c) && !c.acknowledged.has('end-downtime')) {
    return ask({ kind: 'end-downtime', reasonCode: c.downtimeReason });
  }
  const entered = enteredQuantity(c);
  if (entered !== null && !c.acknowledged.has('implausible-quantity')) {
    const question = implausibleQuantity({
      entered,
      planned: c.planned,
      activity: c.activity,
      cycleSeconds: c.cycleSeconds,
      tolerancePercent: c.station?.quantityTolerancePercent ?? DEFAULT_TOLERANCE_PERCENT,
      now: c.now,
      isBoundByCycle: c.type !== 'quantity.scrap' && c.type !== 'quantity.rework' && c.isMachineCounted !== true,
    });
    if (question) return ask({ ...question, needsLead: !c.isLead && question.exceeds.includes('open') });
  }
  if (c.type === 'operation.finish' && c.payload.mode === 'final' && !c.acknowledged.has('final-summary')) {
    return ask(finalSummary(c.planned, c.activity));
  }
  return ALLOW;
}

function refusalFor(c: OperationBookingCase): RuleVerdict | null {
  switch (workStateRefusal(c.state, c.type, c.isLead)) {
    case 'closed':
      return refuse('work.rules.closed');
    case 'finished':
      return refuse('work.rules.finished');
    case 'restart-needs-lead':
      return needsLead('approval.reasons.restartFinished');
    case null:
      break;
  }
  const startsRunning = c.type === 'operation.start' || c.type === 'operation.resume';
  const [running] = c.otherRunning;
  if (startsRunning && running !== undefined && c.station?.allowsParallelOperations !== true) {
    return refuse('work.rules.stationBusy', { operation: running });
  }
  return null;
}

/** Bookings that say the machine is producing, which contradicts an open downtime. */
function isProduction(c: OperationBookingCase): boolean {
  if (QUANTITY_TYPES.has(c.type) || c.type === 'operation.resume') return true;
  if (c.type === 'operation.start') return c.payload.phase === 'production';
  return c.type === 'operation.finish' && typeof c.payload.quantity === 'number';
}

function enteredQuantity(c: OperationBookingCase): number | null {
  if (!QUANTITY_TYPES.has(c.type) && c.type !== 'operation.finish') return null;
  return typeof c.payload.quantity === 'number' ? c.payload.quantity : null;
}
