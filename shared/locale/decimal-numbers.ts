// Numbers as people in a language read and type them: "119,50" in German (and Polish, Turkish), "119.50"
// in English. Intl knows every locale's separator, so a new UI language needs no table here.

/** The decimal separator of a locale ("," for de, "." for en). */
export function decimalSeparator(locale: string): string {
  const part = new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === 'decimal');
  return part?.value ?? '.';
}

/** A value with a fixed number of decimals, as the locale writes it (no digit grouping: it is a measurement). */
export function formatDecimal(value: number, locale: string, decimals: number): string {
  return new Intl.NumberFormat(locale, {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
    useGrouping: false,
  }).format(value);
}

/**
 * What a person typed, read in their locale: digits, an optional leading minus and one decimal separator.
 * Both "," and "." are read as the decimal separator when only one of them appears, because a pad or a
 * keyboard on the wrong layout types the other one; grouping ("1.000,5") is refused rather than guessed.
 */
export function parseDecimal(typed: string, locale: string): number | null {
  const text = typed.trim();
  const separator = decimalSeparator(locale);
  const separators = [...text].filter((char) => char === ',' || char === '.' || char === separator);
  if (separators.length > 1) return null;
  const normalised = separators.length === 1 ? text.replace(separators[0] ?? '', '.') : text;
  if (!/^-?(\d+(\.\d*)?|\.\d+)$/.test(normalised)) return null;
  const value = Number(normalised);
  return Number.isFinite(value) ? value : null;
}

/** How many decimals a number is written with (0.016 → 3), for limits that carry their own precision. */
export function decimalsIn(value: number): number {
  if (!Number.isFinite(value) || Number.isInteger(value)) return 0;
  const [mantissa = '', exponent] = String(value).split('e-');
  return (mantissa.split('.')[1]?.length ?? 0) + (exponent === undefined ? 0 : Number(exponent));
}
