import { describe, expect, it } from 'vitest';
import type { Characteristic, QualityPlan } from '../master-data';
import { checklistOf, isRuleDue, nextToInspect, type InspectionProgress, type LastResult } from './checklist';

const progress = (over: Partial<InspectionProgress> = {}): InspectionProgress => ({
  productionStartedAt: 1_000,
  good: 0,
  lastGoodAt: null,
  open: 100,
  ...over,
});
const result = (at: number, goodAtResult = 0): LastResult => ({ at, verdict: 'pass', goodAtResult });

describe('due rules', () => {
  it('at start: due once production started, until a result after that start', () => {
    expect(isRuleDue({ kind: 'start' }, progress({ productionStartedAt: null }), undefined)).toBe(false);
    expect(isRuleDue({ kind: 'start' }, progress(), undefined)).toBe(true);
    expect(isRuleDue({ kind: 'start' }, progress(), result(500))).toBe(true);
    expect(isRuleDue({ kind: 'start' }, progress(), result(1_500))).toBe(false);
  });

  it('every 50 pieces: counts the good quantity booked since the last result', () => {
    const every50 = { kind: 'every', pieces: 50 } as const;
    expect(isRuleDue(every50, progress({ good: 49 }), undefined)).toBe(false);
    expect(isRuleDue(every50, progress({ good: 50 }), undefined)).toBe(true);
    expect(isRuleDue(every50, progress({ good: 90 }), result(2_000, 50))).toBe(false);
    expect(isRuleDue(every50, progress({ good: 100 }), result(2_000, 50))).toBe(true);
  });

  it('at finish: due when nothing is open any more, until a result after the last good pieces', () => {
    const finish = { kind: 'finish' } as const;
    expect(isRuleDue(finish, progress({ good: 99, open: 1, lastGoodAt: 3_000 }), undefined)).toBe(false);
    expect(isRuleDue(finish, progress({ good: 100, open: 0, lastGoodAt: 3_000 }), undefined)).toBe(true);
    expect(isRuleDue(finish, progress({ good: 100, open: 0, lastGoodAt: 3_000 }), result(2_000))).toBe(true);
    expect(isRuleDue(finish, progress({ good: 100, open: 0, lastGoodAt: 3_000 }), result(4_000))).toBe(false);
  });
});

const characteristic = (id: string, due: Characteristic['due']): Characteristic => ({
  id,
  name: { de: id, en: id },
  kind: 'attribute',
  ...(due ? { due } : {}),
});
const plan: QualityPlan = {
  id: 'QP',
  name: 'Plan',
  characteristics: [
    characteristic('A', [{ kind: 'start' }, { kind: 'every', pieces: 50 }]),
    characteristic('B', [{ kind: 'finish' }]),
    characteristic('C', undefined),
    characteristic('D', [{ kind: 'start' }]),
  ],
};

describe('checklist', () => {
  it('marks each characteristic due, done or open', () => {
    const items = checklistOf(plan, progress({ good: 60 }), new Map([['A', result(1_500, 0)]]));
    expect(items.map((i) => [i.characteristic.id, i.state, i.dueBy])).toEqual([
      ['A', 'due', ['every']],
      ['B', 'open', []],
      ['C', 'open', []],
      ['D', 'due', ['start']],
    ]);
    const after = checklistOf(plan, progress({ good: 60 }), new Map([['A', result(1_600, 60)]]));
    expect(after[0]?.state).toBe('done');
  });

  it('moves on to the next due characteristic, then to open ones, and ends when all are done', () => {
    const items = checklistOf(plan, progress(), new Map());
    expect(nextToInspect(items, null)).toBe('A');
    expect(nextToInspect(items, 'A')).toBe('D');
    expect(nextToInspect(items, 'D')).toBe('A');
    const onlyOpen = checklistOf(plan, progress({ productionStartedAt: null }), new Map([['B', result(1)]]));
    expect(nextToInspect(onlyOpen, 'A')).toBe('C');
    const allDone = checklistOf(
      plan,
      progress({ productionStartedAt: null }),
      new Map(['A', 'B', 'C', 'D'].map((id) => [id, result(1)])),
    );
    expect(nextToInspect(allDone, 'A')).toBeNull();
  });
});
