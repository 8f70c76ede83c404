import type { Language } from './messages';

/** A text the master data carries per language: German and English always, other languages when maintained. */
export type MasterText = { de: string; en: string } & Partial<Record<Language, string | undefined>>;

/**
 * The master-data text in the UI language. Polish and Turkish texts are optional in the master data, so a
 * missing or blank one falls back to German, like the UI itself (`fallbackLng`).
 */
export function masterText(text: MasterText, language: Language): string {
  const own = text[language];
  return own !== undefined && own.trim() !== '' ? own : text.de;
}
