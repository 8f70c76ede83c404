import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { de } from './locales/de';
import { en } from './locales/en';
import { pl } from './locales/pl';
import { tr } from './locales/tr';
import { isLanguage, type Language } from './messages';
import { numbersInMessages } from './number-interpolation';

// Resources are bundled: a terminal without network must still speak its operator's language.
export const resources = {
  de: { translation: de },
  en: { translation: en },
  pl: { translation: pl },
  tr: { translation: tr },
} as const;

/** Options shared by the app and by tests that build their own i18next instance. */
export const i18nOptions = {
  resources,
  fallbackLng: 'de',
  // alwaysFormat: numbers in messages get the language's decimal sign (see number-interpolation.ts).
  interpolation: { escapeValue: false, alwaysFormat: true },
  returnNull: false,
} as const;

const STORAGE_KEY = 'takt.language';

export function initialLanguage(): Language {
  const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
  if (isLanguage(stored)) return stored;
  const browser = globalThis.navigator?.language?.slice(0, 2);
  return isLanguage(browser) ? browser : 'de';
}

export async function initI18n(language: Language = initialLanguage()): Promise<typeof i18next> {
  await i18next
    .use(initReactI18next)
    .use(numbersInMessages)
    .init({ ...i18nOptions, lng: language });
  document.documentElement.lang = language;
  return i18next;
}

export async function changeLanguage(language: Language): Promise<void> {
  await i18next.changeLanguage(language);
  document.documentElement.lang = language;
  globalThis.localStorage?.setItem(STORAGE_KEY, language);
}
