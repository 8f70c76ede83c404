/**
 * A conservative static check of plant-configured regular expressions, so that a scan (untrusted input)
 * cannot make one backtrack for seconds. JavaScript regexes backtrack; the classic blow-ups are a
 * repeated group that itself contains a variable quantifier or an alternation, e.g. "(a+)+", "(a|aa)*",
 * "(.*x){20}", and back-references. Those are rejected. Quantifiers in sequence ("\d*\d*\d*\d*X") cost
 * a power of the input length instead, so a pattern may hold only a few wide ones; together with the
 * classifier's input cap that bounds the time per scan. Simple patterns such as
 * "^(?<order>FA\d{7})[-/](?<operation>\d{4})$" pass.
 */

/** Longer sources are certainly not order or badge numbers, and take time to analyse on every scan. */
export const MAX_PATTERN_SOURCE_LENGTH = 300;
/** Quantifiers whose count may vary by 8 or more ("*", "+", "{2,}", "{1,20}"); each multiplies the work. */
export const MAX_WIDE_QUANTIFIERS = 3;
const WIDE_SPAN = 8;

interface GroupFrame {
  /** The group contains a quantifier that matches a variable count, or an alternation. */
  isAmbiguous: boolean;
}

interface Quantifier {
  readonly length: number;
  readonly isRepeating: boolean;
  readonly isVariable: boolean;
  readonly isWide: boolean;
}

/** Returns why the pattern is unsafe, or undefined when it passes. */
export function findBacktrackingRisk(source: string): string | undefined {
  if (source.length > MAX_PATTERN_SOURCE_LENGTH)
    return `pattern is longer than ${MAX_PATTERN_SOURCE_LENGTH} characters`;
  const stack: GroupFrame[] = [{ isAmbiguous: false }];
  let wideQuantifiers = 0;
  let index = 0;
  while (index < source.length) {
    const char = source.charAt(index);
    let closedGroup: GroupFrame | undefined;
    if (char === '\\') {
      const next = source.charAt(index + 1);
      if (/[1-9]/.test(next) || (next === 'k' && source.charAt(index + 2) === '<'))
        return 'back-references are not allowed';
      index += 2;
    } else if (char === '[') {
      index = endOfCharacterClass(source, index);
    } else if (char === '(') {
      stack.push({ isAmbiguous: false });
      index += groupPrefixLength(source, index);
      continue;
    } else if (char === ')') {
      closedGroup = stack.pop();
      if (closedGroup === undefined || stack.length === 0) return 'unbalanced parenthesis';
      index += 1;
    } else if (char === '|') {
      markAmbiguous(stack);
      index += 1;
      continue;
    } else {
      index += 1;
    }
    const quantifier = readQuantifier(source, index);
    if (quantifier === undefined) {
      if (closedGroup?.isAmbiguous === true) markAmbiguous(stack);
      continue;
    }
    if (closedGroup?.isAmbiguous === true && quantifier.isRepeating) {
      return 'a repeated group contains a variable quantifier or alternation (nested quantifiers)';
    }
    if (quantifier.isVariable || closedGroup?.isAmbiguous === true) markAmbiguous(stack);
    if (quantifier.isWide && ++wideQuantifiers > MAX_WIDE_QUANTIFIERS) {
      return `more than ${MAX_WIDE_QUANTIFIERS} quantifiers such as * + {n,} or {n,m}`;
    }
    index += quantifier.length;
  }
  return stack.length === 1 ? undefined : 'unbalanced parenthesis';
}

function markAmbiguous(stack: GroupFrame[]): void {
  const top = stack[stack.length - 1];
  if (top !== undefined) top.isAmbiguous = true;
}

/** Length of "(", "(?:", "(?=", "(?!", "(?<=", "(?<!" or "(?<name>". */
function groupPrefixLength(source: string, index: number): number {
  if (source.charAt(index + 1) !== '?') return 1;
  const named = /^\(\?<[A-Za-z_$][\w$]*>/.exec(source.slice(index, index + 40));
  if (named !== null) return named[0].length;
  return source.charAt(index + 2) === '<' ? 4 : 3;
}

function endOfCharacterClass(source: string, start: number): number {
  let index = start + 1;
  if (source.charAt(index) === ']') index += 1;
  while (index < source.length && source.charAt(index) !== ']') index += source.charAt(index) === '\\' ? 2 : 1;
  return index + 1;
}

function readQuantifier(source: string, index: number): Quantifier | undefined {
  const char = source.charAt(index);
  const lazy = (length: number): number => (source.charAt(index + length) === '?' ? length + 1 : length);
  if (char === '*' || char === '+') return { length: lazy(1), isRepeating: true, isVariable: true, isWide: true };
  if (char === '?') return { length: lazy(1), isRepeating: false, isVariable: true, isWide: false };
  const braces = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(index, index + 24));
  if (braces === null) return undefined;
  const min = Number(braces[1]);
  const max = braces[2] === undefined ? min : braces[3] === '' ? Number.POSITIVE_INFINITY : Number(braces[3]);
  return {
    length: lazy(braces[0].length),
    isRepeating: max > 1,
    isVariable: max !== min,
    isWide: max - min >= WIDE_SPAN,
  };
}
