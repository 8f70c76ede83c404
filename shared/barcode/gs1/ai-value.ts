/** Checks one AI value against its definition: length, character set per component, content checks. */
import { scanFailure, type ScanFailure } from '../scan-errors';
import type { AiCharset, AiComponent, AiDefinition } from './ai-dictionary';
import type { ValueCheckContext } from './value-checks';

/** GS1 CSET 82 is the contiguous run %…? plus ! " A-Z _ a-z; CSET 39 is # - / 0-9 A-Z. */
const CHARSET_PATTERNS: Readonly<Record<AiCharset, RegExp>> = {
  N: /^\d*$/,
  X: /^[!"%-?A-Z_a-z]*$/,
  Y: /^[#\-/0-9A-Z]*$/,
  Z: /^[A-Za-z0-9_-]*={0,2}$/,
};

const CHARSET_NAMES: Readonly<Record<AiCharset, string>> = {
  N: 'digits',
  X: 'GS1 CSET 82',
  Y: 'GS1 CSET 39',
  Z: 'base64url',
};

export function checkAiValue(
  definition: AiDefinition,
  value: string,
  context: ValueCheckContext,
): ScanFailure | undefined {
  const { ai } = definition;
  if (value.length < definition.minLength || value.length > definition.maxLength) {
    return scanFailure('length', `(${ai}) value has ${value.length} characters, ${describeLength(definition)}`, ai);
  }
  let position = 0;
  for (const component of definition.components) {
    const remaining = value.length - position;
    if (remaining === 0 && component.isOptional) break;
    if (remaining < component.minLength) {
      return scanFailure('length', `(${ai}) value is too short for its ${component.minLength}-character part`, ai);
    }
    const length =
      component.minLength === component.maxLength ? component.maxLength : Math.min(remaining, component.maxLength);
    const failure = checkComponent(ai, component, value.slice(position, position + length), context);
    if (failure !== undefined) return failure;
    position += length;
  }
  if (position < value.length) return scanFailure('length', `(${ai}) value is too long`, ai);
  return undefined;
}

function checkComponent(
  ai: string,
  component: AiComponent,
  text: string,
  context: ValueCheckContext,
): ScanFailure | undefined {
  if (!CHARSET_PATTERNS[component.charset].test(text)) {
    // Only a misplaced "=" padding character in base64url fails as a whole but not character by character.
    const bad = [...text].find((char) => !CHARSET_PATTERNS[component.charset].test(char)) ?? '=';
    return scanFailure(
      'charset',
      `(${ai}) has ${describeChar(bad)}, only ${CHARSET_NAMES[component.charset]} allowed`,
      ai,
    );
  }
  for (const check of component.checks) {
    const failure = check(text, context);
    if (failure !== undefined) return scanFailure(failure.code, `(${ai}) ${failure.message}`, ai);
  }
  return undefined;
}

function describeLength(definition: AiDefinition): string {
  return definition.minLength === definition.maxLength
    ? `expected ${definition.maxLength}`
    : `expected ${definition.minLength} to ${definition.maxLength}`;
}

/** Control and non-ASCII characters are named by code point so the message stays readable in logs. */
function describeChar(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  return code < 0x21 || code > 0x7e ? `U+${code.toString(16).toUpperCase().padStart(4, '0')}` : `"${char}"`;
}
