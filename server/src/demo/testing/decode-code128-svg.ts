/**
 * Test-only Code 128 reader: measures the bars of an SVG from code128Svg and decodes them the way a scanner
 * would transmit them: "]C1" for a leading FNC1 (AIM identifier of GS1-128), GS for a later FNC1.
 */
import { CODE128_PATTERNS, CODE128_VALUES } from '../code128';

/** Bar and space widths between the quiet zones, bar first. */
export function measureBars(svg: string): number[] {
  const bars = [...svg.matchAll(/<rect x="(\d+)" y="0" width="(\d+)"/g)].map((match) => ({
    x: Number(match[1]),
    width: Number(match[2]),
  }));
  const widths: number[] = [];
  bars.forEach((bar, index) => {
    const previous = bars[index - 1];
    if (previous !== undefined) widths.push(bar.x - (previous.x + previous.width));
    widths.push(bar.width);
  });
  return widths;
}

export function decodeCode128Widths(widths: readonly number[]): string {
  const values: number[] = [];
  for (let at = 0; at < widths.length; at += 6) {
    const isStop = widths.length - at === 7;
    const pattern = widths.slice(at, at + (isStop ? 7 : 6)).join('');
    const value = CODE128_PATTERNS.indexOf(pattern);
    if (value < 0) throw new Error(`no symbol has the widths ${pattern}`);
    values.push(value);
    if (isStop) break;
  }
  if (values.pop() !== CODE128_VALUES.stop) throw new Error('no stop pattern');
  const check = values.pop();
  const sum = values.reduce((total, value, position) => total + value * Math.max(position, 1), 0);
  if (check !== sum % 103) throw new Error(`check value ${check} is wrong, expected ${sum % 103}`);
  const [start, ...data] = values;
  let set: 'B' | 'C';
  if (start === CODE128_VALUES.startB) set = 'B';
  else if (start === CODE128_VALUES.startC) set = 'C';
  else throw new Error(`unexpected start value ${start}`);
  let text = '';
  data.forEach((value, index) => {
    if (value === CODE128_VALUES.fnc1) text += index === 0 ? ']C1' : '\u001d';
    else if (set === 'C' && value === CODE128_VALUES.codeB) set = 'B';
    else if (set === 'B' && value === CODE128_VALUES.codeC) set = 'C';
    else if (set === 'C' && value < 100) text += String(value).padStart(2, '0');
    else if (set === 'B' && value < 95) text += String.fromCharCode(value + 0x20);
    else throw new Error(`value ${value} is not data in set ${set}`);
  });
  return text;
}

export function decodeCode128Svg(svg: string): string {
  return decodeCode128Widths(measureBars(svg));
}
