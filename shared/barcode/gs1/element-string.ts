/** GS1 element strings as a barcode carries them: AI + value, variable-length values ended by GS. */
import { scanFailure, type ScanFailure } from '../scan-errors';
import { aiDefinition, aiDefinitionAt } from './ai-dictionary';
import { checkAiValue } from './ai-value';
import { addElement, type Gs1Elements } from './element-set';
import type { ValueCheckContext } from './value-checks';

/** ASCII 29, the separator a scanner sends for FNC1 between fields. */
export const GS = '\u001d';

export type ElementsResult = { readonly ok: true; readonly elements: Gs1Elements } | ScanFailure;

/**
 * Parses an element string whose leading FNC1 has already been removed. Extra GS between fields (after a
 * pre-defined-length value, or at the end) is tolerated; a missing GS is not repaired, because guessing
 * where a lot number ends can produce a valid-looking wrong value.
 */
export function parseElementString(data: string, context: ValueCheckContext): ElementsResult {
  const elements: Record<string, string> = {};
  let position = 0;
  while (position < data.length) {
    if (data.charAt(position) === GS) {
      position++;
      continue;
    }
    const definition = aiDefinitionAt(data, position);
    if (definition === undefined) {
      const digits = /^\d{0,4}/.exec(data.slice(position))?.[0] ?? '';
      return scanFailure(
        'unknown-ai',
        `no GS1 AI starts with "${digits || data.charAt(position)}" at position ${position}`,
      );
    }
    const { ai } = definition;
    const valueStart = position + ai.length;
    let valueEnd: number;
    if (definition.hasPredefinedLength) {
      valueEnd = valueStart + definition.maxLength;
      const value = data.slice(valueStart, valueEnd);
      if (value.length < definition.maxLength || value.includes(GS)) {
        return scanFailure('length', `(${ai}) needs exactly ${definition.maxLength} characters`, ai);
      }
    } else {
      const separator = data.indexOf(GS, valueStart);
      valueEnd = separator === -1 ? data.length : separator;
      if (valueEnd - valueStart > definition.maxLength) {
        return scanFailure(
          'length',
          `(${ai}) value is longer than ${definition.maxLength} characters; a GS separator may be missing`,
          ai,
        );
      }
    }
    const value = data.slice(valueStart, valueEnd);
    const failure = checkAiValue(definition, value, context) ?? addElement(elements, ai, value);
    if (failure !== undefined) return failure;
    position = valueEnd;
  }
  if (Object.keys(elements).length === 0) return scanFailure('empty', 'element string holds no data');
  return { ok: true, elements };
}

/**
 * Serialises elements as a barcode would carry them (without the leading FNC1): pre-defined-length AIs
 * first, since they need no separator, then the others joined by GS; each group in AI order.
 */
export function serializeGs1ElementString(elements: Gs1Elements): string {
  const ais = Object.keys(elements).sort();
  const isPredefined = (ai: string): boolean => aiDefinition(ai)?.hasPredefinedLength ?? false;
  const fixed = ais.filter(isPredefined).map((ai) => ai + (elements[ai] ?? ''));
  const variable = ais.filter((ai) => !isPredefined(ai)).map((ai) => ai + (elements[ai] ?? ''));
  return fixed.join('') + variable.join(GS);
}
