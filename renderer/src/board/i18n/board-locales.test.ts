import { describe, expect, it } from 'vitest';
import { de } from './de';
import { en } from './en';
import { pl } from './pl';
import { tr } from './tr';

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => keys(child, prefix ? `${prefix}.${key}` : key));
}

function placeholders(text: unknown): string[] {
  return typeof text === 'string' ? [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1] ?? '').sort() : [];
}

function at(messages: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], messages);
}

describe('board locales', () => {
  // Typed as BoardMessages already; this also catches empty texts and placeholders that differ from German.
  it.each([
    ['en', en],
    ['pl', pl],
    ['tr', tr],
  ])("%s has German's keys, none empty, with the same placeholders", (_language, messages) => {
    expect(keys(messages).sort()).toEqual(keys(de).sort());
    for (const key of keys(de)) {
      expect(String(at(messages, key)).trim(), key).not.toBe('');
      expect(placeholders(at(messages, key)), key).toEqual(placeholders(at(de, key)));
    }
  });
});
