/**
 * JSON text of anything that came in as JSON. Hostile input may nest deeper than the stack allows
 * (JSON.parse copes, JSON.stringify does not), so that case is stored as a note instead of failing.
 */
export function stringifyForStorage(value: unknown): string {
  try {
    return JSON.stringify(value) ?? 'null';
  } catch {
    return JSON.stringify({ unstorable: 'value nests too deeply to store' });
  }
}
