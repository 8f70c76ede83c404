import { describe, expect, it } from 'vitest';
import { classifyScan, type ScanPatterns } from './classify';
import { decodeEpc } from './epc';
import { formatGs1HumanReadable, parseGs1, serializeGs1ElementString } from './gs1';
import { SCAN_ERROR_CODES } from './scan-errors';
import { digitalLinkFor, randomValidElements } from './testing/gs1-arbitrary';
import { seededRandom, type SeededRandom } from './testing/seeded-random';

const referenceDate = new Date(2025, 5, 15);
const INPUTS = 100_000;
const KNOWN_CODES: ReadonlySet<string> = new Set(SCAN_ERROR_CODES);

/** Pieces that steer random text into the parsers' interesting branches. */
const FRAGMENTS = [
  '0',
  '1',
  '2',
  '3',
  '7',
  '8',
  '9',
  '00',
  '01',
  '02',
  '10',
  '17',
  '21',
  '37',
  '3103',
  '8004',
  '8006',
  '8030',
  '253',
  '\u001d',
  '<GS>',
  '(',
  ')',
  '(01)',
  '(10)',
  ']',
  ']C1',
  ']C0',
  ']d2',
  ']Q1',
  ']Q3',
  ']E0',
  ']E4',
  ']I1',
  ']e0',
  ']J1',
  'https://',
  'HTTPS://',
  'http://a',
  '/',
  '?',
  '&',
  '=',
  '#',
  '%',
  '%2F',
  '%zz',
  '%00',
  '+',
  ' ',
  '\\(',
  '[)>',
  '\r',
  '\n',
  '\u0000',
  '\u001e',
  '\u0004',
  '\u007f',
  '\u0085',
  '\u200b',
  'é',
  'Ä',
  '\ud83d\ude00',
  '\ud800',
  'FA',
  '-',
  '#CMD:',
  'LOGOUT',
  'A',
  'z',
  '_',
  '!',
  '"',
  "'",
  '*',
  '.',
  ':',
  ';',
  '<',
  '>',
  '@',
  '$',
  '~',
  '09520123456788',
  '106141412345678908',
  '250229',
  '240229',
  '250100',
  '/01/',
  '/10/',
  '?17=',
];

const PATTERN_SETS: readonly ScanPatterns[] = [
  {
    orderPattern: '^FA\\d{7}$',
    operationPattern: '^(?<order>FA\\d{7})[-/](?<operation>\\d{4})$',
    badgePattern: '^04[0-9A-F]{12}$',
    commandPrefix: '#CMD:',
  },
  { orderPattern: '^\\d{6,12}$', badgePattern: '^[0-9A-F]{8}$', commandPrefix: '#', commands: ['logout'] },
  { orderPattern: '(', operationPattern: '^(a+)+$', badgePattern: '[' },
  { orderPattern: '\\d*\\d*\\d*X', operationPattern: '^(?<order>.*)-(?<operation>.*)$' },
  {},
];

function randomText(random: SeededRandom): string {
  let text = '';
  const pieces = random.int(0, 24);
  for (let i = 0; i < pieces; i++) text += random.pick(FRAGMENTS);
  return text;
}

function validScan(random: SeededRandom): string {
  const elements = randomValidElements(random, referenceDate.getFullYear());
  switch (random.int(0, 3)) {
    case 0:
      return `]C1${serializeGs1ElementString(elements)}`;
    case 1:
      return formatGs1HumanReadable(elements);
    case 2:
      return digitalLinkFor(elements) ?? `]d2${serializeGs1ElementString(elements)}`;
    default:
      return `\u001d${serializeGs1ElementString(elements)}`;
  }
}

function mutate(random: SeededRandom, scan: string): string {
  let text = scan;
  const edits = random.int(1, 4);
  for (let i = 0; i < edits; i++) {
    const at = random.int(0, text.length);
    switch (random.int(0, 5)) {
      case 0:
        text = text.slice(0, at) + text.slice(at + 1);
        break;
      case 1:
        text = text.slice(0, at) + random.pick(FRAGMENTS) + text.slice(at);
        break;
      case 2:
        text = text.slice(0, at) + String.fromCharCode(random.int(0, 0x2fff)) + text.slice(at + 1);
        break;
      case 3:
        text = text.slice(0, at);
        break;
      case 4:
        text = text.slice(0, at) + text.slice(random.int(0, text.length)) + text.slice(at);
        break;
      default:
        text = text.replaceAll('\u001d', random.pick(['', '<GS>', '|', '\u001d\u001d']));
    }
  }
  return text;
}

function fuzzInput(random: SeededRandom, validScans: readonly string[]): string {
  const kind = random.next();
  if (kind < 0.45) return randomText(random);
  if (kind < 0.95) return mutate(random, random.pick(validScans));
  return random.pick(['9', 'A', '\u001d', '(01)', '%']).repeat(random.int(100, 6000));
}

describe(`fuzz: ${INPUTS.toLocaleString('en')} random and mutated scans`, () => {
  it('never throw, never hang, and reject only with known codes', () => {
    const random = seededRandom(0xf022_2025);
    // Mutations start from a pool of valid scans; generating one per input would dominate the run time.
    const validScans = Array.from({ length: 1_500 }, () => validScan(random));
    const problems: string[] = [];
    for (let i = 0; i < INPUTS; i++) {
      const text = fuzzInput(random, validScans);
      try {
        const parsed = parseGs1(text, { referenceDate });
        if (!parsed.ok && !KNOWN_CODES.has(parsed.code))
          problems.push(`parseGs1 code ${parsed.code} for ${JSON.stringify(text)}`);
        const classified = classifyScan({ text, isBadgeSource: random.chance(0.05) }, random.pick(PATTERN_SETS), {
          referenceDate,
        });
        if (classified.kind === 'invalid' && !KNOWN_CODES.has(classified.code)) {
          problems.push(`classifyScan code ${classified.code} for ${JSON.stringify(text)}`);
        }
        if (classified.kind === 'unknown' && classified.code !== 'unknown-scan')
          problems.push(`unknown without code: ${text}`);
      } catch (error: unknown) {
        problems.push(`threw ${String(error)} for ${JSON.stringify(text)}`);
      }
      if (problems.length > 20) break;
    }
    expect(problems).toEqual([]);
  });

  it('decodeEpc never throws and rejects only with known codes', () => {
    const random = seededRandom(0xe9c0_0096);
    const problems: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const hex = random.chance(0.8)
        ? Array.from({ length: 24 }, () => '0123456789ABCDEF'.charAt(random.int(0, 15)))
            .join('')
            .replace(/^../, random.pick(['30', '31', '33', '34', '35', '00']))
        : randomText(random);
      try {
        const result = decodeEpc(hex);
        if (!result.ok && !KNOWN_CODES.has(result.code)) problems.push(`code ${result.code} for ${hex}`);
      } catch (error: unknown) {
        problems.push(`threw ${String(error)} for ${JSON.stringify(hex)}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
