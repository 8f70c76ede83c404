import { describe, expect, it } from 'vitest';
import { SCAN_INPUT_ERROR_CODES } from './scan-input-errors';

describe('SCAN_INPUT_ERROR_CODES', () => {
  it('holds unique kebab-case codes, usable as translation keys', () => {
    expect(new Set(SCAN_INPUT_ERROR_CODES).size).toBe(SCAN_INPUT_ERROR_CODES.length);
    for (const code of SCAN_INPUT_ERROR_CODES) expect(code).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });
});
