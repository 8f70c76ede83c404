import { describe, expect, it } from 'vitest';
import { emptyActivity, type OperationStatus } from '../operation-activity';
import {
  compareByDueDate,
  isBookable,
  isLate,
  localIsoDay,
  openQuantity,
  workStateOf,
  type WorkState,
} from './work-state';

const activity = (status: OperationStatus) => ({ ...emptyActivity(), status });

describe('workStateOf', () => {
  it.each<
    [string, 'released' | 'in-progress' | 'closed', 'released' | 'in-progress' | 'closed', OperationStatus, WorkState]
  >([
    ['a released operation nobody touched', 'released', 'released', 'idle', 'released'],
    ['an operation the plan says is running elsewhere', 'in-progress', 'in-progress', 'idle', 'in-progress'],
    ['an operation in setup here', 'released', 'released', 'setup', 'in-progress'],
    ['an operation in production here', 'in-progress', 'released', 'production', 'in-progress'],
    ['an interrupted operation', 'in-progress', 'in-progress', 'interrupted', 'interrupted'],
    ['a finished operation', 'in-progress', 'in-progress', 'finished', 'finished'],
    ['a closed order, whatever was booked', 'closed', 'released', 'production', 'closed'],
    ['a closed operation of an open order', 'in-progress', 'closed', 'interrupted', 'closed'],
  ])('%s', (_name, orderStatus, operationStatus, status, expected) => {
    expect(workStateOf({ status: orderStatus }, { status: operationStatus }, activity(status))).toBe(expected);
  });

  it('does not need the order (master data may lag)', () => {
    expect(workStateOf(undefined, { status: 'released' }, activity('idle'))).toBe('released');
  });

  it('lets nothing be booked on closed or finished operations', () => {
    expect(
      ['released', 'in-progress', 'interrupted', 'finished', 'closed'].filter((s) => isBookable(s as WorkState)),
    ).toEqual(['released', 'in-progress', 'interrupted']);
  });
});

describe('openQuantity, isLate and the work list order', () => {
  it('never owes a negative quantity', () => {
    expect(openQuantity(500, { good: 17 })).toBe(483);
    expect(openQuantity(500, { good: 600 })).toBe(0);
  });

  it('is late only before today and only while work remains', () => {
    expect(isLate('2026-12-01', '2026-12-02', 'released')).toBe(true);
    expect(isLate('2026-12-02', '2026-12-02', 'released')).toBe(false);
    expect(isLate('2026-12-01', '2026-12-02', 'finished')).toBe(false);
    expect(isLate('2026-12-01', '2026-12-02', 'closed')).toBe(false);
  });

  it('takes today from the terminal clock', () => {
    expect(localIsoDay(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
  });

  it('sorts by due date, then operation number, unknown dates last', () => {
    const rows = [
      { dueDate: undefined, operationNumber: '0010' },
      { dueDate: '2026-12-03', operationNumber: '0020' },
      { dueDate: '2026-12-01', operationNumber: '0020' },
      { dueDate: '2026-12-03', operationNumber: '0010' },
    ];
    expect([...rows].sort(compareByDueDate)).toEqual([rows[2], rows[3], rows[1], rows[0]]);
  });
});
