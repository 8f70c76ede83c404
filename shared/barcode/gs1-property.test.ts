import { describe, expect, it } from 'vitest';
import { formatGs1HumanReadable, parseGs1, serializeGs1ElementString } from './gs1';
import { allAiDefinitions } from './gs1/ai-dictionary';
import { checkAiValue } from './gs1/ai-value';
import { digitalLinkFor, randomAiValue, randomValidElements } from './testing/gs1-arbitrary';
import { seededRandom } from './testing/seeded-random';

const referenceDate = new Date(2025, 5, 15);
const referenceYear = referenceDate.getFullYear();
const ITERATIONS = 2_500;

function elementsOf(scan: string): unknown {
  const result = parseGs1(scan, { referenceDate });
  if (!result.ok) return { rejected: result.code, ai: result.ai, message: result.message, scan };
  return result.kind === 'gs1' ? { ...result.elements } : { plain: result.text };
}

describe('property: every AI accepts the values its table row describes', () => {
  it('10 random values per AI pass the value checks', () => {
    const random = seededRandom(0x5eed_0001);
    for (const definition of allAiDefinitions()) {
      for (let i = 0; i < 10; i++) {
        const value = randomAiValue(definition, random, referenceYear);
        expect(checkAiValue(definition, value, { referenceYear }), `(${definition.ai}) ${value}`).toBeUndefined();
      }
    }
  });
});

describe(`property: serialise → parse gives the same elements (${ITERATIONS} seeded samples)`, () => {
  it('as a GS1 element string, as the bracketed form and as a Digital Link', () => {
    const random = seededRandom(0x5eed_0002);
    const seenAis = new Set<string>();
    let digitalLinks = 0;
    for (let i = 0; i < ITERATIONS; i++) {
      const elements = randomValidElements(random, referenceYear);
      for (const ai of Object.keys(elements)) seenAis.add(ai);
      const elementString = serializeGs1ElementString(elements);
      expect(elementsOf(`]C1${elementString}`)).toEqual(elements);
      expect(elementsOf(`\u001d${elementString}`)).toEqual(elements);
      expect(elementsOf(`]d2${elementString}\r\n`)).toEqual(elements);
      expect(elementsOf(formatGs1HumanReadable(elements))).toEqual(elements);
      const uri = digitalLinkFor(elements);
      if (uri !== undefined) {
        digitalLinks++;
        expect(elementsOf(uri)).toEqual(elements);
      }
    }
    // The generator must actually exercise the table, not a corner of it.
    expect(seenAis.size).toBeGreaterThan(300);
    expect(digitalLinks).toBeGreaterThan(ITERATIONS / 4);
  });

  it('serialisation is stable: serialise(parse(serialise(x))) = serialise(x)', () => {
    const random = seededRandom(0x5eed_0003);
    for (let i = 0; i < ITERATIONS; i++) {
      const elementString = serializeGs1ElementString(randomValidElements(random, referenceYear));
      const result = parseGs1(`]C1${elementString}`, { referenceDate });
      expect(result.ok && result.kind === 'gs1' && serializeGs1ElementString(result.elements)).toBe(elementString);
    }
  });
});
