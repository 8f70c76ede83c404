import type { FormatterModule } from 'i18next';
import { decimalSeparator } from '@shared/locale/decimal-numbers';

/**
 * A number inside a message as the language writes it: "12,5" in German, Polish and Turkish, "12.5" in
 * English. Only the decimal sign changes: no rounding (a booked quantity reads exactly as booked) and no
 * digit grouping (booking and order numbers must stay as they are printed elsewhere).
 */
export function numberInMessage(value: number, language: string): string {
  return String(value).replace('.', decimalSeparator(language));
}

/**
 * Replaces i18next's formatter so that, with `alwaysFormat`, every number interpolated into a message
 * (`{{quantity}}`, `{{limit}}`, …) is written by `numberInMessage` without each caller formatting it.
 * Takt's messages use no named formats (`{{value, number}}`), so registering one is refused loudly.
 */
export const numbersInMessages: FormatterModule = {
  type: 'formatter',
  init: () => undefined,
  add: () => {
    throw new Error('Takt messages use no named i18next formats');
  },
  addCached: () => {
    throw new Error('Takt messages use no named i18next formats');
  },
  format: (value: unknown, _format, language) =>
    typeof value === 'number' && language ? numberInMessage(value, language) : (value as string),
};
