import { describe, expect, it } from 'vitest';
import { finalSummary, implausibleQuantity, type QuantityCase } from './plausibility';

const NOW = 1_800_000_000_000;
const base: QuantityCase = {
  entered: 10,
  planned: 500,
  activity: { good: 0, lastProductionAt: null },
  cycleSeconds: 0,
  tolerancePercent: 150,
  now: NOW,
  isBoundByCycle: true,
};

describe('implausibleQuantity by the open quantity', () => {
  it('asks for 999999 on a plan of 500 and shows entered, planned, booked and open', () => {
    expect(implausibleQuantity({ ...base, entered: 999_999, activity: { good: 20, lastProductionAt: null } })).toEqual({
      kind: 'implausible-quantity',
      entered: 999_999,
      planned: 500,
      booked: 20,
      open: 480,
      openLimit: 720,
      cycleLimit: null,
      exceeds: ['open'],
    });
  });

  it('accepts up to the tolerance share of the open quantity, asks just above it', () => {
    const activity = { good: 400, lastProductionAt: null };
    expect(implausibleQuantity({ ...base, activity, entered: 150 })).toBeNull();
    expect(implausibleQuantity({ ...base, activity, entered: 151 })?.kind).toBe('implausible-quantity');
  });

  it('uses the configured share', () => {
    expect(implausibleQuantity({ ...base, entered: 600, tolerancePercent: 120 })).toBeNull();
    expect(implausibleQuantity({ ...base, entered: 601, tolerancePercent: 120 })).not.toBeNull();
  });

  it('asks about any quantity once nothing is open', () => {
    expect(implausibleQuantity({ ...base, entered: 1, activity: { good: 500, lastProductionAt: null } })).toMatchObject(
      {
        open: 0,
        exceeds: ['open'],
      },
    );
  });

  it('compares decimals exactly (kilograms are not rounded away)', () => {
    const kg = { ...base, planned: 10.5 };
    expect(implausibleQuantity({ ...kg, entered: 15.75 })).toBeNull();
    expect(implausibleQuantity({ ...kg, entered: 15.76 })).not.toBeNull();
  });
});

describe('implausibleQuantity by the cycle time', () => {
  const tenMinutesAgo = { good: 0, lastProductionAt: NOW - 600_000 };

  it('allows what the cycle time makes possible since the last booking, with the tolerance share', () => {
    // 600 s / 60 s per piece = 10 pieces, 150 % = 15.
    const c = { ...base, cycleSeconds: 60, activity: tenMinutesAgo };
    expect(implausibleQuantity({ ...c, entered: 15 })).toBeNull();
    expect(implausibleQuantity({ ...c, entered: 16 })).toMatchObject({ cycleLimit: 15, exceeds: ['cycle'] });
  });

  it('always allows the one piece that may have been on the machine', () => {
    const c = { ...base, cycleSeconds: 180, activity: { good: 0, lastProductionAt: NOW - 1_000 } };
    expect(implausibleQuantity({ ...c, entered: 1 })).toBeNull();
    expect(implausibleQuantity({ ...c, entered: 2 })).toMatchObject({ cycleLimit: 1 });
  });

  it('names both reasons when both apply', () => {
    const c = { ...base, cycleSeconds: 60, activity: tenMinutesAgo, entered: 999_999 };
    expect(implausibleQuantity(c)).toMatchObject({ exceeds: ['open', 'cycle'] });
  });

  it('is skipped without a cycle time, without a production start, or for scrap and rework', () => {
    expect(implausibleQuantity({ ...base, entered: 100, cycleSeconds: 0, activity: tenMinutesAgo })).toBeNull();
    expect(implausibleQuantity({ ...base, entered: 100, cycleSeconds: 60 })).toBeNull();
    expect(
      implausibleQuantity({ ...base, entered: 100, cycleSeconds: 60, activity: tenMinutesAgo, isBoundByCycle: false }),
    ).toBeNull();
  });

  it('treats a clock that went backwards as no time passed', () => {
    const c = { ...base, cycleSeconds: 60, activity: { good: 0, lastProductionAt: NOW + 60_000 } };
    expect(implausibleQuantity({ ...c, entered: 2 })).toMatchObject({ cycleLimit: 1 });
  });
});

describe('finalSummary', () => {
  it('shows good, scrap, rework, planned and remaining', () => {
    expect(finalSummary(500, { good: 17, scrap: 2, rework: 1 })).toEqual({
      kind: 'final-summary',
      good: 17,
      scrap: 2,
      rework: 1,
      planned: 500,
      remaining: 483,
    });
  });
});
