import { quantityPlausibility, type QuantityCase } from '@shared/work';
import type { OperationActivity } from '../operation-activity';
import type { ImplausibleQuantity, Question } from './verdict';
import { openQuantity } from './work-state';

// The rule itself is in shared/work, where the server's review rules use it too.
export { DEFAULT_TOLERANCE_PERCENT, type QuantityCase } from '@shared/work';

export function implausibleQuantity(c: QuantityCase): ImplausibleQuantity | null {
  const finding = quantityPlausibility(c);
  return finding === null ? null : { kind: 'implausible-quantity', ...finding };
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
