import { describe, expect, it } from 'vitest';
import { findBacktrackingRisk, MAX_PATTERN_SOURCE_LENGTH } from './regex-safety';

describe('findBacktrackingRisk', () => {
  it.each([
    ['^FA\\d{7}$'],
    ['^(?<order>FA\\d{7})[-/](?<operation>\\d{4})$'],
    ['^(?<order>\\d{6,10})\\.(?<operation>\\d{1,4})$'],
    ['^[0-9A-F]{8,20}$'],
    ['^(FA|FB|PA)\\d{7}$'],
    ['^(?:\\d{4}-)+\\d{4}$'],
    ['^(?:[A-Z]{2}\\d{1,3})?-\\d+$'],
    ['^A(?<order>FA\\d{7})$'],
    ['^[(]+\\)?$'],
    ['^[\\](]+$'],
    ['^\\(\\d+\\)$'],
    ['^(?=FA)\\w{9}$'],
    ['^(?<!X)FA\\d+$'],
    ['^.*$'],
    ['a{2,}b'],
    ['x{'],
    ['\\d*\\d*\\d*X'],
    ['^[A-Z]{1,3}\\d{1,7}$'],
  ])('%s passes', (source) => {
    expect(findBacktrackingRisk(source)).toBeUndefined();
  });

  it.each([
    ['^(a+)+$'],
    ['^(a*)*$'],
    ['^(a|aa)+$'],
    ['^(a|a)*$'],
    ['^(\\w+\\s?)*$'],
    ['(.*a){20}'],
    ['^((ab)+)+$'],
    ['^(?:\\d+-?)+$'],
    ['^([A-Z]\\d{1,3})+$'],
    ['^((a|b))*$'],
    ['^(a{1,3}){2,}$'],
    ['^(a+)+?$'],
    ['^(\\d)\\1$'],
    ['^(?<x>\\d)\\k<x>$'],
    ['\\d*\\d*\\d*\\d*X'],
    ['^.*-.+-\\d{2,}-[A-Z]{1,20}$'],
    ['^(a'],
    ['^a)'],
    ['a'.repeat(MAX_PATTERN_SOURCE_LENGTH + 1)],
  ])('%s is rejected', (source) => {
    expect(findBacktrackingRisk(source)).toBeTypeOf('string');
  });
});
