import { describe, expect, it } from 'vitest';
import type { BookingType } from '@shared/booking';
import { emptyActivity } from '../operation-activity';
import { judgeOperationBooking, type OperationBookingCase } from './booking-rules';

const NOW = 1_800_000_000_000;
const running: OperationBookingCase = {
  type: 'quantity.good',
  payload: { quantity: 10, unit: 'Stk' },
  state: 'in-progress',
  activity: { ...emptyActivity(), status: 'production', lastProductionAt: NOW - 3_600_000 },
  planned: 500,
  cycleSeconds: 60,
  station: undefined,
  otherRunning: [],
  downtimeReason: null,
  isLead: false,
  now: NOW,
  acknowledged: new Set(),
};
const judge = (overrides: Partial<OperationBookingCase>) => judgeOperationBooking({ ...running, ...overrides });
const attempt = (type: BookingType, payload: Record<string, unknown> = {}) => ({ type, payload });

describe('closed and finished operations', () => {
  const everyOperationBooking: Array<[BookingType, Record<string, unknown>]> = [
    ['operation.start', { phase: 'production' }],
    ['operation.resume', {}],
    ['operation.finish', { mode: 'final' }],
    ['quantity.good', { quantity: 1, unit: 'Stk' }],
    ['quantity.scrap', { quantity: 1, unit: 'Stk', reasonCode: 'S01' }],
    ['material.consume', { gtin: '04006381333931', quantity: 1, unit: 'Stk' }],
    ['quality.result', { characteristicId: 'C', attribute: 'ok', verdict: 'pass' }],
  ];

  it.each(everyOperationBooking)('refuses %s on a closed operation, even for a shift lead', (type, payload) => {
    expect(judge({ ...attempt(type, payload), state: 'closed', isLead: true })).toEqual({
      kind: 'refuse',
      refusal: { messageKey: 'work.rules.closed' },
    });
  });

  it.each(everyOperationBooking.filter(([type]) => type !== 'operation.start'))(
    'refuses %s on a finished operation',
    (type, payload) => {
      expect(judge({ ...attempt(type, payload), state: 'finished', isLead: true })).toMatchObject({
        refusal: { messageKey: 'work.rules.finished' },
      });
    },
  );

  it('lets only a shift lead restart a finished operation: anyone else needs a lead to approve it', () => {
    const restart = { ...attempt('operation.start', { phase: 'setup' }), state: 'finished' as const };
    expect(judge(restart)).toEqual({ kind: 'needs-lead', reasonKey: 'approval.reasons.restartFinished' });
    expect(judge({ ...restart, isLead: true })).toEqual({ kind: 'allow' });
  });
});

describe('one operation running per station', () => {
  const start = attempt('operation.start', { phase: 'production' });

  it('refuses to start or resume a second operation and names the running one', () => {
    const busy = { otherRunning: ['FA1000004/0010'], state: 'released' as const };
    expect(judge({ ...start, ...busy })).toEqual({
      kind: 'refuse',
      refusal: { messageKey: 'work.rules.stationBusy', params: { operation: 'FA1000004/0010' } },
    });
    expect(judge({ ...attempt('operation.resume'), ...busy })).toMatchObject({ kind: 'refuse' });
  });

  it('allows it where the station runs operations in parallel', () => {
    expect(judge({ ...start, otherRunning: ['FA1000004/0010'], station: { allowsParallelOperations: true } })).toEqual({
      kind: 'allow',
    });
  });

  it('does not stop quantities, interruptions or finishing of the running operation', () => {
    expect(judge({ otherRunning: ['FA1000004/0010'] })).toEqual({ kind: 'allow' });
    expect(judge({ ...attempt('operation.interrupt', { reasonCode: 'I01' }), otherRunning: ['X/1'] })).toEqual({
      kind: 'allow',
    });
  });
});

describe('production during an open downtime', () => {
  it.each<[BookingType, Record<string, unknown>]>([
    ['quantity.good', { quantity: 1, unit: 'Stk' }],
    ['quantity.scrap', { quantity: 1, unit: 'Stk', reasonCode: 'S01' }],
    ['quantity.rework', { quantity: 1, unit: 'Stk', reasonCode: 'R01' }],
    ['operation.start', { phase: 'production' }],
    ['operation.resume', {}],
    ['operation.finish', { mode: 'partial', quantity: 3, unit: 'Stk' }],
  ])('asks to end the downtime before %s', (type, payload) => {
    expect(judge({ ...attempt(type, payload), downtimeReason: 'D03' })).toEqual({
      kind: 'ask',
      question: { kind: 'end-downtime', reasonCode: 'D03' },
    });
  });

  it('lets setup, interruptions and inspections through', () => {
    for (const [type, payload] of [
      ['operation.start', { phase: 'setup' }],
      ['operation.interrupt', { reasonCode: 'I01' }],
      ['quality.result', { characteristicId: 'C', attribute: 'ok', verdict: 'pass' }],
    ] as const) {
      expect(judge({ ...attempt(type, payload), downtimeReason: 'D03' })).toEqual({ kind: 'allow' });
    }
  });

  it('goes on once the operator chose to end it', () => {
    expect(judge({ downtimeReason: 'D03', acknowledged: new Set(['end-downtime']) })).toEqual({ kind: 'allow' });
  });
});

describe('quantities and confirmations', () => {
  it('asks about 999999 good and books it once confirmed', () => {
    const huge = attempt('quantity.good', { quantity: 999_999, unit: 'Stk' });
    expect(judge(huge)).toMatchObject({ kind: 'ask', question: { kind: 'implausible-quantity', open: 500 } });
    expect(judge({ ...huge, acknowledged: new Set(['implausible-quantity']) })).toEqual({ kind: 'allow' });
  });

  it('needs a shift lead to book more than the open quantity allows, unless a lead is logged in or approved', () => {
    const huge = attempt('quantity.good', { quantity: 999_999, unit: 'Stk' });
    expect(judge(huge)).toMatchObject({ question: { exceeds: ['open', 'cycle'], needsLead: true } });
    expect(judge({ ...huge, isLead: true })).toMatchObject({ question: { needsLead: false } });
    const scrap = attempt('quantity.scrap', { quantity: 800, unit: 'Stk', reasonCode: 'S01' });
    expect(judge(scrap)).toMatchObject({ question: { exceeds: ['open'], needsLead: true } });
  });

  it('leaves a quantity only above the machine pace to the operator', () => {
    // An hour at 60 s per piece, 150 %: up to 90 pieces are plausible, 500 are open.
    expect(judge(attempt('quantity.good', { quantity: 100, unit: 'Stk' }))).toMatchObject({
      kind: 'ask',
      question: { exceeds: ['cycle'], needsLead: false },
    });
  });

  it('takes a machine-counted quantity as made whatever the cycle time, but still asks a lead above the open one', () => {
    const counted = { ...attempt('quantity.good', { quantity: 100, unit: 'Stk' }), isMachineCounted: true };
    expect(judge(counted)).toEqual({ kind: 'allow' });
    const huge = { ...attempt('quantity.good', { quantity: 999_999, unit: 'Stk' }), isMachineCounted: true };
    expect(judge(huge)).toMatchObject({ question: { exceeds: ['open'], needsLead: true } });
  });

  it('uses the station tolerance', () => {
    const q = attempt('quantity.good', { quantity: 600, unit: 'Stk' });
    expect(judge({ ...q, cycleSeconds: 0, station: { quantityTolerancePercent: 200 } })).toEqual({ kind: 'allow' });
    expect(judge({ ...q, cycleSeconds: 0, station: { quantityTolerancePercent: 110 } })).toMatchObject({ kind: 'ask' });
  });

  it('checks the quantity of a partial confirmation like a good booking', () => {
    expect(judge(attempt('operation.finish', { mode: 'partial', quantity: 999_999, unit: 'Stk' }))).toMatchObject({
      question: { kind: 'implausible-quantity' },
    });
    expect(judge(attempt('operation.finish', { mode: 'partial', quantity: 5, unit: 'Stk' }))).toEqual({
      kind: 'allow',
    });
  });

  it('does not hold scrap to the cycle time', () => {
    const scrap = attempt('quantity.scrap', { quantity: 50, unit: 'Stk', reasonCode: 'S01' });
    expect(judge({ ...scrap, activity: { ...running.activity, lastProductionAt: NOW - 1_000 } })).toEqual({
      kind: 'allow',
    });
  });

  it('shows the summary before a final confirmation, with the numbers', () => {
    const finish = attempt('operation.finish', { mode: 'final' });
    expect(judge({ ...finish, activity: { ...running.activity, good: 17, scrap: 2 } })).toEqual({
      kind: 'ask',
      question: { kind: 'final-summary', good: 17, scrap: 2, rework: 0, planned: 500, remaining: 483 },
    });
    expect(judge({ ...finish, acknowledged: new Set(['final-summary']) })).toEqual({ kind: 'allow' });
  });

  it('refuses before it asks: no question for a booking that may not happen', () => {
    expect(
      judge({
        ...attempt('quantity.good', { quantity: 999_999, unit: 'Stk' }),
        state: 'closed',
        downtimeReason: 'D03',
      }),
    ).toMatchObject({ kind: 'refuse' });
  });
});
