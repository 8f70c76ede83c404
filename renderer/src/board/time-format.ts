// Clock times and numbers on the board in the board's language, in the browser's time zone (the shift
// office's screen stands in the plant).

const LOCALES: Record<string, string> = { de: 'de-DE', en: 'en-GB', pl: 'pl-PL', tr: 'tr-TR' };
const localeOf = (language: string) => LOCALES[language] ?? 'de-DE';

export function formatClock(at: number, language: string): string {
  return new Intl.DateTimeFormat(localeOf(language), { hour: '2-digit', minute: '2-digit' }).format(at);
}

export function formatDateTime(at: number, language: string): string {
  return new Intl.DateTimeFormat(localeOf(language), {
    weekday: 'short',
    day: '2-digit',
    month: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).format(at);
}

export function formatNumber(value: number, language: string, decimals?: number): string {
  return new Intl.NumberFormat(localeOf(language), {
    ...(decimals === undefined
      ? { maximumFractionDigits: 2 }
      : { minimumFractionDigits: decimals, maximumFractionDigits: decimals }),
  }).format(value);
}

/** A ratio 0..1 as a whole percentage; null (nothing planned) as a dash. */
export function formatPercent(ratio: number | null, language: string): string {
  if (ratio === null) return '–';
  return new Intl.NumberFormat(localeOf(language), { style: 'percent', maximumFractionDigits: 1 }).format(ratio);
}
