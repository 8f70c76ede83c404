import { describe, expect, it } from 'vitest';
import { aiDefinition, aiDefinitionAt, aiMatchesPattern, allAiDefinitions } from './ai-dictionary';

const definitions = allAiDefinitions();

describe('AI table: lengths and character sets (GenSpecs Figure 3.2-1)', () => {
  // [AI, min length, max length, pre-defined length (no GS after it), character set of the first component]
  it.each([
    ['00', 18, 18, true, 'N'],
    ['01', 14, 14, true, 'N'],
    ['02', 14, 14, true, 'N'],
    ['03', 14, 14, true, 'N'],
    ['10', 1, 20, false, 'X'],
    ['11', 6, 6, true, 'N'],
    ['12', 6, 6, true, 'N'],
    ['13', 6, 6, true, 'N'],
    ['15', 6, 6, true, 'N'],
    ['16', 6, 6, true, 'N'],
    ['17', 6, 6, true, 'N'],
    ['20', 2, 2, true, 'N'],
    ['21', 1, 20, false, 'X'],
    ['22', 1, 20, false, 'X'],
    ['235', 1, 28, false, 'X'],
    ['240', 1, 30, false, 'X'],
    ['241', 1, 30, false, 'X'],
    ['242', 1, 6, false, 'N'],
    ['243', 1, 20, false, 'X'],
    ['250', 1, 30, false, 'X'],
    ['251', 1, 30, false, 'X'],
    ['253', 13, 30, false, 'N'],
    ['254', 1, 20, false, 'X'],
    ['255', 13, 25, false, 'N'],
    ['30', 1, 8, false, 'N'],
    ['3100', 6, 6, true, 'N'],
    ['3105', 6, 6, true, 'N'],
    ['3203', 6, 6, true, 'N'],
    ['3302', 6, 6, true, 'N'],
    ['3695', 6, 6, true, 'N'],
    ['37', 1, 8, false, 'N'],
    ['3900', 1, 15, false, 'N'],
    ['3919', 4, 18, false, 'N'],
    ['3922', 1, 15, false, 'N'],
    ['3932', 4, 18, false, 'N'],
    ['3940', 4, 4, false, 'N'],
    ['3955', 6, 6, false, 'N'],
    ['400', 1, 30, false, 'X'],
    ['401', 1, 30, false, 'X'],
    ['402', 17, 17, false, 'N'],
    ['403', 1, 30, false, 'X'],
    ['410', 13, 13, true, 'N'],
    ['414', 13, 13, true, 'N'],
    ['417', 13, 13, true, 'N'],
    ['420', 1, 20, false, 'X'],
    ['421', 4, 12, false, 'N'],
    ['422', 3, 3, false, 'N'],
    ['423', 3, 15, false, 'N'],
    ['425', 3, 15, false, 'N'],
    ['427', 1, 3, false, 'X'],
    ['4300', 1, 35, false, 'X'],
    ['4302', 1, 70, false, 'X'],
    ['4307', 2, 2, false, 'X'],
    ['4309', 20, 20, false, 'N'],
    ['4321', 1, 1, false, 'N'],
    ['4324', 10, 10, false, 'N'],
    ['4330', 6, 7, false, 'N'],
    ['7001', 13, 13, false, 'N'],
    ['7003', 10, 10, false, 'N'],
    ['7004', 1, 4, false, 'N'],
    ['7006', 6, 6, false, 'N'],
    ['7007', 6, 12, false, 'N'],
    ['7011', 6, 10, false, 'N'],
    ['7030', 4, 30, false, 'N'],
    ['7039', 4, 30, false, 'N'],
    ['7040', 4, 4, false, 'N'],
    ['7041', 1, 4, false, 'X'],
    ['710', 1, 20, false, 'X'],
    ['716', 1, 20, false, 'X'],
    ['7230', 3, 30, false, 'X'],
    ['7239', 3, 30, false, 'X'],
    ['7250', 8, 8, false, 'N'],
    ['7251', 12, 12, false, 'N'],
    ['7258', 3, 3, false, 'X'],
    ['8001', 14, 14, false, 'N'],
    ['8003', 14, 30, false, 'N'],
    ['8004', 1, 30, false, 'X'],
    ['8006', 18, 18, false, 'N'],
    ['8007', 1, 34, false, 'X'],
    ['8008', 8, 12, false, 'N'],
    ['8010', 1, 30, false, 'Y'],
    ['8011', 1, 12, false, 'N'],
    ['8013', 1, 25, false, 'X'],
    ['8014', 1, 25, false, 'X'],
    ['8017', 18, 18, false, 'N'],
    ['8018', 18, 18, false, 'N'],
    ['8019', 1, 10, false, 'N'],
    ['8020', 1, 25, false, 'X'],
    ['8026', 18, 18, false, 'N'],
    ['8030', 1, 90, false, 'Z'],
    ['8111', 4, 4, false, 'N'],
    ['8200', 1, 70, false, 'X'],
    ['90', 1, 30, false, 'X'],
    ['91', 1, 90, false, 'X'],
    ['99', 1, 90, false, 'X'],
  ])('(%s) length %i..%i, pre-defined %s, charset %s', (ai, min, max, isPredefined, charset) => {
    const definition = aiDefinition(ai);
    expect(definition).toBeDefined();
    expect(definition?.minLength).toBe(min);
    expect(definition?.maxLength).toBe(max);
    expect(definition?.hasPredefinedLength).toBe(isPredefined);
    expect(definition?.components[0]?.charset).toBe(charset);
  });

  it.each([
    ['04'],
    ['05'],
    ['14'],
    ['18'],
    ['19'],
    ['23'],
    ['3106'],
    ['3166'],
    ['3306'],
    ['3944'],
    ['3956'],
    ['418'],
    ['4334'],
    ['7012'],
    ['717'],
    ['7243'],
    ['8015'],
    ['8027'],
    ['8113'],
    ['8201'],
    ['89'],
  ])('(%s) is not assigned', (ai) => {
    expect(aiDefinition(ai)).toBeUndefined();
  });
});

describe('AI table: structure', () => {
  it('holds the whole table', () => {
    expect(definitions.length).toBeGreaterThan(500);
  });

  it('no AI is a prefix of another, so the parser needs no look-ahead', () => {
    const ais = definitions.map((d) => d.ai);
    const clashes = ais.flatMap((a) => ais.filter((b) => a !== b && b.startsWith(a)).map((b) => `${a} prefixes ${b}`));
    expect(clashes).toEqual([]);
  });

  it('pre-defined length exactly for prefixes 00-04, 11-20, 31-36 and 41 (GenSpecs Figure 5.10.1-2)', () => {
    const predefinedPrefixes = /^(0[0-4]|1[1-9]|20|3[1-6]|41)/;
    for (const definition of definitions) {
      expect(definition.hasPredefinedLength, definition.ai).toBe(predefinedPrefixes.test(definition.ai));
      if (definition.hasPredefinedLength) expect(definition.minLength, definition.ai).toBe(definition.maxLength);
    }
  });

  it('every AI named in a pairing rule exists', () => {
    const patterns = definitions.flatMap((d) => [...d.excludes, ...d.requires.flat(2)]);
    for (const pattern of patterns) {
      expect(
        definitions.some((d) => aiMatchesPattern(d.ai, pattern)),
        pattern,
      ).toBe(true);
    }
  });

  it('Digital Link primary keys and their qualifiers', () => {
    const keys = definitions.filter((d) => d.digitalLinkQualifiers !== undefined).map((d) => d.ai);
    expect(keys).toEqual([
      '00',
      '01',
      '253',
      '255',
      '401',
      '402',
      '414',
      '415',
      '417',
      '8003',
      '8004',
      '8006',
      '8010',
      '8013',
      '8017',
      '8018',
    ]);
    expect(aiDefinition('01')?.digitalLinkQualifiers).toEqual([['22', '10', '21'], ['235']]);
    expect(aiDefinition('414')?.digitalLinkQualifiers).toEqual([['254'], ['7040']]);
    expect(aiDefinition('00')?.digitalLinkQualifiers).toEqual([[]]);
  });

  it.each([
    ['3103', 3],
    ['3100', 0],
    ['3205', 5],
    ['3922', 2],
    ['3932', 2],
    ['3943', 3],
    ['3955', 5],
    ['01', undefined],
    ['30', undefined],
    ['7004', undefined],
  ])('(%s) has %s implied decimals', (ai, places) => {
    expect(aiDefinition(ai)?.decimalPlaces).toBe(places);
  });

  it('finds AIs of 2, 3 and 4 digits at a position', () => {
    expect(aiDefinitionAt('0109520123456788', 0)?.ai).toBe('01');
    expect(aiDefinitionAt('xx2351234', 2)?.ai).toBe('235');
    expect(aiDefinitionAt('3103000195', 0)?.ai).toBe('3103');
    expect(aiDefinitionAt('8004ABC', 0)?.ai).toBe('8004');
    expect(aiDefinitionAt('04123', 0)).toBeUndefined();
    expect(aiDefinitionAt('3', 0)).toBeUndefined();
  });

  it('matches rule patterns digit by digit', () => {
    expect(aiMatchesPattern('3102', '310n')).toBe(true);
    expect(aiMatchesPattern('3112', '310n')).toBe(false);
    expect(aiMatchesPattern('3512', '35nn')).toBe(true);
    expect(aiMatchesPattern('351', '35nn')).toBe(false);
  });
});
