/** Per-plant scan patterns from master data, and their safe compilation. */
import { parseScanPattern } from './pattern-grammar';
import { compileMatcher, type ScanMatcher } from './pattern-matcher';

/** Commands a printed command barcode ("#CMD:LOGOUT") may trigger. */
export const SCAN_COMMANDS = ['logout', 'cancel', 'confirm', 'start', 'interrupt', 'resume', 'finish'] as const;
export type ScanCommand = (typeof SCAN_COMMANDS)[number];

/** Pattern sources use the restricted grammar of pattern-grammar.ts, written like RegExp sources. */
export interface ScanPatterns {
  /** Pattern for production order numbers, e.g. "^FA\\d{7}$"; a named group "order" narrows the match. */
  readonly orderPattern?: string | undefined;
  /** Pattern with named groups "order" and "operation", e.g. "^(?<order>FA\\d{7})[-/](?<operation>\\d{4})$". */
  readonly operationPattern?: string | undefined;
  /** Pattern for badge UIDs that arrive through a keyboard wedge, e.g. "^[0-9A-F]{8,20}$". */
  readonly badgePattern?: string | undefined;
  /** Prefix of command barcodes, e.g. "#CMD:"; compared without regard to letter case. */
  readonly commandPrefix?: string | undefined;
  /** Commands enabled at this plant; default: all of SCAN_COMMANDS. */
  readonly commands?: readonly ScanCommand[] | undefined;
}

export type CompiledPattern =
  { readonly ok: true; readonly matcher: ScanMatcher } | { readonly ok: false; readonly message: string };

/** Plants have a handful of patterns; the cap only guards against master data that keeps changing. */
const CACHE_LIMIT = 64;
const cache = new Map<string, CompiledPattern>();

/**
 * Compiles a master-data pattern once. Never throws: a pattern outside the grammar comes back as a
 * failure for the caller to report as "pattern-config". The server's import runs the same check.
 */
export function compileScanPattern(source: string): CompiledPattern {
  const cached = cache.get(source);
  if (cached !== undefined) return cached;
  const compiled = compileUncached(source);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(source, compiled);
  return compiled;
}

function compileUncached(source: string): CompiledPattern {
  const parsed = parseScanPattern(source);
  const compiled = parsed.ok ? compileMatcher(parsed.pattern) : parsed;
  return compiled.ok ? compiled : { ok: false, message: `pattern /${source}/ refused: ${compiled.reason}` };
}

const PATTERN_FIELDS = ['orderPattern', 'operationPattern', 'badgePattern'] as const;
const REQUIRED_GROUPS: Partial<Record<(typeof PATTERN_FIELDS)[number], readonly string[]>> = {
  operationPattern: ['order', 'operation'],
};

/**
 * Why a station's patterns would be refused at a terminal, one message per field (e.g.
 * "operationPattern: pattern /x{/ refused: …"); empty when all compile. The master-data import uses this so
 * a bad pattern is rejected with its reason before it reaches any terminal.
 */
export function findScanPatternProblems(patterns: Pick<ScanPatterns, (typeof PATTERN_FIELDS)[number]>): string[] {
  const problems: string[] = [];
  for (const field of PATTERN_FIELDS) {
    const source = patterns[field];
    if (source === undefined) continue;
    const compiled = compileScanPattern(source);
    if (!compiled.ok) {
      problems.push(`${field}: ${compiled.message}`);
      continue;
    }
    const missing = (REQUIRED_GROUPS[field] ?? []).filter((name) => !compiled.matcher.groupNames.includes(name));
    if (missing.length > 0)
      problems.push(
        `${field}: the pattern must have the named groups ${missing.map((name) => `"${name}"`).join(' and ')}`,
      );
  }
  return problems;
}
