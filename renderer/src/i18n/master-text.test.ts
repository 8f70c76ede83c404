import { describe, expect, it } from 'vitest';
import { masterText } from './master-text';

describe('masterText', () => {
  const text = { de: 'Werkzeugbruch', en: 'Tool breakage', pl: 'Pęknięcie narzędzia' };

  it('speaks the UI language when the master data has it', () => {
    expect(masterText(text, 'en')).toBe('Tool breakage');
    expect(masterText(text, 'pl')).toBe('Pęknięcie narzędzia');
  });

  it('falls back to German when a language is missing or blank', () => {
    expect(masterText(text, 'tr')).toBe('Werkzeugbruch');
    expect(masterText({ ...text, tr: '  ' }, 'tr')).toBe('Werkzeugbruch');
  });
});
