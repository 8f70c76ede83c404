import type { OperationActivity } from '../operation-activity';
import type { ImplausibleQuantity, Question } from './verdict';
import { openQuantity } from './work-state';

// Typing 999999 instead of 99 is the commonest bad entry on a terminal. A quantity far above what is still
// open, or above what the machine can have made since the last booking, is not refused (it may be true)
// but asked about, with the numbers in front of the operator.

/** Asked above this share of the open quantity when neither station nor plant sets one. */
export const DEFAULT_TOLERANCE_PERCENT = 150;

export interface QuantityCase {
  entered: number;
  planned: number;
  activity: Pick<OperationActivity, 'good' | 'lastProductionAt'>;
  /** Planned seconds per piece; 0 when master data has none. */
  cycleSeconds: number;
  tolerancePercent: number;
  now: number;
  /**
   * Good pieces are bounded by the machine's pace since the last booking; scrap and rework are often
   * sorted out of pieces made long before, so the cycle time says nothing about them.
   */
  isBoundByCycle: boolean;
}

export function implausibleQuantity(c: QuantityCase): ImplausibleQuantity | null {
  const share = c.tolerancePercent / 100;
  const open = openQuantity(c.planned, c.activity);
  const openLimit = open * share;
  const cycleLimit =
    c.isBoundByCycle && c.cycleSeconds > 0 && c.activity.lastProductionAt !== null
      ? // One piece is always plausible: it may have been on the machine when the last booking was made.
        Math.max(1, Math.floor(((c.now - c.activity.lastProductionAt) / 1000 / c.cycleSeconds) * share))
      : null;
  const exceeds: Array<'open' | 'cycle'> = [];
  if (c.entered > openLimit) exceeds.push('open');
  if (cycleLimit !== null && c.entered > cycleLimit) exceeds.push('cycle');
  if (exceeds.length === 0) return null;
  return {
    kind: 'implausible-quantity',
    entered: c.entered,
    planned: c.planned,
    booked: c.activity.good,
    open,
    openLimit,
    cycleLimit,
    exceeds,
  };
}

/** What a final confirmation shows before the operation is closed for good. */
export function finalSummary(
  planned: number,
  activity: Pick<OperationActivity, 'good' | 'scrap' | 'rework'>,
): Extract<Question, { kind: 'final-summary' }> {
  return {
    kind: 'final-summary',
    good: activity.good,
    scrap: activity.scrap,
    rework: activity.rework,
    planned,
    remaining: openQuantity(planned, activity),
  };
}
