// Typing 999999 instead of 99 is the commonest bad entry on a terminal. A quantity far above what is still
// open, or above what the machine can have made since the last booking, is not refused (it may be true):
// the terminal asks the operator about it, and the server flags what reached it anyway for the shift lead's
// review, both with this rule.

/** Asked above this share of the open quantity when neither station nor plant sets one. */
export const DEFAULT_TOLERANCE_PERCENT = 150;

export interface QuantityCase {
  entered: number;
  planned: number;
  /** Good pieces booked so far, and when production last started, resumed or was booked (null: never). */
  activity: { good: number; lastProductionAt: number | null };
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

export interface QuantityFinding {
  entered: number;
  planned: number;
  /** Good pieces booked so far. */
  booked: number;
  open: number;
  /** The most the open quantity makes plausible (tolerance share of it). */
  openLimit: number;
  /** The most the cycle time allows since the last booking, when the operation has one. */
  cycleLimit: number | null;
  exceeds: Array<'open' | 'cycle'>;
}

/** Good pieces still to make; never negative (an order can be over-delivered). */
export function openQuantity(planned: number, activity: { good: number }): number {
  return Math.max(0, planned - activity.good);
}

/** What makes the entered quantity implausible, or null when it is plausible. */
export function quantityPlausibility(c: QuantityCase): QuantityFinding | null {
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
  return { entered: c.entered, planned: c.planned, booked: c.activity.good, open, openLimit, cycleLimit, exceeds };
}
