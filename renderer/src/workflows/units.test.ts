import { describe, expect, it } from 'vitest';
import { isCountUnit } from './units';

describe('isCountUnit', () => {
  it.each(['pcs', 'Stk', 'Stk.', 'ST', 'Stück', ' ea '])('counts %j', (unit) => expect(isCountUnit(unit)).toBe(true));
  it.each(['kg', 'm', 'mm', 'l', ''])('measures %j', (unit) => expect(isCountUnit(unit)).toBe(false));
});
