/**
 * GS1 Digital Link URIs (GS1 Digital Link standard 1.2, URI syntax): any host and path prefix, then the
 * primary key and its key qualifiers as "/AI/value" pairs in their defined order, then data attributes as
 * "?AI=value" query parameters. A key qualifier in the query is rejected (the GS1 Syntax Engine does the
 * same; some lenient parsers accept it), so a URI has exactly one spelling.
 */
import { scanFailure, type ScanFailure } from '../scan-errors';
import { aiDefinition, type AiDefinition } from './ai-dictionary';
import { checkAiValue } from './ai-value';
import { addElement } from './element-set';
import type { ElementsResult } from './element-string';
import type { ValueCheckContext } from './value-checks';

const SCHEME = /^(https?):\/\//i;
/** RFC 3986 unreserved and reserved characters plus "%"; anything else must be percent-encoded. */
const URI_CHARACTERS = /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]*$/;
const BAD_HOST_CHARACTERS = /[_~?#@!$&'()*+,;=%]/;

const dlFailure = (message: string): ScanFailure => scanFailure('digital-link', message);

/** True for "http(s)://…" in any letter case; such text is a Digital Link only if it has a key path. */
export function looksLikeWebUri(text: string): boolean {
  return SCHEME.test(text);
}

/**
 * Reads a Digital Link URI into elements. Returns undefined when the text is a web address without a GS1
 * primary key in its path, so the caller can treat it as plain text.
 */
export function parseDigitalLink(uri: string, context: ValueCheckContext): ElementsResult | undefined {
  const scheme = SCHEME.exec(uri)?.[1];
  if (scheme === undefined) return undefined;
  const withoutFragment = uri.split('#', 1)[0] ?? '';
  const queryStart = withoutFragment.indexOf('?');
  const beforeQuery = queryStart === -1 ? withoutFragment : withoutFragment.slice(0, queryStart);
  const query = queryStart === -1 ? '' : withoutFragment.slice(queryStart + 1);
  const afterScheme = beforeQuery.slice(scheme.length + 3);
  const pathStart = afterScheme.indexOf('/');
  if (pathStart === -1) return undefined;
  const host = afterScheme.slice(0, pathStart);
  const path = afterScheme.slice(pathStart);
  const hasTrailingSlash = path.length > 1 && path.endsWith('/');
  const segments = (hasTrailingSlash ? path.slice(0, -1) : path).split('/').slice(1);
  const keyIndex = findPrimaryKey(segments);
  if (keyIndex === undefined) return undefined;

  if (scheme !== scheme.toLowerCase() && scheme !== scheme.toUpperCase()) {
    return dlFailure('URI scheme must be all lower case or all upper case');
  }
  if (!URI_CHARACTERS.test(uri)) return dlFailure('URI contains characters that must be percent-encoded');
  if (host === '' || BAD_HOST_CHARACTERS.test(host)) return dlFailure(`"${host}" is not a valid host`);
  if (hasTrailingSlash) return dlFailure('Digital Link path must not end with "/"');

  const pathPairs: (readonly [string, string])[] = [];
  for (let i = keyIndex; i < segments.length; i += 2) pathPairs.push([segments[i] ?? '', segments[i + 1] ?? '']);
  const elements: Record<string, string> = {};
  const pathFailure = readPathPairs(pathPairs, elements, context);
  if (pathFailure !== undefined) return pathFailure;
  const queryFailure = readQuery(
    query,
    pathPairs.map(([ai]) => ai),
    elements,
    context,
  );
  return queryFailure ?? { ok: true, elements };
}

/**
 * Index of the rightmost path segment that is a primary key with whole "/AI/value" pairs after it;
 * whatever comes before it is the path prefix ("stem"), which may itself look like AI pairs.
 */
function findPrimaryKey(segments: readonly string[]): number | undefined {
  for (let i = segments.length - 2; i >= 0; i--) {
    const isPrimaryKey = aiDefinition(segments[i] ?? '')?.digitalLinkQualifiers !== undefined;
    if (isPrimaryKey && (segments.length - i) % 2 === 0) return i;
  }
  return undefined;
}

function readPathPairs(
  pairs: readonly (readonly [string, string])[],
  elements: Record<string, string>,
  context: ValueCheckContext,
): ScanFailure | undefined {
  const [primaryKey = ''] = pairs[0] ?? [];
  const keyDefinition = aiDefinition(primaryKey);
  for (const [ai] of pairs.slice(1)) {
    if (aiDefinition(ai) === undefined) return scanFailure('unknown-ai', `(${ai}) in the URI path is not a GS1 AI`, ai);
  }
  const qualifiers = pairs.slice(1).map(([ai]) => ai);
  if (keyDefinition === undefined || !isQualifierSequenceAllowed(keyDefinition, qualifiers)) {
    return dlFailure(
      `key qualifiers ${qualifiers.map((q) => `(${q})`).join('')} are not allowed after (${primaryKey}) in this order`,
    );
  }
  for (const [ai, encoded] of pairs) {
    const value = percentDecode(encoded, false);
    if (value === undefined) return dlFailure(`(${ai}) value in the URI path has broken percent-encoding`);
    const failure = addUriElement(ai, value, elements, context);
    if (failure !== undefined) return failure;
  }
  return undefined;
}

function readQuery(
  query: string,
  pathAis: readonly string[],
  elements: Record<string, string>,
  context: ValueCheckContext,
): ScanFailure | undefined {
  const [primaryKey = ''] = pathAis;
  const keyDefinition = aiDefinition(primaryKey);
  for (const parameter of query.split('&')) {
    const separator = parameter.indexOf('=');
    // Parameters without "=" ("singletons") and non-numeric names (linkType, utm_*) are not AI data.
    if (separator === -1) continue;
    const ai = percentDecode(parameter.slice(0, separator), true);
    if (ai === undefined || !/^\d+$/.test(ai)) continue;
    const definition = aiDefinition(ai);
    if (definition === undefined) return scanFailure('unknown-ai', `query parameter ${ai} is not a GS1 AI`, ai);
    if (ai in elements) return scanFailure('duplicate-ai', `(${ai}) appears twice in the URI`, ai);
    const qualifiers = [...pathAis.slice(1), ai];
    if (keyDefinition !== undefined && isQualifierSequenceAllowed(keyDefinition, qualifiers, true)) {
      return dlFailure(`(${ai}) is a key qualifier of (${primaryKey}) and belongs in the URI path`);
    }
    if (!definition.isDigitalLinkAttribute) return dlFailure(`(${ai}) is not allowed as a Digital Link attribute`);
    const value = percentDecode(parameter.slice(separator + 1), true);
    if (value === undefined) return dlFailure(`(${ai}) query value has broken percent-encoding`);
    const failure = addUriElement(ai, value, elements, context);
    if (failure !== undefined) return failure;
  }
  return undefined;
}

/**
 * True when `qualifiers` keep the order of one allowed sequence (each may be left out). With
 * `isAnyOrder`, asks instead whether the set could be arranged into such an order.
 */
function isQualifierSequenceAllowed(key: AiDefinition, qualifiers: readonly string[], isAnyOrder = false): boolean {
  return (key.digitalLinkQualifiers ?? []).some((sequence) => {
    const positions = qualifiers.map((ai) => sequence.indexOf(ai));
    if (positions.some((position) => position === -1)) return false;
    const ordered = isAnyOrder ? [...positions].sort((a, b) => a - b) : positions;
    return ordered.every((position, i) => i === 0 || position > (ordered[i - 1] ?? -1));
  });
}

function addUriElement(
  ai: string,
  rawValue: string,
  elements: Record<string, string>,
  context: ValueCheckContext,
): ScanFailure | undefined {
  const definition = aiDefinition(ai);
  if (definition === undefined) return scanFailure('unknown-ai', `(${ai}) is not a GS1 AI`, ai);
  if (ai in elements) return scanFailure('duplicate-ai', `(${ai}) appears twice in the URI`, ai);
  // The Digital Link standard lets GTIN-8, -12 and -13 stand for the GTIN-14 with leading zeros.
  const value = ai === '01' && /^(\d{8}|\d{12,13})$/.test(rawValue) ? rawValue.padStart(14, '0') : rawValue;
  return checkAiValue(definition, value, context) ?? addElement(elements, ai, value);
}

/** Percent-decoding; in a query "+" means space (which no AI value may hold). Undefined if malformed. */
function percentDecode(text: string, isQueryComponent: boolean): string | undefined {
  try {
    return decodeURIComponent(isQueryComponent ? text.replaceAll('+', ' ') : text);
  } catch {
    return undefined;
  }
}
