/**
 * The restricted pattern grammar for plant scan patterns (order, operation and badge numbers). Master data
 * comes from an ERP export that nobody reviews, and a JavaScript RegExp backtracks: "[]" or "\d{0,7}" twenty
 * times in a row can keep a terminal busy for minutes at its first scan. So plant patterns are not RegExps.
 * They are parsed here into a small syntax tree and run by our own linear-time matcher (pattern-matcher.ts).
 *
 * Accepted (a subset of RegExp syntax, same meaning):
 * - literals, escaped punctuation ("\.", "\-", "\/"), "." and the classes "\d \D \w \W \s \S";
 * - character sets "[A-Z0-9_-]", "[^/]" with ranges and the escapes above (except negated ones);
 * - groups "( )", "(?: )", "(?<name> )" with alternation "|", at most MAX_GROUP_DEPTH deep;
 * - the anchors "^" and "$";
 * - greedy quantifiers "?", "*", "+", "{n}", "{n,}", "{n,m}" with counts up to MAX_REPEAT_COUNT; a group
 *   repeated more than once may not contain a quantifier of variable count ("(\d{4}-){3}" is fine,
 *   "(a+)+" is not), and at most MAX_VARIABLE_REPEATS quantifiers may vary in count.
 * Refused with a reason: back-references, look-around, lazy quantifiers, empty sets "[]" and "[^]", flags,
 * unicode escapes, anything else.
 */

/** Longer sources are certainly not an order or badge number format (the master-data schema allows 200). */
export const MAX_PATTERN_SOURCE_LENGTH = 200;
/** Order, operation and badge numbers are short; the classifier never tests more characters than this. */
export const MAX_REPEAT_COUNT = 64;
/** Quantifiers whose count varies ("*", "{1,4}"); real formats have one or two. */
export const MAX_VARIABLE_REPEATS = 4;
export const MAX_GROUP_DEPTH = 4;

export interface CharSet {
  /** Inclusive UTF-16 code unit ranges. */
  readonly ranges: readonly (readonly [number, number])[];
  readonly negated: boolean;
}

export type PatternNode =
  | { readonly type: 'char'; readonly set: CharSet }
  | { readonly type: 'sequence'; readonly items: readonly PatternNode[] }
  | { readonly type: 'alternation'; readonly options: readonly PatternNode[] }
  | { readonly type: 'group'; readonly name: string | undefined; readonly body: PatternNode }
  | { readonly type: 'repeat'; readonly body: PatternNode; readonly min: number; readonly max: number }
  | { readonly type: 'anchor'; readonly at: 'start' | 'end' };

export interface ParsedPattern {
  readonly root: PatternNode;
  readonly groupNames: readonly string[];
}

export type PatternParseResult =
  { readonly ok: true; readonly pattern: ParsedPattern } | { readonly ok: false; readonly reason: string };

class PatternError extends Error {}

const range = (from: string, to: string = from): readonly [number, number] => [from.charCodeAt(0), to.charCodeAt(0)];
const DIGITS = [range('0', '9')];
const WORD = [range('0', '9'), range('A', 'Z'), range('a', 'z'), range('_')];
const SPACE = [range('\t', '\r'), range(' '), range('\u00a0'), range('\u2028', '\u2029'), range('\ufeff')];
const LINE_TERMINATORS = [range('\n'), range('\r'), range('\u2028', '\u2029')];
const SHORTHANDS: Record<string, readonly (readonly [number, number])[]> = { d: DIGITS, w: WORD, s: SPACE };

/** Parses and checks a plant pattern; never throws. */
export function parseScanPattern(source: string): PatternParseResult {
  if (source.length === 0) return { ok: false, reason: 'the pattern is empty' };
  if (source.length > MAX_PATTERN_SOURCE_LENGTH) {
    return { ok: false, reason: `the pattern is longer than ${MAX_PATTERN_SOURCE_LENGTH} characters` };
  }
  try {
    return { ok: true, pattern: new Parser(source).parse() };
  } catch (error: unknown) {
    if (error instanceof PatternError) return { ok: false, reason: error.message };
    throw error;
  }
}

class Parser {
  private index = 0;
  private depth = 0;
  private variableRepeats = 0;
  private readonly groupNames: string[] = [];

  constructor(private readonly source: string) {}

  parse(): ParsedPattern {
    const root = this.alternation();
    if (this.index < this.source.length) throw this.error('unbalanced parenthesis ")"');
    return { root, groupNames: this.groupNames };
  }

  private error(reason: string): PatternError {
    return new PatternError(`${reason} (at position ${this.index + 1})`);
  }

  private peek(offset = 0): string {
    return this.source.charAt(this.index + offset);
  }

  private alternation(): PatternNode {
    const options = [this.sequence()];
    while (this.peek() === '|') {
      this.index += 1;
      options.push(this.sequence());
    }
    return options.length === 1 ? (options[0] as PatternNode) : { type: 'alternation', options };
  }

  private sequence(): PatternNode {
    const items: PatternNode[] = [];
    while (this.index < this.source.length && this.peek() !== '|' && this.peek() !== ')') {
      items.push(this.quantified(this.atom()));
    }
    return items.length === 1 ? (items[0] as PatternNode) : { type: 'sequence', items };
  }

  private atom(): PatternNode {
    const char = this.peek();
    if (char === '(') return this.group();
    if (char === '[') return this.characterSet();
    if (char === '\\') return this.escape();
    if (char === '^' || char === '$') {
      this.index += 1;
      return { type: 'anchor', at: char === '^' ? 'start' : 'end' };
    }
    if (char === '.') {
      this.index += 1;
      return { type: 'char', set: { ranges: LINE_TERMINATORS, negated: true } };
    }
    if ('*+?{'.includes(char)) throw this.error(`"${char}" has nothing to repeat`);
    if (char === '}' || char === ']') throw this.error(`unescaped "${char}"`);
    this.index += 1;
    return { type: 'char', set: { ranges: [range(char)], negated: false } };
  }

  private group(): PatternNode {
    this.index += 1;
    let name: string | undefined;
    if (this.peek() === '?') {
      const rest = this.source.slice(this.index);
      const named = /^\?<([A-Za-z_][A-Za-z0-9_]{0,31})>/.exec(rest);
      if (named !== null) {
        name = named[1] as string;
        if (this.groupNames.includes(name)) throw this.error(`the group name "${name}" is used twice`);
        this.groupNames.push(name);
        this.index += named[0].length;
      } else if (rest.startsWith('?:')) {
        this.index += 2;
      } else if (/^\?<?[=!]/.test(rest)) {
        throw this.error('look-ahead and look-behind are not allowed');
      } else {
        throw this.error('unsupported group syntax "(?"');
      }
    }
    this.depth += 1;
    if (this.depth > MAX_GROUP_DEPTH) throw this.error(`groups are nested more than ${MAX_GROUP_DEPTH} deep`);
    const body = this.alternation();
    if (this.peek() !== ')') throw this.error('unbalanced parenthesis "("');
    this.index += 1;
    this.depth -= 1;
    return { type: 'group', name, body };
  }

  private escape(): PatternNode {
    const next = this.peek(1);
    if (next === '') throw this.error('the pattern ends with "\\"');
    this.index += 2;
    const shorthand = SHORTHANDS[next.toLowerCase()];
    if (shorthand !== undefined) {
      return { type: 'char', set: { ranges: shorthand, negated: next !== next.toLowerCase() } };
    }
    return { type: 'char', set: { ranges: [range(this.escapedLiteral(next))], negated: false } };
  }

  /** "\." and other escaped punctuation stand for themselves; letter and digit escapes mean more in RegExp. */
  private escapedLiteral(next: string): string {
    if (/[1-9]/.test(next) || next === 'k') throw this.error('back-references are not allowed');
    if (/[A-Za-z0-9]/.test(next)) throw this.error(`the escape "\\${next}" is not supported`);
    return next;
  }

  private characterSet(): PatternNode {
    this.index += 1;
    const negated = this.peek() === '^';
    if (negated) this.index += 1;
    if (this.peek() === ']')
      throw this.error(negated ? '"[^]" matches anything; write "." instead' : 'the set "[]" can never match');
    const ranges: (readonly [number, number])[] = [];
    while (this.peek() !== ']') {
      if (this.index >= this.source.length) throw this.error('unterminated character set "["');
      const start = this.setMember();
      if (typeof start !== 'string') {
        ranges.push(...start);
        continue;
      }
      if (this.peek() === '-' && this.peek(1) !== ']' && this.peek(1) !== '') {
        this.index += 1;
        const end = this.setMember();
        if (typeof end !== 'string') throw this.error('a range cannot end in a class such as \\d');
        if (end.charCodeAt(0) < start.charCodeAt(0)) throw this.error(`the range "${start}-${end}" is out of order`);
        ranges.push(range(start, end));
      } else {
        ranges.push(range(start));
      }
    }
    this.index += 1;
    return { type: 'char', set: { ranges, negated } };
  }

  /** One character of a set, or the ranges of "\d", "\w", "\s" inside it. */
  private setMember(): string | readonly (readonly [number, number])[] {
    const char = this.peek();
    if (char !== '\\') {
      this.index += 1;
      return char;
    }
    const next = this.peek(1);
    if (next === '') throw this.error('the pattern ends with "\\"');
    this.index += 2;
    const shorthand = SHORTHANDS[next];
    if (shorthand !== undefined) return shorthand;
    if (SHORTHANDS[next.toLowerCase()] !== undefined) throw this.error(`"\\${next}" is not allowed inside [ ]`);
    return this.escapedLiteral(next);
  }

  private quantified(body: PatternNode): PatternNode {
    const bounds = this.quantifier();
    if (bounds === undefined) return body;
    if (body.type === 'anchor') throw this.error('an anchor cannot be repeated');
    if (this.peek() === '?') throw this.error('lazy quantifiers are not allowed');
    if ('*+{'.includes(this.peek()) && this.peek() !== '') throw this.error('a quantifier cannot be repeated');
    if (body.type === 'group' && bounds.max > 1 && containsVariableRepeat(body.body)) {
      throw this.error('a repeated group may not contain a variable quantifier (nested quantifiers)');
    }
    if (bounds.min !== bounds.max && ++this.variableRepeats > MAX_VARIABLE_REPEATS) {
      throw this.error(`more than ${MAX_VARIABLE_REPEATS} quantifiers with a variable count`);
    }
    return { type: 'repeat', body, ...bounds };
  }

  private quantifier(): { min: number; max: number } | undefined {
    const char = this.peek();
    if (char === '?' || char === '*' || char === '+') {
      this.index += 1;
      return { min: char === '+' ? 1 : 0, max: char === '?' ? 1 : Number.POSITIVE_INFINITY };
    }
    if (char !== '{') return undefined;
    const braces = /^\{(\d{1,6})(,(\d{0,6}))?\}/.exec(this.source.slice(this.index, this.index + 16));
    if (braces === null) throw this.error('"{" must be a count such as {4} or {2,8}; write "\\{" for the character');
    const min = Number(braces[1]);
    const max = braces[2] === undefined ? min : braces[3] === '' ? Number.POSITIVE_INFINITY : Number(braces[3]);
    if (min > MAX_REPEAT_COUNT || (max !== Number.POSITIVE_INFINITY && max > MAX_REPEAT_COUNT)) {
      throw this.error(`repetition counts above ${MAX_REPEAT_COUNT} are not allowed`);
    }
    if (max < min) throw this.error(`the count {${min},${max}} is out of order`);
    this.index += braces[0].length;
    return { min, max };
  }
}

function containsVariableRepeat(node: PatternNode): boolean {
  switch (node.type) {
    case 'repeat':
      return node.min !== node.max || containsVariableRepeat(node.body);
    case 'sequence':
      return node.items.some(containsVariableRepeat);
    case 'alternation':
      return node.options.some(containsVariableRepeat);
    case 'group':
      return containsVariableRepeat(node.body);
    default:
      return false;
  }
}
