/** Mandatory and invalid AI pairings (GenSpecs §4.14), evaluated over all elements of one scan. */
import { scanFailure, type ScanFailure } from '../scan-errors';
import { aiDefinition, aiMatchesPattern } from './ai-dictionary';
import type { Gs1Elements } from './element-set';

/**
 * The spec evaluates pairings over everything on one physical item. A label that splits its data over
 * several barcodes therefore fails per barcode; callers merge the scans and call this on the union.
 */
export function checkGs1Associations(elements: Gs1Elements): ScanFailure | undefined {
  const present = Object.keys(elements);
  for (const ai of present) {
    const definition = aiDefinition(ai);
    if (definition === undefined) continue;
    for (const pattern of definition.excludes) {
      const conflict = present.find((other) => other !== ai && aiMatchesPattern(other, pattern));
      if (conflict !== undefined) {
        return scanFailure('pairing', `(${ai}) must not appear together with (${conflict})`, ai);
      }
    }
  }
  for (const ai of present) {
    const definition = aiDefinition(ai);
    if (definition === undefined) continue;
    for (const alternatives of definition.requires) {
      const isSatisfied = alternatives.some((patterns) =>
        patterns.every((pattern) => present.some((other) => aiMatchesPattern(other, pattern))),
      );
      if (!isSatisfied) {
        const wanted = alternatives.map((patterns) => patterns.map((p) => `(${p})`).join('+')).join(' or ');
        return scanFailure('pairing', `(${ai}) needs ${wanted} in the same scan`, ai);
      }
    }
  }
  return undefined;
}
