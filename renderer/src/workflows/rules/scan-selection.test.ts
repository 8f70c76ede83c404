import { describe, expect, it } from 'vitest';
import { chooseScannedOperation, type ScannedCandidate } from './scan-selection';
import type { WorkState } from '@shared/work';

const op = (number: string, state: WorkState): ScannedCandidate<string> => ({
  operation: `op-${number}`,
  number,
  state,
});

describe('chooseScannedOperation', () => {
  it('selects the scanned operation when work can be booked on it', () => {
    expect(chooseScannedOperation('FA1', [op('0010', 'released')], '0010', false)).toEqual({
      kind: 'select',
      operation: 'op-0010',
    });
  });

  it('refuses a closed operation with order and operation in the message', () => {
    expect(chooseScannedOperation('FA1000019', [op('0010', 'closed')], '0010', true)).toEqual({
      kind: 'refuse',
      refusal: { messageKey: 'scan.errors.closed', params: { order: 'FA1000019', operation: '0010' } },
    });
  });

  it('refuses a finished operation to an operator but lets a shift lead select it to restart', () => {
    expect(chooseScannedOperation('FA1', [op('0010', 'finished')], '0010', false)).toMatchObject({
      refusal: { messageKey: 'scan.errors.finished' },
    });
    expect(chooseScannedOperation('FA1', [op('0010', 'finished')], '0010', true)).toMatchObject({ kind: 'select' });
  });

  it('picks the first operation that can be worked on when only the order was scanned', () => {
    const candidates = [op('0010', 'finished'), op('0020', 'interrupted'), op('0030', 'released')];
    expect(chooseScannedOperation('FA1', candidates, null, false)).toEqual({ kind: 'select', operation: 'op-0020' });
  });

  it('says why when none of the order can be worked on', () => {
    expect(chooseScannedOperation('FA1', [op('0010', 'closed'), op('0020', 'closed')], null, false)).toMatchObject({
      refusal: { messageKey: 'scan.errors.closed', params: { operation: '0010' } },
    });
  });

  it('leaves "not at this station" to the caller', () => {
    expect(chooseScannedOperation('FA1', [], null, false)).toBeNull();
    expect(chooseScannedOperation('FA1', [op('0010', 'released')], '0020', false)).toBeNull();
  });
});
