import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { i18nOptions } from './index';
import { numbersInMessages } from './number-interpolation';

// The completeness test checks the plural keys exist; this checks i18next picks the right one at runtime.
async function translator(language: string) {
  const instance = i18next.createInstance().use(numbersInMessages);
  await instance.init({ ...i18nOptions, lng: language });
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

describe('numbers inside messages', () => {
  it.each([
    ['de', 'Gespeichert: 12,5 gut'],
    ['en', 'Saved: 12.5 good'],
    ['pl', 'Zapisano: dobre 12,5'],
    ['tr', 'Kaydedildi: 12,5 sağlam'],
  ])('%s writes the decimal sign of the language', async (language, expected) => {
    const t = await translator(language);
    expect(t('work.saved.good', { quantity: 12.5 })).toBe(expected);
  });

  it('leave booking numbers ungrouped and text untouched', async () => {
    const t = await translator('de');
    expect(t('status.deadLetterRow', { time: '10:15', type: 'Gutmenge', seq: 12345, reason: 'x.y' })).toBe(
      '10:15 · Gutmenge · Nr. 12345 · x.y',
    );
  });
});
