/** Per-plant scan patterns from master data, and their safe compilation. */
import { findBacktrackingRisk } from './regex-safety';

/** Commands a printed command barcode ("#CMD:LOGOUT") may trigger. */
export const SCAN_COMMANDS = ['logout', 'cancel', 'confirm', 'start', 'interrupt', 'resume', 'finish'] as const;
export type ScanCommand = (typeof SCAN_COMMANDS)[number];

export interface ScanPatterns {
  /** Regex source for production order numbers, e.g. "^FA\\d{7}$"; a named group "order" narrows the match. */
  readonly orderPattern?: string;
  /** Regex source with named groups "order" and "operation", e.g. "^(?<order>FA\\d{7})[-/](?<operation>\\d{4})$". */
  readonly operationPattern?: string;
  /** Regex source for badge UIDs that arrive through a keyboard wedge, e.g. "^[0-9A-F]{8,20}$". */
  readonly badgePattern?: string;
  /** Prefix of command barcodes, e.g. "#CMD:"; compared without regard to letter case. */
  readonly commandPrefix?: string;
  /** Commands enabled at this plant; default: all of SCAN_COMMANDS. */
  readonly commands?: readonly ScanCommand[];
}

export type CompiledPattern =
  { readonly ok: true; readonly regex: RegExp } | { readonly ok: false; readonly message: string };

/** Plants have a handful of patterns; the cap only guards against master data that keeps changing. */
const CACHE_LIMIT = 64;
const cache = new Map<string, CompiledPattern>();

/**
 * Compiles a master-data regex source once. Never throws: a syntax error or a pattern open to
 * catastrophic backtracking comes back as a failure for the caller to report as "pattern-config".
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
  const risk = findBacktrackingRisk(source);
  if (risk !== undefined) return { ok: false, message: `unsafe pattern /${source}/: ${risk}` };
  try {
    return { ok: true, regex: new RegExp(source) };
  } catch (error: unknown) {
    return {
      ok: false,
      message: `invalid pattern /${source}/: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}
