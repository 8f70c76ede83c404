import { describe, expect, it } from 'vitest';
import { MAX_PATTERN_INPUT_LENGTH } from '../classify';
import { findScanPatternProblems, compileScanPattern } from './scan-patterns';
import type { StepCounter } from './pattern-matcher';

function matcherFor(source: string) {
  const compiled = compileScanPattern(source);
  if (!compiled.ok) throw new Error(compiled.message);
  return compiled.matcher;
}

/** Patterns in the grammar behave like the same RegExp: same match, same named groups. */
describe('plant patterns match like RegExp', () => {
  const inputs = [
    'FA1234567',
    'FA1234567-0010',
    'FA1234567/0010',
    'xFA1234567',
    'FA123456',
    '04A1B2C3',
    '04a1b2c3',
    '123456.12',
    '1234567890',
    '',
    'AB12-7',
    '-7',
    'FB0000001',
    'a.b',
    '0123456789ABCDEF0123',
    'FA 1',
    '12-34-5',
  ];
  it.each([
    ['^FA\\d{7}$'],
    ['^(?<order>FA\\d{7})[-/](?<operation>\\d{4})$'],
    ['^(?<order>\\d{6,10})\\.(?<operation>\\d{1,4})$'],
    ['^[0-9A-F]{8,20}$'],
    ['^(FA|FB|PA)\\d{7}$'],
    ['^(?:[A-Z]{2}\\d{1,3})?-\\d+$'],
    ['FA\\d+'],
    ['(?<order>FA\\d{3})'],
    ['^\\w+\\s?\\d*$'],
    ['^[^/]+$'],
    ['\\d{2}$'],
    ['^a\\.b$|^FA'],
    ['^[\\dA-F-]{4,}'],
    ['^.*$'],
    ['(?<x>A)?(?<y>\\d)'],
    ['^(?:\\d{2}-){2}\\d$'],
  ])('%s', (source) => {
    const ours = matcherFor(source);
    const regex = new RegExp(source);
    for (const input of inputs) {
      const expected = regex.exec(input);
      const actual = ours.exec(input);
      expect(actual === null ? null : { text: actual.text, groups: actual.groups }, `${source} on "${input}"`).toEqual(
        expected === null ? null : { text: expected[0], groups: { ...expected.groups } },
      );
    }
  });
});

/** Each refused with a reason at import (findScanPatternProblems) and at the terminal (compileScanPattern). */
const HOSTILE: [string, RegExp][] = [
  ['[]', /can never match/],
  ['^[^]$', /matches anything/],
  ['^(a+)+$', /nested quantifiers/],
  ['^(a*)*$', /nested quantifiers/],
  ['^((ab)+)+$', /nested quantifiers/],
  ['^(\\w+\\s?)*$', /nested quantifiers/],
  ['(.*a){20}', /nested quantifiers/],
  ['\\d{0,7}'.repeat(20), /variable count/],
  ['\\d*\\d*\\d*\\d*\\d*X', /variable count/],
  ['((((((a))))))', /nested more than/],
  ['a{1000}', /above 64/],
  ['a{99999999}', /count/],
  ['(?:abcdefghijklmnopqrst){64}', /expands to more than/],
  ['^(\\d)\\1$', /back-references/],
  ['^(?<x>\\d)\\k<x>$', /back-references/],
  ['^(?=FA)\\w{9}$', /look-ahead/],
  ['^(?<!X)FA\\d+$', /look-ahead and look-behind/],
  ['^a+?$', /lazy/],
  ['x{', /count such as/],
  ['^(a', /unbalanced/],
  ['^a)', /unbalanced/],
  ['*a', /nothing to repeat/],
  ['^\\u0041$', /not supported/],
  ['[z-a]', /out of order/],
  ['a'.repeat(201), /longer than 200/],
];

describe('hostile patterns', () => {
  it.each(HOSTILE)('%s is refused with a reason', (source, reason) => {
    const compiled = compileScanPattern(source);
    expect(compiled.ok).toBe(false);
    if (!compiled.ok) expect(compiled.message).toMatch(reason);
    expect(findScanPatternProblems({ orderPattern: source })).toEqual([expect.stringMatching(reason)]);
  });

  it('an operation pattern without the groups "order" and "operation" is refused', () => {
    expect(findScanPatternProblems({ operationPattern: '^(?<order>FA\\d{7})-\\d{4}$' })).toEqual([
      expect.stringMatching(/"operation"/),
    ]);
  });

  it('the demo patterns pass', () => {
    expect(
      findScanPatternProblems({
        orderPattern: '^FA\\d{7}$',
        operationPattern: '^(?<order>FA\\d{7})[-/](?<operation>\\d{4})$',
        badgePattern: '^[0-9A-F]{8}$',
      }),
    ).toEqual([]);
  });
});

describe('the matcher does bounded work', () => {
  // The worst accepted shapes: many optional copies, loops over "." and alternations that never match.
  const worst = [
    `^${'\\d{0,16}'.repeat(4)}X$`,
    '^(.|a|b|c|d|e|f|g|h)*(.|a)*(a|.)*.*Z$',
    `^${'[A-Z]{0,64}'}${'[A-Z]{0,64}'}${'[A-Z]{0,64}'}$`,
    '(?:a|aa|aaa|aaaa){16}b',
  ];
  it.each(worst)('%s stays within (input + 1) × program × 3 steps', (source) => {
    const matcher = matcherFor(source);
    for (const input of ['1'.repeat(MAX_PATTERN_INPUT_LENGTH), 'A'.repeat(MAX_PATTERN_INPUT_LENGTH), 'a'.repeat(64)]) {
      const counter: StepCounter = { steps: 0 };
      matcher.exec(input, counter);
      expect(counter.steps).toBeLessThanOrEqual((input.length + 1) * 1_000 * 3);
    }
  });

  it('steps grow linearly with the input, not exponentially', () => {
    const matcher = matcherFor('^[A-Z]{0,32}[A-Z]{0,32}[A-Z]{0,32}1$');
    const stepsFor = (length: number) => {
      const counter: StepCounter = { steps: 0 };
      matcher.exec('A'.repeat(length), counter);
      return counter.steps;
    };
    expect(stepsFor(64)).toBeLessThanOrEqual(stepsFor(32) * 3);
  });
});
