import { z } from 'zod';

// A lone UTF-16 surrogate ("\ud800" in JSON) survives JSON.parse but not UTF-8: SQLite and IndexedDB exports
// store U+FFFD instead, so an identifier carrying one would be stored as a different identifier than was sent.
// With the u flag a proper surrogate pair is one code point, so only unpaired halves match.
const LONE_SURROGATE = /\p{Surrogate}/u;

/** Same as `String.prototype.isWellFormed` (ES2024), which the shared TS target does not declare. */
export function isWellFormedText(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}

export const WELL_FORMED_MESSAGE = 'must be well-formed Unicode (no lone surrogates)';

/** A reference to a station, operator, order, terminal, epoch…: 1-64 characters after trimming, well-formed. */
export const identifierSchema = z.string().trim().min(1).max(64).refine(isWellFormedText, WELL_FORMED_MESSAGE);
