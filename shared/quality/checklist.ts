import type { Characteristic, DueRule, QualityPlan } from '../master-data';
import type { Verdict } from './verdict';

// A quality plan as a checklist: each characteristic is due (its rule asks for a result now), done (it has
// a result and nothing asks for another) or open (nothing asks yet, nothing recorded).

export type CharacteristicState = 'open' | 'due' | 'done';

/** Where the operation stands, from its bookings. */
export interface InspectionProgress {
  /** When production last started (not resumed): the first-piece check belongs to this start. */
  productionStartedAt: number | null;
  /** Good pieces booked on the operation so far. */
  good: number;
  /** When good pieces were last booked. */
  lastGoodAt: number | null;
  /** Planned minus good; at or below zero the finish check is due. */
  open: number;
}

/** The last result recorded for one characteristic on the operation. */
export interface LastResult {
  at: number;
  verdict: Verdict;
  /** The operation's good quantity when the result was recorded: "every N pieces" counts from here. */
  goodAtResult: number;
}

export interface ChecklistItem {
  characteristic: Characteristic;
  state: CharacteristicState;
  /** The rules that make it due now. */
  dueBy: DueRule['kind'][];
  last: LastResult | undefined;
}

export function isRuleDue(rule: DueRule, progress: InspectionProgress, last: LastResult | undefined): boolean {
  switch (rule.kind) {
    case 'start':
      return progress.productionStartedAt !== null && (last === undefined || last.at < progress.productionStartedAt);
    case 'every':
      return progress.good - (last?.goodAtResult ?? 0) >= rule.pieces;
    case 'finish':
      return (
        progress.open <= 0 && progress.lastGoodAt !== null && (last === undefined || last.at < progress.lastGoodAt)
      );
  }
}

export function checklistItem(
  characteristic: Characteristic,
  progress: InspectionProgress,
  last: LastResult | undefined,
): ChecklistItem {
  const dueBy = (characteristic.due ?? []).filter((rule) => isRuleDue(rule, progress, last)).map((r) => r.kind);
  const state: CharacteristicState = dueBy.length > 0 ? 'due' : last ? 'done' : 'open';
  return { characteristic, state, dueBy, last };
}

export function checklistOf(
  plan: QualityPlan,
  progress: InspectionProgress,
  lastResults: ReadonlyMap<string, LastResult>,
): ChecklistItem[] {
  return plan.characteristics.map((c) => checklistItem(c, progress, lastResults.get(c.id)));
}

/**
 * What to measure after `currentId`: the next due characteristic in plan order (wrapping around), else the
 * next open one; null when everything is done.
 */
export function nextToInspect(items: readonly ChecklistItem[], currentId: string | null): string | null {
  const start = items.findIndex((item) => item.characteristic.id === currentId);
  const rotated = [...items.slice(start + 1), ...items.slice(0, start + 1)].filter(
    (item) => item.characteristic.id !== currentId,
  );
  const next = rotated.find((i) => i.state === 'due') ?? rotated.find((i) => i.state === 'open');
  return next?.characteristic.id ?? null;
}
