import { describe, expect, it } from 'vitest';
import { CODE128_PATTERNS, code128CheckValue, code128ModuleWidths, code128Svg, encodeCode128, FNC1 } from './code128';
import { decodeCode128Svg, decodeCode128Widths } from './testing/decode-code128-svg';

describe('Code 128 symbol table', () => {
  it('has 106 symbols of 11 modules (3 bars, 3 spaces) and a stop of 13, all different', () => {
    expect(CODE128_PATTERNS).toHaveLength(107);
    CODE128_PATTERNS.forEach((pattern, value) => {
      const widths = [...pattern].map(Number);
      expect(widths).toHaveLength(value === 106 ? 7 : 6);
      expect(widths.every((width) => width >= 1 && width <= 4)).toBe(true);
      expect(widths.reduce((sum, width) => sum + width, 0)).toBe(value === 106 ? 13 : 11);
      // Code 128's parity rule: the bars of every symbol cover an even number of modules.
      const barModules = widths.filter((_, index) => index % 2 === 0).reduce((sum, width) => sum + width, 0);
      expect(barModules % 2).toBe(0);
    });
    expect(new Set(CODE128_PATTERNS).size).toBe(107);
    expect([CODE128_PATTERNS[0], CODE128_PATTERNS[104], CODE128_PATTERNS[105], CODE128_PATTERNS[106]]).toEqual([
      '212222',
      '211214',
      '211232',
      '2331112',
    ]);
  });
});

describe('encodeCode128', () => {
  it('encodes text in set B with the modulo-103 check value', () => {
    // 104 + 48·1 + 42·2 + 42·3 + 17·4 + 18·5 + 19·6 + 35·7 = 879 ≡ 55 (mod 103)
    expect(encodeCode128(['PJJ123C'])).toEqual([104, 48, 42, 42, 17, 18, 19, 35, 55, 106]);
  });

  it('switches to set C for the even tail of a long digit run', () => {
    // F A 1 in B, then C: 00 00 04; 104 + 38 + 33·2 + 17·3 + 99·4 + 0 + 0 + 4·7 = 683 ≡ 65
    expect(encodeCode128(['FA1000004'])).toEqual([104, 38, 33, 17, 99, 0, 0, 4, 65, 106]);
  });

  it('keeps short digit runs in set B', () => {
    expect(encodeCode128(['04A1B2C3']).slice(0, 9)).toEqual([104, 16, 20, 33, 17, 34, 18, 35, 19]);
  });

  it('starts GS1-128 in set C with FNC1 and returns to B for a lot with letters', () => {
    const values = encodeCode128([FNC1, '010401234510005117261231' + '10L2411', FNC1, '3025']);
    expect(values.slice(0, 14)).toEqual([105, 102, 1, 4, 1, 23, 45, 10, 0, 51, 17, 26, 12, 31]);
    expect(values.slice(14, 17)).toEqual([10, 100, 44]);
    expect(values.at(-2)).toBe(code128CheckValue(values.slice(0, -2)));
  });

  it('draws start B bars first and the stop pattern last', () => {
    const widths = code128ModuleWidths(['PJJ123C']);
    expect(widths.slice(0, 6).join('')).toBe('211214');
    expect(widths.slice(-7).join('')).toBe('2331112');
    expect(widths).toHaveLength(9 * 6 + 7);
  });

  it.each([['FA1000004-0010'], ['#CMD:logout'], ['9'], ['12'], ['123456789'], ['A 1 b~'], ['04A1B2D1']])(
    'round-trips %j through the bar widths',
    (text) => {
      expect(decodeCode128Widths(code128ModuleWidths([text]))).toBe(text);
      expect(decodeCode128Svg(code128Svg([text], { label: text }))).toBe(text);
    },
  );

  it('round-trips FNC1 as the GS1 AIM identifier and GS', () => {
    const svg = code128Svg([FNC1, '0104012345100051', FNC1, '30100'], { label: 'gs1' });
    expect(decodeCode128Svg(svg)).toBe(']C10104012345100051\u001d30100');
  });

  it('refuses characters outside printable ASCII', () => {
    expect(() => encodeCode128(['Prüfplatz'])).toThrow(/cannot encode/);
    expect(() => encodeCode128([])).toThrow(/nothing/);
  });

  it('escapes the label of the SVG', () => {
    expect(code128Svg(['A'], { label: '<a & "b">' })).toContain('aria-label="&#60;a &#38; &#34;b&#34;&#62;"');
  });
});
