/**
 * Generators of valid GS1 data for property tests, driven by the AI table itself: every value honours its
 * components' lengths, character sets and content checks, and every element set its pairing rules.
 */
import { aiDefinition, allAiDefinitions, type AiComponent, type AiDefinition } from '../gs1/ai-dictionary';
import { checkGs1Associations } from '../gs1/associations';
import { gs1CheckCharacterPair, gs1CheckDigit } from '../gs1/check-digit';
import { daysInMonth, expandTwoDigitYear } from '../gs1/dates';
import type { SeededRandom } from './seeded-random';

const DIGITS = '0123456789';
const CSET82 = '!"%&\'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz';
const CSET39 = '#-/0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const CHARSET_CHARS = { N: DIGITS, X: CSET82, Y: CSET39, Z: BASE64URL } as const;

const pad = (value: number, length: number): string => String(value).padStart(length, '0');
const text = (random: SeededRandom, chars: string, length: number): string =>
  Array.from({ length }, () => chars.charAt(random.int(0, chars.length - 1))).join('');

export function randomAiValue(definition: AiDefinition, random: SeededRandom, referenceYear: number): string {
  let value = '';
  for (const component of definition.components) {
    if (component.isOptional && (value.length === 0 || random.chance(0.5))) break;
    value += randomComponent(component, random, referenceYear);
  }
  return value;
}

function randomComponent(component: AiComponent, random: SeededRandom, referenceYear: number): string {
  const { checkNames: names } = component;
  const length =
    component.minLength === component.maxLength
      ? component.maxLength
      : random.int(component.minLength, component.maxLength);
  const has = (name: string): boolean => names.includes(name);
  if (has('csum')) {
    const data = text(random, DIGITS, length - 1);
    return data + String(gs1CheckDigit(data));
  }
  if (has('csumalpha')) {
    const data = text(random, CSET82, Math.max(length, 3) - 2);
    const withLetter = has('hasnondigit') ? `A${data.slice(1)}` : data;
    return withLetter + (gs1CheckCharacterPair(withLetter) ?? '');
  }
  if (has('yymmd0') || has('yymmdd')) {
    const yy = random.int(0, 99);
    const month = random.int(1, 12);
    const isDayZero = has('yymmd0') && random.chance(0.2);
    const day = isDayZero ? 0 : random.int(1, daysInMonth(expandTwoDigitYear(yy, referenceYear), month));
    return pad(yy, 2) + pad(month, 2) + pad(day, 2);
  }
  if (has('yyyymmdd')) {
    const year = random.int(1900, 2099);
    const month = random.int(1, 12);
    return pad(year, 4) + pad(month, 2) + pad(random.int(1, daysInMonth(year, month)), 2);
  }
  if (has('hhmi')) return pad(random.int(0, 23), 2) + pad(random.int(0, 59), 2);
  if (has('hh')) return pad(random.int(0, 23), 2);
  if (has('mi') || has('ss')) return pad(random.int(0, 59), 2);
  if (has('zero')) return '0';
  if (has('nonzero')) return pad(random.int(1, 10 ** length - 1), length);
  if (has('winding')) return random.pick(['0', '1', '9']);
  if (has('yesno')) return random.pick(['0', '1']);
  if (has('iso5218')) return random.pick(['0', '1', '2', '9']);
  if (has('hyphen')) return '-';
  if (has('nozeroprefix')) return String(random.int(0, 10 ** Math.min(length, 9) - 1));
  if (has('pcenc')) return text(random, CSET82.replace('%', ''), length);
  if (has('latitude')) return pad(random.int(0, 1_800_000_000), 10);
  if (has('longitude')) return pad(random.int(0, 3_600_000_000), 10);
  if (has('iso3166alpha2')) return text(random, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 2);
  if (has('pieceoftotal')) {
    const total = random.int(1, 99);
    return pad(random.int(1, total), 2) + pad(total, 2);
  }
  if (has('posinseqslash')) {
    const total = random.int(1, 9);
    return `${random.int(1, total)}/${total}`;
  }
  if (has('iban')) return randomGermanIban(random);
  return text(random, CHARSET_CHARS[component.charset], length);
}

/** "DE" + check digits + 18-digit account: check = 98 - (account + "131400") mod 97 (ISO 13616). */
function randomGermanIban(random: SeededRandom): string {
  const account = text(random, DIGITS, 18);
  let remainder = 0;
  for (const char of `${account}131400`) remainder = (remainder * 10 + Number(char)) % 97;
  return `DE${pad(98 - remainder, 2)}${account}`;
}

/** Starting points whose own pairing rules hold, so further AIs can attach to them. */
const SEEDS: readonly (readonly string[])[] = [
  ['01'],
  ['01'],
  ['01', '21'],
  ['00'],
  ['00', '02', '37'],
  ['8004'],
  ['414'],
  ['415', '8020'],
  ['8006'],
  ['8010'],
  ['8017'],
  ['8018'],
  ['253'],
  ['255'],
];

/** A random element set that passes every pairing rule. */
export function randomValidElements(random: SeededRandom, referenceYear: number): Record<string, string> {
  const definitions = allAiDefinitions();
  const elements: Record<string, string> = {};
  for (const ai of random.pick(SEEDS)) {
    const definition = aiDefinition(ai);
    if (definition !== undefined) elements[ai] = randomAiValue(definition, random, referenceYear);
  }
  const attempts = random.int(0, 25);
  for (let i = 0; i < attempts; i++) {
    const definition = random.pick(definitions);
    if (definition.ai in elements) continue;
    const candidate = { ...elements, [definition.ai]: randomAiValue(definition, random, referenceYear) };
    if (checkGs1Associations(candidate) === undefined) Object.assign(elements, candidate);
  }
  return elements;
}

/**
 * The elements as a Digital Link URI, when they fit one: a primary key with its qualifiers in the path,
 * every other AI a permitted query attribute that could not go in the path. Undefined otherwise.
 */
export function digitalLinkFor(elements: Readonly<Record<string, string>>): string | undefined {
  const ais = Object.keys(elements);
  for (const key of ais) {
    for (const sequence of aiDefinition(key)?.digitalLinkQualifiers ?? []) {
      const path = sequence.filter((ai) => ai in elements);
      const query = ais.filter((ai) => ai !== key && !path.includes(ai));
      const fitsQuery = (ai: string): boolean =>
        aiDefinition(ai)?.isDigitalLinkAttribute === true &&
        !(aiDefinition(key)?.digitalLinkQualifiers ?? []).some((seq) => [...path, ai].every((q) => seq.includes(q)));
      if (!query.every(fitsQuery)) continue;
      const segment = (ai: string): string => `/${ai}/${encodeURIComponent(elements[ai] ?? '')}`;
      const parameters = query.map((ai) => `${ai}=${encodeURIComponent(elements[ai] ?? '')}`);
      return `https://id.example.com/dl${segment(key)}${path.map(segment).join('')}${parameters.length > 0 ? `?${parameters.join('&')}` : ''}`;
    }
  }
  return undefined;
}
