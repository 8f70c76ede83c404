import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { resources } from './index';

// The completeness test checks the plural keys exist; this checks i18next picks the right one at runtime.
async function translator(language: string) {
  const instance = i18next.createInstance();
  await instance.init({ resources, lng: language, fallbackLng: 'de', interpolation: { escapeValue: false } });
  return instance.t.bind(instance);
}

describe('plural forms as i18next picks them', () => {
  it('Polish: 1, 2–4 and 5+ read differently', async () => {
    const t = await translator('pl');
    expect(t('connection.pending', { count: 1 })).toBe('1 rejestracja czeka');
    expect(t('connection.pending', { count: 3 })).toBe('3 rejestracje czekają');
    expect(t('connection.pending', { count: 5 })).toBe('5 rejestracji czeka');
    expect(t('connection.pending', { count: 22 })).toBe('22 rejestracje czekają');
  });

  it('Turkish keeps the noun singular after a number', async () => {
    const t = await translator('tr');
    expect(t('connection.deadLetters', { count: 1 })).toBe('1 kayıt reddedildi');
    expect(t('connection.deadLetters', { count: 7 })).toBe('7 kayıt reddedildi');
  });
});
