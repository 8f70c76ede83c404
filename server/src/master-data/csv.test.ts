import { describe, expect, it } from 'vitest';
import { detectDelimiter, parseCsv } from './csv';

const fields = (text: string, delimiter = ',') => {
  const result = parseCsv(text, delimiter);
  if (!result.ok) throw new Error(`line ${result.line}: ${result.message}`);
  return result.records.map((r) => r.fields);
};

describe('parseCsv', () => {
  it.each([
    [
      'plain',
      'a,b,c\n1,2,3',
      [
        ['a', 'b', 'c'],
        ['1', '2', '3'],
      ],
    ],
    [
      'CRLF and a trailing newline',
      'a,b\r\n1,2\r\n',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    ['lone CR', 'a\r1', [['a'], ['1']]],
    [
      'a BOM',
      '\uFEFFa,b\n1,2',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    ['quoted delimiter', '"a,b",c', [['a,b', 'c']]],
    ['escaped quotes', '"say ""hi""",x', [['say "hi"', 'x']]],
    ['a quoted newline', '"line 1\r\nline 2",x\n', [['line 1\r\nline 2', 'x']]],
    ['empty fields', ',,\n', [['', '', '']]],
    ['a quoted empty field', '""\n', [['']]],
    ['blank lines', 'a\n\n\nb\n', [['a'], ['b']]],
    ['spaces kept', ' a , b ', [[' a ', ' b ']]],
    ['unicode', 'Ø40,Größe,🙂', [['Ø40', 'Größe', '🙂']]],
  ])('reads %s', (_name, text, expected) => {
    expect(fields(text)).toEqual(expected);
  });

  it('reads semicolon files', () => {
    expect(fields('a;"b;c";1,5', ';')).toEqual([['a', 'b;c', '1,5']]);
  });

  it('knows the line each record starts on, across quoted newlines', () => {
    const result = parseCsv('h\r\n"x\r\ny"\r\nz\n');
    expect(result.ok && result.records.map((r) => r.line)).toEqual([1, 2, 4]);
  });

  it.each([
    ['an unclosed quote', 'x\na,"b\nc', 2, 'never closed'],
    ['text after a closing quote', '"a"b,c', 1, 'after a closing quote'],
    ['a quote inside a plain field', 'a\nab"c"', 2, 'inside an unquoted field'],
  ])('refuses %s', (_name, text, line, message) => {
    const result = parseCsv(text);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.line).toBe(line);
      expect(result.message).toContain(message);
    }
  });

  // How fast it reads is measured by `npm run bench` (speed guards), not asserted here.
  it('reads a large file', () => {
    const text = 'id,text\n' + Array.from({ length: 50_000 }, (_, i) => `${i},"row ""${i}"", ok"`).join('\r\n');
    const result = parseCsv(text);
    expect(result.ok && result.records.length).toBe(50_001);
  });
});

describe('detectDelimiter', () => {
  it.each([
    ['id,name\n', ','],
    ['id;name;text\n1;a,b;c', ';'],
    ['id\n', ','],
  ])('%j → %s', (text, expected) => {
    expect(detectDelimiter(text)).toBe(expected);
  });
});
