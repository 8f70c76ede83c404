import type { TFunction } from 'i18next';
import { formatDecimal } from '@shared/locale/decimal-numbers';
import type { Characteristic } from '@shared/master-data';
import { displayDecimals } from '@shared/quality';

/** A value of this characteristic as the UI language writes it, with the gauge's decimals and the unit. */
export function formatMeasure(characteristic: Characteristic, value: number, language: string): string {
  const number = formatDecimal(value, language, displayDecimals(characteristic));
  return characteristic.unit ? `${number} ${characteristic.unit}` : number;
}

/** "119,50–120,50 mm", "≤ 1,6 µm" or "≥ 52,000 mm"; null for a characteristic without limits. */
export function formatLimits(characteristic: Characteristic, language: string, t: TFunction): string | null {
  const { lower, upper, unit = '' } = characteristic;
  const format = (value: number) => formatDecimal(value, language, displayDecimals(characteristic));
  if (lower !== undefined && upper !== undefined)
    return t('quality.range', { lower: format(lower), upper: format(upper), unit }).trim();
  if (upper !== undefined) return t('quality.atMost', { upper: format(upper), unit }).trim();
  if (lower !== undefined) return t('quality.atLeast', { lower: format(lower), unit }).trim();
  return null;
}
