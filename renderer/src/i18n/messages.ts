import type { de } from './locales/de';

type Widen<T> = { -readonly [K in keyof T]: T[K] extends string ? string : Widen<T[K]> } & PluralForms<T>;

/**
 * German and English know two plural forms (`_one`, `_other`); Polish also needs `_few` and `_many`. They
 * are allowed beside every plural key of German; which forms a language must have is checked by a test.
 */
type PluralForms<T> = {
  [K in keyof T as K extends `${infer Base}_other` ? `${Base}_few` | `${Base}_many` : never]?: string;
};

/** The shape every language must have: German's keys, any strings. */
export type Messages = Widen<typeof de>;

export const LANGUAGES = ['de', 'en', 'pl', 'tr'] as const;
export type Language = (typeof LANGUAGES)[number];

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}
