/** GS1 dates (YYMMDD, YYYYMMDD) and times (HHMI) as carried in AI values. */

/** A calendar date read from an AI value; `day` 0 means "day not given" (YYMMD0 fields only). */
export interface Gs1Date {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/**
 * Resolves a two-digit year with the GS1 sliding window (General Specifications §7.12): up to 50 years
 * ahead of the reference year or 49 years behind it.
 */
export function expandTwoDigitYear(yy: number, referenceYear: number): number {
  const century = referenceYear - (referenceYear % 100);
  const difference = yy - (referenceYear % 100);
  if (difference >= 51) return century - 100 + yy;
  if (difference <= -50) return century + 100 + yy;
  return century + yy;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * Reads YYMMDD (or YYYYMMDD when `text` has 8 digits). With `isDayZeroAllowed`, DD = 00 stands for
 * "day not given", as the spec allows for YYMMD0 fields such as best-before and expiry.
 */
export function readGs1Date(text: string, referenceYear: number, isDayZeroAllowed: boolean): Gs1Date | undefined {
  const match = /^(\d{2}|\d{4})(\d{2})(\d{2})$/.exec(text);
  if (match === null) return undefined;
  const [, yearText = '', monthText = '', dayText = ''] = match;
  const year = yearText.length === 2 ? expandTwoDigitYear(Number(yearText), referenceYear) : Number(yearText);
  const month = Number(monthText);
  const day = Number(dayText);
  if (month < 1 || month > 12) return undefined;
  if (day === 0 ? !isDayZeroAllowed : day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

/** ISO 8601 calendar date; a "day not given" date means the last day of its month (GenSpecs §3.4.2). */
export function gs1DateToIso(date: Gs1Date): string {
  const day = date.day === 0 ? daysInMonth(date.year, date.month) : date.day;
  return `${String(date.year).padStart(4, '0')}-${pad2(date.month)}-${pad2(day)}`;
}

function pad2(value: number): string {
  return String(value).padStart(2, '0');
}

/** Hours 00-23 (2 digits), minutes or seconds 00-59. */
export function isValidHours(text: string): boolean {
  return /^\d{2}$/.test(text) && Number(text) <= 23;
}

export function isValidMinutesOrSeconds(text: string): boolean {
  return /^\d{2}$/.test(text) && Number(text) <= 59;
}
