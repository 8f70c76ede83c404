/** Deeper than this, the fallback writes a marker instead of the value (the stack allows far more). */
const MAX_STORED_DEPTH = 64;
const TOO_DEEP_MARKER = '[nested too deeply to store]';

/**
 * JSON text of anything that came in as JSON. Hostile input may nest deeper than the stack allows
 * (JSON.parse copes, JSON.stringify does not); then the value is kept down to a fixed depth with a marker
 * below it, so two different items (other id, other seq) still get different texts and both are kept.
 */
export function stringifyForStorage(value: unknown): string {
  try {
    return JSON.stringify(value) ?? 'null';
  } catch {
    return stringifyToDepth(value, 0);
  }
}

function stringifyToDepth(value: unknown, depth: number): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value) ?? 'null';
  if (depth >= MAX_STORED_DEPTH) return JSON.stringify(TOO_DEEP_MARKER);
  if (Array.isArray(value)) return `[${value.map((item) => stringifyToDepth(item, depth + 1)).join(',')}]`;
  const members = Object.entries(value).map(
    ([key, item]) => `${JSON.stringify(key)}:${stringifyToDepth(item, depth + 1)}`,
  );
  return `{${members.join(',')}}`;
}

/** JSON with object keys sorted at every level: equal for equal content, whatever order the keys came in. */
export function canonicalJson(value: unknown): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const members = Object.entries(value)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`);
  return `{${members.join(',')}}`;
}
