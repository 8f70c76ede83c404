import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { de } from './de';
import { en } from './en';
import { pl } from './pl';
import { tr } from './tr';

export const BOARD_LANGUAGES = ['de', 'en', 'pl', 'tr'] as const;
export type BoardLanguage = (typeof BOARD_LANGUAGES)[number];

const STORAGE_KEY = 'takt.board.language';

export function boardLanguage(): BoardLanguage {
  const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
  const wanted = stored ?? globalThis.navigator?.language?.slice(0, 2);
  return BOARD_LANGUAGES.find((language) => language === wanted) ?? 'de';
}

/** The board's own i18next instance (not the terminal's global one). */
export async function initBoardI18n(language: BoardLanguage = boardLanguage()): Promise<i18n> {
  const instance = i18next.createInstance();
  await instance.use(initReactI18next).init({
    resources: {
      de: { translation: de },
      en: { translation: en },
      pl: { translation: pl },
      tr: { translation: tr },
    },
    lng: language,
    fallbackLng: 'de',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = language;
  return instance;
}

export async function changeBoardLanguage(instance: i18n, language: BoardLanguage): Promise<void> {
  await instance.changeLanguage(language);
  document.documentElement.lang = language;
  globalThis.localStorage?.setItem(STORAGE_KEY, language);
}
