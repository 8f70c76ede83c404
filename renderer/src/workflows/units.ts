// Pieces are counted, never measured: a good quantity of 2.5 pieces is a typing error, not a fact.
const COUNT_UNITS = new Set(['pcs', 'pc', 'ea', 'stk', 'st', 'stück']);

export function isCountUnit(unit: string): boolean {
  return COUNT_UNITS.has(unit.trim().toLowerCase().replace(/\.$/, ''));
}
