import { describe, expect, it } from 'vitest';
import { classifyScan, MAX_PATTERN_INPUT_LENGTH, MAX_SCAN_LENGTH, type ScanInput, type ScanPatterns } from './classify';
import { SCAN_ERROR_CODES } from './scan-errors';

const GS = '\u001d';
const GTIN = '09520123456788';
const SSCC = '106141412345678908';
const options = { referenceDate: new Date(2025, 5, 15) };
const patterns: ScanPatterns = {
  orderPattern: '^FA\\d{7}$',
  operationPattern: '^(?<order>FA\\d{7})[-/](?<operation>\\d{4})$',
  badgePattern: '^04[0-9A-F]{12}$',
  commandPrefix: '#CMD:',
};

const classify = (text: string, with_: ScanPatterns = patterns, isBadgeSource = false): unknown => {
  const input: ScanInput = isBadgeSource ? { text, isBadgeSource } : { text };
  return classifyScan(input, with_, options);
};

describe('classifyScan: badges', () => {
  it.each([
    ['04A2B3C4D5E680', '04A2B3C4D5E680'],
    ['04A2B3C4D5E680\r\n', '04A2B3C4D5E680'],
    ['\u000204A2B3C4D5E680\u0003', '04A2B3C4D5E680'],
  ])('badge reader %j → operator-badge', (text, uid) => {
    expect(classify(text, patterns, true)).toEqual({ kind: 'operator-badge', uid });
  });

  it('a badge reader is trusted without a badge pattern', () => {
    expect(classify('0012345678', {}, true)).toEqual({ kind: 'operator-badge', uid: '0012345678' });
    expect(classify('FA1234567', {}, true)).toEqual({ kind: 'operator-badge', uid: 'FA1234567' });
  });

  it('a badge reader reading something outside the badge pattern is rejected', () => {
    expect(classify('FA1234567', patterns, true)).toMatchObject({ kind: 'invalid', code: 'badge-format' });
  });

  it('a badge typed through the keyboard wedge is recognised by the badge pattern', () => {
    expect(classify('04A2B3C4D5E680')).toEqual({ kind: 'operator-badge', uid: '04A2B3C4D5E680' });
  });
});

describe('classifyScan: orders and operations', () => {
  it.each([
    ['FA1234567', { kind: 'order', orderNumber: 'FA1234567' }],
    [']C0FA1234567', { kind: 'order', orderNumber: 'FA1234567' }],
    [']A0FA1234567', { kind: 'order', orderNumber: 'FA1234567' }],
    [' FA1234567\r\n', { kind: 'order', orderNumber: 'FA1234567' }],
    ['FA12\u000034567', { kind: 'order', orderNumber: 'FA1234567' }],
    ['FA1234567-0010', { kind: 'operation', orderNumber: 'FA1234567', operationNumber: '0010' }],
    ['FA1234567/0020', { kind: 'operation', orderNumber: 'FA1234567', operationNumber: '0020' }],
    [']C0FA1234567-0010', { kind: 'operation', orderNumber: 'FA1234567', operationNumber: '0010' }],
  ])('%j', (text, expected) => {
    expect(classify(text)).toEqual(expected);
  });

  it.each([['FA123456'], ['FA12345678'], ['fa1234567'], ['FA1234567-001'], ['XFA1234567']])('%j is unknown', (text) => {
    expect(classify(text)).toMatchObject({ kind: 'unknown', code: 'unknown-scan' });
  });

  it('a named group "order" narrows the order number', () => {
    expect(classify('AFA1234567', { orderPattern: '^A(?<order>FA\\d{7})$' })).toEqual({
      kind: 'order',
      orderNumber: 'FA1234567',
    });
  });

  it('plant patterns win over the dropped-FNC1 heuristic for digit-only order numbers', () => {
    const numeric: ScanPatterns = { orderPattern: '^01\\d{14}$' };
    expect(classify(`01${GTIN}`, numeric)).toEqual({ kind: 'order', orderNumber: `01${GTIN}` });
  });
});

describe('classifyScan: commands', () => {
  it.each([
    ['#CMD:LOGOUT', 'logout'],
    ['#cmd:logout', 'logout'],
    ['#CMD: FINISH ', 'finish'],
    [']C0#CMD:CANCEL', 'cancel'],
    ['#CMD:CONFIRM\r', 'confirm'],
    ['#CMD:INTERRUPT', 'interrupt'],
  ])('%j → %s', (text, command) => {
    expect(classify(text)).toEqual({ kind: 'command', command });
  });

  it('rejects commands the plant has not enabled, or that do not exist', () => {
    expect(classify('#CMD:DANCE')).toMatchObject({ kind: 'invalid', code: 'unknown-command' });
    expect(classify('#CMD:FINISH', { ...patterns, commands: ['logout'] })).toMatchObject({
      kind: 'invalid',
      code: 'unknown-command',
    });
    expect(classify('#CMD:', patterns)).toMatchObject({ kind: 'invalid', code: 'unknown-command' });
  });

  it('without a prefix there are no commands', () => {
    expect(classify('#CMD:LOGOUT', { orderPattern: '^FA\\d{7}$' })).toMatchObject({ kind: 'unknown' });
  });
});

describe('classifyScan: GS1 material and containers', () => {
  it('maps a GS1 DataMatrix to material with ISO dates and an exact net weight', () => {
    expect(classify(`]d201${GTIN}17250200${'3103'}00125010LOT-7${GS}21SN1${GS}30${'12'}`)).toEqual({
      kind: 'material',
      gtin: GTIN,
      lot: 'LOT-7',
      serial: 'SN1',
      expiry: '2025-02-28',
      quantity: 12,
      netWeight: { value: '1.250', unit: 'kg' },
      elements: { '01': GTIN, '17': '250200', '3103': '001250', '10': 'LOT-7', '21': 'SN1', '30': '12' },
      symbology: ']d2',
    });
  });

  it.each([
    [`(01)${GTIN}(15)240200`, { bestBefore: '2024-02-29' }],
    [`(01)${GTIN}(11)250315`, { productionDate: '2025-03-15' }],
    [`(01)${GTIN}(3100)000012`, { netWeight: { value: '12', unit: 'kg' } }],
    [`(01)${GTIN}(3105)123456`, { netWeight: { value: '1.23456', unit: 'kg' } }],
    [`(01)${GTIN}(3202)000150`, { netWeight: { value: '1.50', unit: 'lb' } }],
    [`(01)${GTIN}(3103)000005`, { netWeight: { value: '0.005', unit: 'kg' } }],
    [`(01)${GTIN}(17)991231`, { expiry: '1999-12-31' }],
  ])('%j', (text, fields) => {
    expect(classify(text)).toMatchObject({ kind: 'material', gtin: GTIN, ...fields });
  });

  it.each([
    [']E04006381333931', '04006381333931'],
    [']E402345673', '00000002345673'],
    ['4006381333931', '04006381333931'],
    ['02345673', '00000002345673'],
    ['036000291452', '00036000291452'],
    [GTIN, GTIN],
    [`https://id.gs1.org/01/${GTIN}/10/ABC123?17=201225`, GTIN],
    [`]Q1https://id.gs1.org/01/${GTIN}`, GTIN],
  ])('%j → material %s', (text, gtin) => {
    expect(classify(text)).toMatchObject({ kind: 'material', gtin });
  });

  it.each([['4006381333932'], ['40063813339'], ['123456789012345'], [']C04006381333931']])(
    '%j is not a GTIN',
    (text) => {
      expect(classify(text)).toMatchObject({ kind: 'unknown', code: 'unknown-scan' });
    },
  );

  it('reads a Digital Link into material', () => {
    expect(classify(`https://id.gs1.org/01/${GTIN}/10/ABC123?17=201225`)).toMatchObject({
      lot: 'ABC123',
      expiry: '2020-12-25',
    });
  });

  it.each([[`]C100${SSCC}`], [`(00)${SSCC}(02)${GTIN}(37)24(10)LOT`], [`https://id.gs1.org/00/${SSCC}`]])(
    '%j → container',
    (text) => {
      expect(classify(text)).toMatchObject({ kind: 'container', sscc: SSCC });
    },
  );

  it.each([['(8004)06141415678'], ['(414)9520123456788'], ['(8018)061414112345678902'], ['(400)PO-4711']])(
    '%j → other-gs1',
    (text) => {
      expect(classify(text)).toMatchObject({ kind: 'other-gs1' });
    },
  );
});

describe('classifyScan: rejections', () => {
  it.each([
    [`]C101${'09520123456789'}`, 'check-digit', '01'],
    [']E04006381333932', 'check-digit', '01'],
    [`https://example.com/01/${GTIN}?10=ABC123`, 'digital-link', undefined],
    [`(01)${GTIN}(02)${GTIN}`, 'pairing', '02'],
    [`]C101${GTIN}17250230`, 'date', '17'],
    [']X', 'symbology', undefined],
    ['', 'empty', undefined],
    ['\r\n', 'empty', undefined],
    ['\u0000\u0001', 'empty', undefined],
    ['A'.repeat(MAX_SCAN_LENGTH + 1), 'too-long', undefined],
  ])('%j → %s', (text, code, ai) => {
    const result = classify(text);
    expect(result).toMatchObject({ kind: 'invalid', code, ...(ai === undefined ? {} : { ai }) });
    expect(SCAN_ERROR_CODES).toContain(code);
  });

  it('a scan at the length cap is still classified', () => {
    expect(classify('A'.repeat(MAX_SCAN_LENGTH))).toMatchObject({ kind: 'unknown' });
  });

  it.each([
    ['HELLO', 'HELLO'],
    [']C0HELLO', 'HELLO'],
    ['https://example.com/products', 'https://example.com/products'],
  ])('%j is unknown', (text, echoed) => {
    expect(classify(text)).toEqual({ kind: 'unknown', code: 'unknown-scan', text: echoed });
  });
});

describe('classifyScan: plant pattern configuration errors never throw', () => {
  it.each([
    [{ orderPattern: '(' }],
    [{ orderPattern: '[' }],
    [{ orderPattern: '^(a+)+$' }],
    [{ orderPattern: '[]' }],
    [{ orderPattern: '\\d{0,7}'.repeat(20) }],
    [{ badgePattern: '^(\\d)\\1$' }],
    [{ operationPattern: '^(?<order>FA\\d{7}' }],
    [{ operationPattern: '^FA\\d{7}-\\d{4}$' }],
    [{ badgePattern: '(?<' }],
  ] satisfies [ScanPatterns][])('%j → pattern-config', (broken) => {
    const text = 'operationPattern' in broken ? 'FA1234567-0010' : 'aaaa';
    expect(classify(text, broken)).toMatchObject({ kind: 'invalid', code: 'pattern-config' });
  });

  it('a badge reader reports a broken badge pattern', () => {
    expect(classify('04A2B3C4D5E680', { badgePattern: '(' }, true)).toMatchObject({
      kind: 'invalid',
      code: 'pattern-config',
    });
  });

  it('GS1 scans do not depend on plant patterns', () => {
    expect(classify(`]C101${GTIN}`, { orderPattern: '(' })).toMatchObject({ kind: 'material' });
  });

  // How long it takes is measured by `npm run bench` (speed guards), not asserted here.
  it('the slowest accepted pattern runs on the longest input it sees', () => {
    const slow: ScanPatterns = { orderPattern: '\\d*\\d*\\d*X' };
    expect(classify('1'.repeat(MAX_PATTERN_INPUT_LENGTH), slow)).toMatchObject({ kind: 'unknown' });
    expect(classify('1'.repeat(MAX_SCAN_LENGTH), slow)).toMatchObject({ kind: 'unknown' });
  });

  it('a pattern a RegExp would run for minutes is refused at its first scan, without running', () => {
    expect(classify('1'.repeat(60), { orderPattern: '\\d{0,7}'.repeat(20) })).toMatchObject({ code: 'pattern-config' });
    expect(classify('a'.repeat(60), { orderPattern: '^(a+)+$' })).toMatchObject({ code: 'pattern-config' });
  });
});
