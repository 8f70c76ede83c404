/**
 * A small Code 128 encoder (code sets B and C, FNC1 for GS1-128) for the printable demo barcodes. The
 * server has no barcode dependency, and the page needs only short ASCII payloads, so code set A (control
 * characters) is left out.
 */

/** Bar and space widths in modules, bar first, for symbol values 0..106 (106 is the stop pattern). */
// prettier-ignore
export const CODE128_PATTERNS: readonly string[] = [
  '212222', '222122', '222221', '121223', '121322', '131222', '122213', '122312', '132212', '221213',
  '221312', '231212', '112232', '122132', '122231', '113222', '123122', '123221', '223211', '221132',
  '221231', '213212', '223112', '312131', '311222', '321122', '321221', '312212', '322112', '322211',
  '212123', '212321', '232121', '111323', '131123', '131321', '112313', '132113', '132311', '211313',
  '231113', '231311', '112133', '112331', '132131', '113123', '113321', '133121', '313121', '211331',
  '231131', '213113', '213311', '213131', '311123', '311321', '331121', '312113', '312311', '332111',
  '314111', '221411', '431111', '111224', '111422', '121124', '121421', '141122', '141221', '112214',
  '112412', '122114', '122411', '142112', '142211', '241211', '221114', '413111', '241112', '134111',
  '111242', '121142', '121241', '114212', '124112', '124211', '411212', '421112', '421211', '212141',
  '214121', '412121', '111143', '111341', '131141', '114113', '114311', '411113', '411311', '113141',
  '114131', '311141', '411131', '211412', '211214', '211232', '2331112',
];

export const CODE128_VALUES = {
  codeC: 99,
  codeB: 100,
  fnc1: 102,
  startB: 104,
  startC: 105,
  stop: 106,
} as const;

/** FNC1 marks GS1 data in first position and ends a variable-length element string elsewhere. */
export const FNC1 = Symbol('FNC1');
export type Code128Part = string | typeof FNC1;

type Item = { kind: 'char'; char: string } | { kind: 'fnc1' };

function toItems(parts: readonly Code128Part[]): Item[] {
  const items: Item[] = [];
  for (const part of parts) {
    if (part === FNC1) {
      items.push({ kind: 'fnc1' });
      continue;
    }
    for (const char of part) {
      const code = char.codePointAt(0) ?? 0;
      if (code < 0x20 || code > 0x7e) throw new Error(`Code 128 set B/C cannot encode ${JSON.stringify(char)}`);
      items.push({ kind: 'char', char });
    }
  }
  if (items.length === 0) throw new Error('nothing to encode');
  return items;
}

function digitRunLength(items: readonly Item[], from: number): number {
  let end = from;
  while (end < items.length) {
    const item = items[end];
    if (item?.kind !== 'char' || item.char < '0' || item.char > '9') break;
    end += 1;
  }
  return end - from;
}

/** Code set C pays off for four digits or more (a switch costs one symbol, each pair saves one). */
const MIN_DIGITS_FOR_C = 4;

/**
 * The symbol values between start and check digit, starting in C when the data opens with enough digits
 * (after an optional FNC1), switching to C for the even part of each long digit run and back to B after it.
 */
export function code128Values(parts: readonly Code128Part[]): number[] {
  const items = toItems(parts);
  const leadingFnc1 = items[0]?.kind === 'fnc1' ? 1 : 0;
  const openingDigits = digitRunLength(items, leadingFnc1);
  let set: 'B' | 'C' =
    openingDigits >= MIN_DIGITS_FOR_C || (openingDigits >= 2 && openingDigits === items.length - leadingFnc1)
      ? 'C'
      : 'B';
  const values: number[] = [set === 'C' ? CODE128_VALUES.startC : CODE128_VALUES.startB];
  let index = 0;
  while (index < items.length) {
    const item = items[index];
    if (item === undefined) break;
    if (item.kind === 'fnc1') {
      values.push(CODE128_VALUES.fnc1);
      index += 1;
      continue;
    }
    const run = digitRunLength(items, index);
    if (set === 'C') {
      const next = items[index + 1];
      if (run >= 2 && next?.kind === 'char') {
        values.push(Number(item.char + next.char));
        index += 2;
        continue;
      }
      values.push(CODE128_VALUES.codeB);
      set = 'B';
    }
    // An odd run starts with one digit in B so that the rest pairs up in C.
    if (run >= MIN_DIGITS_FOR_C && run % 2 === 0) {
      values.push(CODE128_VALUES.codeC);
      set = 'C';
      continue;
    }
    values.push((item.char.codePointAt(0) ?? 0) - 0x20);
    index += 1;
  }
  return values;
}

/** Modulo-103 check: the start value plus each data value times its position. */
export function code128CheckValue(valuesWithStart: readonly number[]): number {
  return valuesWithStart.reduce((sum, value, position) => sum + value * Math.max(position, 1), 0) % 103;
}

/** Every symbol value of the finished barcode: start, data, check value, stop. */
export function encodeCode128(parts: readonly Code128Part[]): number[] {
  const values = code128Values(parts);
  return [...values, code128CheckValue(values), CODE128_VALUES.stop];
}

/** Module widths of the whole symbol, alternating bar and space, bar first (no quiet zones). */
export function code128ModuleWidths(parts: readonly Code128Part[]): number[] {
  return encodeCode128(parts).flatMap((value) => [...(CODE128_PATTERNS[value] ?? '')].map(Number));
}

/** Quiet zone on each side, in modules; the standard asks for at least 10. */
export const QUIET_ZONE_MODULES = 10;

export interface BarcodeSvgOptions {
  /** Printed width of one module; 0.33 mm reads well with phone cameras and handheld scanners. */
  moduleMm?: number;
  heightMm?: number;
  /** Accessible name of the image. */
  label: string;
}

/** An inline SVG of the barcode: one rect per bar, positions in modules, printed size in millimetres. */
export function code128Svg(parts: readonly Code128Part[], options: BarcodeSvgOptions): string {
  const moduleMm = options.moduleMm ?? 0.33;
  const heightMm = options.heightMm ?? 15;
  const widths = code128ModuleWidths(parts);
  const totalModules = widths.reduce((sum, width) => sum + width, 0) + 2 * QUIET_ZONE_MODULES;
  const height = Math.round(heightMm / moduleMm);
  const bars: string[] = [];
  let x = QUIET_ZONE_MODULES;
  widths.forEach((width, index) => {
    if (index % 2 === 0) bars.push(`<rect x="${x}" y="0" width="${width}" height="${height}"/>`);
    x += width;
  });
  const widthMm = (totalModules * moduleMm).toFixed(2);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeXml(options.label)}"` +
    ` width="${widthMm}mm" height="${heightMm}mm" viewBox="0 0 ${totalModules} ${height}"` +
    ` shape-rendering="crispEdges"><rect width="${totalModules}" height="${height}" fill="#fff"/>` +
    `<g fill="#000">${bars.join('')}</g></svg>`
  );
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.codePointAt(0) ?? 0};`);
}
