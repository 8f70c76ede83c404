import { describe, expect, it } from 'vitest';
import { isBookable, workStateOf, workStateRefusal, type OperationStatus, type WorkState } from './work-state';

const activity = (status: OperationStatus) => ({ status });

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

describe('workStateRefusal', () => {
  it('refuses every booking on a closed order, even a lead restart', () => {
    expect(workStateRefusal('closed', 'quantity.good', false)).toBe('closed');
    expect(workStateRefusal('closed', 'material.consume', true)).toBe('closed');
    expect(workStateRefusal('closed', 'operation.start', true)).toBe('closed');
  });

  it('lets only a shift lead restart a finished operation, and nothing else be booked on it', () => {
    expect(workStateRefusal('finished', 'quantity.good', true)).toBe('finished');
    expect(workStateRefusal('finished', 'operation.start', false)).toBe('restart-needs-lead');
    expect(workStateRefusal('finished', 'operation.start', true)).toBeNull();
  });

  it('allows everything on released, running and interrupted work', () => {
    for (const state of ['released', 'in-progress', 'interrupted'] as const)
      expect(workStateRefusal(state, 'quantity.scrap', false)).toBeNull();
  });
});
