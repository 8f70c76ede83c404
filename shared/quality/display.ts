import { decimalsIn } from '../locale/decimal-numbers';
import type { Characteristic } from '../master-data';

/** Decimals to show a characteristic's values with: the gauge's, else as many as its limits are written with. */
export function displayDecimals(characteristic: Characteristic): number {
  if (characteristic.decimals !== undefined) return characteristic.decimals;
  const written = [characteristic.nominal, characteristic.lower, characteristic.upper].flatMap((v) =>
    v === undefined ? [] : [decimalsIn(v)],
  );
  return Math.min(Math.max(0, ...written), 6);
}
