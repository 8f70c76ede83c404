import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { de } from '../../renderer/src/board/i18n/de';

// The board's own messages (renderer/src/board/i18n) have their key-set test beside them; this one reads the
// board's sources, which the renderer itself may not do, and checks that every key they ask for exists.

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => keys(child, prefix ? `${prefix}.${key}` : key));
}

describe('board messages', () => {
  it('every key the board asks for exists', () => {
    const board = path.resolve(__dirname, '../../renderer/src/board');
    const files = fs
      .readdirSync(board, { recursive: true, encoding: 'utf8' })
      .filter((file) => /\.tsx?$/.test(file) && !/\.test\.tsx?$/.test(file));
    const used = new Set<string>();
    for (const file of files) {
      const text = fs.readFileSync(path.join(board, file), 'utf8');
      for (const match of text.matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'/g)) used.add(match[1] ?? '');
    }
    const known = new Set(keys(de));
    expect([...used].filter((key) => !known.has(key))).toEqual([]);
    expect(used.size).toBeGreaterThan(10);
  });
});
