import { describe, expect, it } from 'vitest';
import type { Characteristic } from '../master-data';
import { displayDecimals } from './display';

const variable = (over: Partial<Characteristic>): Characteristic => ({
  id: 'C',
  name: { de: 'C', en: 'C' },
  kind: 'variable',
  ...over,
});

describe('displayDecimals', () => {
  it("uses the gauge's decimals, else as many as the limits are written with", () => {
    expect(displayDecimals(variable({ nominal: 120, lower: 119.5, upper: 120.5, decimals: 2 }))).toBe(2);
    expect(displayDecimals(variable({ nominal: 40, lower: 39.984, upper: 40 }))).toBe(3);
    expect(displayDecimals(variable({ nominal: 52 }))).toBe(0);
    expect(displayDecimals(variable({ lower: 1e-9 }))).toBe(6);
  });
});
