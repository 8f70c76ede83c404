/**
 * Content checks that the AI table attaches to value components (the names after the type, e.g.
 * "N6,yymmd0"). Each takes one component's text, already known to be in the right character set.
 */
import { hasValidGs1CheckCharacterPair, hasValidGs1CheckDigit } from './check-digit';
import { isValidHours, isValidMinutesOrSeconds, readGs1Date } from './dates';

export interface ValueCheckFailure {
  readonly code: 'check-digit' | 'date' | 'value';
  readonly message: string;
}

export interface ValueCheckContext {
  /** The year two-digit years are resolved against (GS1 sliding window). */
  readonly referenceYear: number;
}

type ValueCheck = (text: string, context: ValueCheckContext) => ValueCheckFailure | undefined;

const fail = (code: ValueCheckFailure['code'], message: string): ValueCheckFailure => ({ code, message });
const valueRule =
  (isValid: (text: string) => boolean, message: string): ValueCheck =>
  (text) =>
    isValid(text) ? undefined : fail('value', message);

const VALUE_CHECKS: Readonly<Record<string, ValueCheck>> = {
  csum: (text) => (hasValidGs1CheckDigit(text) ? undefined : fail('check-digit', `check digit of ${text} is wrong`)),
  csumalpha: (text) =>
    hasValidGs1CheckCharacterPair(text) ? undefined : fail('check-digit', `check character pair of ${text} is wrong`),
  yymmd0: (text, { referenceYear }) =>
    readGs1Date(text, referenceYear, true) ? undefined : fail('date', `${text} is not a valid YYMMDD date`),
  yymmdd: (text, { referenceYear }) =>
    readGs1Date(text, referenceYear, false)
      ? undefined
      : fail('date', `${text} is not a valid YYMMDD date (day 00 not allowed)`),
  yyyymmdd: (text, { referenceYear }) =>
    readGs1Date(text, referenceYear, false) ? undefined : fail('date', `${text} is not a valid YYYYMMDD date`),
  hhmi: (text) =>
    isValidHours(text.slice(0, 2)) && isValidMinutesOrSeconds(text.slice(2))
      ? undefined
      : fail('date', `${text} is not a valid HHMM time`),
  hh: (text) => (isValidHours(text) ? undefined : fail('date', `${text} is not a valid hour`)),
  mi: (text) => (isValidMinutesOrSeconds(text) ? undefined : fail('date', `${text} is not a valid minute`)),
  ss: (text) => (isValidMinutesOrSeconds(text) ? undefined : fail('date', `${text} is not a valid second`)),
  zero: valueRule((text) => text === '0', 'must be 0'),
  nonzero: valueRule((text) => /[1-9]/.test(text), 'must not be zero'),
  winding: valueRule((text) => text === '0' || text === '1' || text === '9', 'winding direction must be 0, 1 or 9'),
  yesno: valueRule((text) => text === '0' || text === '1', 'must be 0 or 1'),
  iso5218: valueRule((text) => /^[0129]$/.test(text), 'ISO/IEC 5218 sex code must be 0, 1, 2 or 9'),
  hyphen: valueRule((text) => text === '-', 'only "-" may follow the temperature'),
  nozeroprefix: valueRule((text) => text === '0' || !text.startsWith('0'), 'must not start with 0'),
  hasnondigit: valueRule((text) => /\D/.test(text), 'must contain a non-digit'),
  pcenc: valueRule((text) => !/%(?![0-9A-Fa-f]{2})/.test(text), 'broken percent-encoding'),
  latitude: valueRule((text) => Number(text) <= 1_800_000_000, 'latitude out of range'),
  longitude: valueRule((text) => Number(text) <= 3_600_000_000, 'longitude out of range'),
  iso3166alpha2: valueRule((text) => /^[A-Z]{2}$/.test(text), 'country must be two capital letters'),
  pieceoftotal: valueRule(isPieceOfTotal, 'piece number must be between 1 and the total'),
  posinseqslash: valueRule(isPositionInSequence, 'must be position/total, e.g. 1/2'),
  iban: checkIban,
};

/**
 * Checks that need a code list we do not hold (ISO 3166 countries, ISO 4217 currencies, GS1 media and
 * package types, importer index, North American coupon layouts). Their values still get the length and
 * character-set checks of their component.
 */
const FORMAT_ONLY_CHECKS: ReadonlySet<string> = new Set([
  'iso3166',
  'iso3166999',
  'iso3166list',
  'iso4217',
  'mediatype',
  'packagetype',
  'importeridx',
  'couponcode',
  'couponposoffer',
]);

/** The check function for a name in the AI table; undefined for format-only names. Throws on a typo. */
export function valueCheckNamed(name: string): ValueCheck | undefined {
  if (FORMAT_ONLY_CHECKS.has(name)) return undefined;
  const check = VALUE_CHECKS[name];
  if (check === undefined) throw new Error(`AI table names an unknown value check: ${name}`);
  return check;
}

function isPieceOfTotal(text: string): boolean {
  const piece = Number(text.slice(0, 2));
  const total = Number(text.slice(2));
  return piece >= 1 && total >= 1 && piece <= total;
}

function isPositionInSequence(text: string): boolean {
  const match = /^([1-9])\/([1-9])$/.exec(text);
  return match !== null && Number(match[1]) <= Number(match[2]);
}

/** IBAN (ISO 13616): country letters, two check digits, alphanumeric account; mod 97 must be 1. */
function checkIban(text: string): ValueCheckFailure | undefined {
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{1,30}$/.test(text)) return fail('value', `${text} is not an IBAN`);
  const rearranged = text.slice(4) + text.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const value = Number.parseInt(char, 36);
    remainder = (value < 10 ? remainder * 10 + value : remainder * 100 + value) % 97;
  }
  return remainder === 1 ? undefined : fail('check-digit', `IBAN check digits of ${text} are wrong`);
}
