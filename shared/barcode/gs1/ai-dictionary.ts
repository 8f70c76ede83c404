/** The AI table compiled into definitions the parsers look up. */
import { AI_TABLE, type AiTableRow } from './ai-table';
import { valueCheckNamed, type ValueCheckContext, type ValueCheckFailure } from './value-checks';

/** N digits, X GS1 CSET 82, Y GS1 CSET 39, Z base64url (CSET 64). */
export type AiCharset = 'N' | 'X' | 'Y' | 'Z';

export interface AiComponent {
  readonly charset: AiCharset;
  readonly minLength: number;
  readonly maxLength: number;
  readonly isOptional: boolean;
  /** Names of the content checks, as in the AI table (kept for test data generators and messages). */
  readonly checkNames: readonly string[];
  readonly checks: readonly ((text: string, context: ValueCheckContext) => ValueCheckFailure | undefined)[];
}

export interface AiDefinition {
  readonly ai: string;
  readonly title: string;
  /** Pre-defined length: the value has a fixed length and is never followed by a GS separator. */
  readonly hasPredefinedLength: boolean;
  readonly isIdentificationKey: boolean;
  /** May appear as a query parameter of a GS1 Digital Link URI. */
  readonly isDigitalLinkAttribute: boolean;
  readonly components: readonly AiComponent[];
  readonly minLength: number;
  readonly maxLength: number;
  /** Each entry must hold: one of its alternatives, an alternative being AI patterns that all appear. */
  readonly requires: readonly (readonly (readonly string[])[])[];
  /** AI patterns ("n" = any digit) that must not appear together with this AI. */
  readonly excludes: readonly string[];
  /** Set for Digital Link primary keys: the allowed key qualifier sequences, each in path order. */
  readonly digitalLinkQualifiers?: readonly (readonly string[])[];
  /** For measures, prices and percentages the last AI digit is the number of implied decimals. */
  readonly decimalPlaces?: number;
}

const CHARSETS: readonly AiCharset[] = ['N', 'X', 'Y', 'Z'];
const COMPONENT_PATTERN = /^(\[?)([NXYZ])(\.\.)?(\d+)(\]?)((?:,[a-z0-9]+)*)$/;

function compileComponent(spec: string, ai: string): AiComponent {
  const match = COMPONENT_PATTERN.exec(spec);
  if (match === null) throw new Error(`AI table: bad format "${spec}" for AI ${ai}`);
  const [, open = '', letter = '', range = '', length = '0', , checkList = ''] = match;
  const charset = CHARSETS.find((candidate) => candidate === letter);
  if (charset === undefined) throw new Error(`AI table: bad character set in "${spec}" for AI ${ai}`);
  const checkNames = checkList.split(',').filter((name) => name !== '');
  return {
    charset,
    minLength: range === '' ? Number(length) : 1,
    maxLength: Number(length),
    isOptional: open === '[',
    checkNames,
    checks: checkNames.flatMap((name) => valueCheckNamed(name) ?? []),
  };
}

function compileRow(row: AiTableRow): AiDefinition[] {
  const [ais, flags, format, rules, title] = row;
  const components = format.split(' ').map((spec) => compileComponent(spec, ais));
  const requires: string[][][] = [];
  const excludes: string[] = [];
  let digitalLinkQualifiers: string[][] | undefined;
  for (const rule of rules.split(' ').filter((token) => token !== '')) {
    const [name = '', value = ''] = rule.split('=');
    if (name === 'req') requires.push(value.split(',').map((alternative) => alternative.split('+')));
    else if (name === 'ex') excludes.push(...value.split(','));
    else if (name === 'dlpkey')
      digitalLinkQualifiers = value.split('|').map((seq) => (seq === '' ? [] : seq.split(',')));
    else throw new Error(`AI table: unknown rule "${rule}" for AI ${ais}`);
  }
  const [first = ais, last = ais] = ais.split('-');
  const definitions: AiDefinition[] = [];
  for (let code = Number(first); code <= Number(last); code++) {
    const ai = String(code).padStart(first.length, '0');
    const decimalPlaces = hasImpliedDecimals(ai) ? Number(ai.charAt(3)) : undefined;
    definitions.push({
      ai,
      title,
      hasPredefinedLength: flags.includes('*'),
      isIdentificationKey: flags.includes('!'),
      isDigitalLinkAttribute: flags.includes('?'),
      components,
      minLength: components.reduce((sum, c) => sum + (c.isOptional ? 0 : c.minLength), 0),
      maxLength: components.reduce((sum, c) => sum + c.maxLength, 0),
      requires,
      excludes,
      ...(digitalLinkQualifiers === undefined ? {} : { digitalLinkQualifiers }),
      ...(decimalPlaces === undefined ? {} : { decimalPlaces }),
    });
  }
  return definitions;
}

/** 31nn-36nn measures and 390n-395n amounts, prices and percentages (GenSpecs §3.6, §3.7). */
function hasImpliedDecimals(ai: string): boolean {
  return ai.length === 4 && (/^3[1-6]/.test(ai) || /^39[0-5]/.test(ai));
}

const ALL_DEFINITIONS: readonly AiDefinition[] = AI_TABLE.flatMap(compileRow);
const DEFINITIONS: ReadonlyMap<string, AiDefinition> = new Map(ALL_DEFINITIONS.map((d) => [d.ai, d]));

export function aiDefinition(ai: string): AiDefinition | undefined {
  return DEFINITIONS.get(ai);
}

export function allAiDefinitions(): readonly AiDefinition[] {
  return ALL_DEFINITIONS;
}

/**
 * The AI starting at `position`. GS1 assigns AIs so that none is a prefix of another, so the first
 * 2-, 3- or 4-digit match is the only one.
 */
export function aiDefinitionAt(text: string, position: number): AiDefinition | undefined {
  for (let length = 2; length <= 4; length++) {
    const definition = DEFINITIONS.get(text.slice(position, position + length));
    if (definition !== undefined) return definition;
  }
  return undefined;
}

/** True when `ai` matches a table pattern such as "310n" or "31nn" ("n" = any digit). */
export function aiMatchesPattern(ai: string, pattern: string): boolean {
  if (ai.length !== pattern.length) return false;
  for (let i = 0; i < pattern.length; i++) {
    const expected = pattern.charAt(i);
    if (expected !== 'n' && expected !== ai.charAt(i)) return false;
  }
  return true;
}
