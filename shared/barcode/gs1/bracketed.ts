/** The bracketed human-readable form "(01)09520123456788(10)ABC123". */
import { scanFailure } from '../scan-errors';
import { aiDefinition } from './ai-dictionary';
import { checkAiValue } from './ai-value';
import { addElement, type Gs1Elements } from './element-set';
import type { ElementsResult } from './element-string';
import type { ValueCheckContext } from './value-checks';

const AI_OPENER = /^\((\d{2,4})\)/;

/** True when "(" at `index` opens an AI such as "(10)"; any other "(" is data. */
function opensAi(text: string, index: number): boolean {
  return AI_OPENER.test(text.slice(index, index + 6));
}

export function looksBracketed(text: string): boolean {
  return AI_OPENER.test(text);
}

/**
 * Reads "(AI)value…". Values may contain "(" (it is in CSET 82): one followed by 2-4 digits and ")" would
 * read as an AI, so it is written "\(", as formatGs1HumanReadable does; any other "(" is data.
 */
export function parseBracketed(text: string, context: ValueCheckContext): ElementsResult {
  const elements: Record<string, string> = {};
  let position = 0;
  while (position < text.length) {
    const match = AI_OPENER.exec(text.slice(position, position + 6));
    const ai = match?.[1];
    if (ai === undefined) {
      return scanFailure('unknown-ai', `expected "(AI)" at position ${position} of the bracketed data`);
    }
    const definition = aiDefinition(ai);
    if (definition === undefined) return scanFailure('unknown-ai', `(${ai}) is not a GS1 AI`, ai);
    position += ai.length + 2;
    let value = '';
    while (position < text.length && !(text.charAt(position) === '(' && opensAi(text, position))) {
      const isEscapedParenthesis = text.charAt(position) === '\\' && text.charAt(position + 1) === '(';
      value += isEscapedParenthesis ? '(' : text.charAt(position);
      position += isEscapedParenthesis ? 2 : 1;
    }
    const failure = checkAiValue(definition, value, context) ?? addElement(elements, ai, value);
    if (failure !== undefined) return failure;
  }
  return { ok: true, elements };
}

/** "(01)…(10)…" in AI order, for display; a "(" in a value that would read as an AI is escaped "\(". */
export function formatGs1HumanReadable(elements: Gs1Elements): string {
  return Object.keys(elements)
    .sort()
    .map((ai) => {
      const value = elements[ai] ?? '';
      let escaped = '';
      for (let i = 0; i < value.length; i++) {
        escaped += value.charAt(i) === '(' && opensAi(value, i) ? '\\(' : value.charAt(i);
      }
      return `(${ai})${escaped}`;
    })
    .join('');
}
