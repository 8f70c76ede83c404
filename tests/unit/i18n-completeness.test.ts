import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCAN_ERROR_CODES } from '@shared/barcode';
import { SCAN_INPUT_ERROR_CODES } from '@shared/scan/scan-input-errors';
import { CAPTURE_ERROR_CODES, CaptureError } from '../../renderer/src/data';
import type { SyncErrorCode } from '@shared/sync-health';
import { de } from '../../renderer/src/i18n/locales/de';
import { en } from '../../renderer/src/i18n/locales/en';
import { pl } from '../../renderer/src/i18n/locales/pl';
import { tr } from '../../renderer/src/i18n/locales/tr';
import { LANGUAGES, type Language } from '../../renderer/src/i18n/messages';
import { de as boardDe } from '../../renderer/src/board/i18n/de';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const full = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(full, value);
    else for (const [k, v] of flatten(value, full)) out.set(k, v);
  }
  return out;
}

// Typed by Language: a language added to the switch without messages does not compile here.
const languages: Record<Language, Map<string, string>> = {
  de: flatten(de as unknown as Tree),
  en: flatten(en as unknown as Tree),
  pl: flatten(pl as unknown as Tree),
  tr: flatten(tr as unknown as Tree),
};
const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

// i18next picks a plural form by Intl.PluralRules of the language, so that decides which forms must exist:
// German and English `_one`/`_other`, Polish also `_few`/`_many`.
const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

function expectedKeys(language: Language): string[] {
  const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
  const keys = new Set<string>();
  for (const key of languages.de.keys()) {
    const base = key.replace(PLURAL_SUFFIX, '');
    if (base === key) keys.add(key);
    else for (const category of categories) keys.add(`${base}_${category}`);
  }
  return [...keys].sort();
}

/** The German text a key translates: a plural form that German lacks (Polish `_few`) compares with `_other`. */
const germanFor = (key: string) => languages.de.get(key) ?? languages.de.get(key.replace(PLURAL_SUFFIX, '_other'));

// The shift leads' board is its own app with its own messages (renderer/src/board/i18n, checked there).
const OWN_MESSAGES = new Set(['board']);

function sourceFiles(dir: string, skip: ReadonlySet<string> = OWN_MESSAGES): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return skip.has(entry.name) ? [] : sourceFiles(full, skip);
    return /\.(ts|tsx)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

describe('translations', () => {
  it.each(LANGUAGES)("%s has exactly German's keys, with its own plural forms", (language) => {
    const expected = expectedKeys(language);
    const actual = [...languages[language].keys()].sort();
    const missing = expected.filter((key) => !languages[language].has(key));
    const extra = actual.filter((key) => !expected.includes(key));
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
  });

  it('Polish has all four plural forms (the rule above is not vacuous)', () => {
    expect(languages.pl.has('connection.pending_few') && languages.pl.has('connection.pending_many')).toBe(true);
  });

  it('no translation is empty', () => {
    for (const [lang, map] of Object.entries(languages)) {
      const empty = [...map].filter(([, v]) => v.trim() === '').map(([k]) => `${lang}:${k}`);
      expect(empty).toEqual([]);
    }
  });

  it.each(LANGUAGES)('%s uses the same placeholders as German', (language) => {
    const mismatched = [...languages[language]].filter(
      ([key, text]) => JSON.stringify(placeholders(text)) !== JSON.stringify(placeholders(germanFor(key) ?? '')),
    );
    expect(mismatched.map(([k]) => k)).toEqual([]);
  });

  it('every key the code asks for exists (plural keys included)', () => {
    const used = keysAskedFor(sourceFiles(path.resolve(__dirname, '../../renderer/src')));
    const known = (key: string) =>
      languages.de.has(key) || languages.de.has(`${key}_one`) || languages.de.has(`${key}_other`);
    expect([...used].filter((key) => !known(key))).toEqual([]);
    expect(used.size).toBeGreaterThan(5);
  });

  it("every key the board asks for exists in the board's own messages", () => {
    const used = keysAskedFor(sourceFiles(path.resolve(__dirname, '../../renderer/src/board'), new Set()));
    const known = flatten(boardDe as Tree);
    expect([...used].filter((key) => !known.has(key))).toEqual([]);
    expect(used.size).toBeGreaterThan(10);
  });
});

function keysAskedFor(files: string[]): Set<string> {
  const used = new Set<string>();
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    for (const match of text.matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'/g)) used.add(match[1] ?? '');
  }
  return used;
}

// Exhaustive by type: a new SyncErrorCode fails to compile here until it is listed.
const SYNC_ERROR_CODES = Object.keys({
  network: true,
  'not-enrolled': true,
  unauthorized: true,
  server: true,
  'bad-request': true,
  'protocol-mismatch': true,
  'bad-response': true,
  'no-progress': true,
  'local-storage': true,
} satisfies Record<SyncErrorCode, true>);

describe('every error code the system can raise has a message', () => {
  it.each([
    ['scan.errors', SCAN_ERROR_CODES],
    ['scanInput.errors', SCAN_INPUT_ERROR_CODES],
    ['sync.errors', SYNC_ERROR_CODES],
  ] as const)('%s', (prefix, codes) => {
    const missing = codes.filter((code) => LANGUAGES.some((language) => !languages[language].has(`${prefix}.${code}`)));
    expect(missing).toEqual([]);
  });

  it('capture errors', () => {
    for (const code of CAPTURE_ERROR_CODES) {
      const key = new CaptureError(code).messageKey;
      expect(LANGUAGES.filter((language) => !languages[language].has(key))).toEqual([]);
    }
  });
});
