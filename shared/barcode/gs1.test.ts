import { describe, expect, it } from 'vitest';
import {
  checkGs1Associations,
  formatGs1HumanReadable,
  parseGs1,
  serializeGs1ElementString,
  type ParseGs1Options,
} from './gs1';

const GS = '\u001d';
const options: ParseGs1Options = { referenceDate: new Date(2025, 5, 15) };
const GTIN = '09520123456788';
const SSCC = '106141412345678908';

function parsed(scan: string, extra: ParseGs1Options = {}): unknown {
  const result = parseGs1(scan, { ...options, ...extra });
  if (!result.ok) return { code: result.code, ai: result.ai };
  return result.kind === 'gs1' ? { ...result.elements } : { plain: result.text };
}

describe('parseGs1: AIM symbology identifiers', () => {
  it.each([
    [`]C101${GTIN}17250100${'10'}ABC123`, { '01': GTIN, '17': '250100', '10': 'ABC123' }],
    [`]C1${GS}01${GTIN}10ABC`, { '01': GTIN, '10': 'ABC' }],
    [`]e001${GTIN}3103001250`, { '01': GTIN, '3103': '001250' }],
    [`]d201${GTIN}21SER1${GS}10LOT1`, { '01': GTIN, '21': 'SER1', '10': 'LOT1' }],
    [`]Q301${GTIN}10LOT1`, { '01': GTIN, '10': 'LOT1' }],
    [`]J101${GTIN}`, { '01': GTIN }],
  ])('%j is a GS1 element string', (scan, elements) => {
    expect(parsed(scan)).toEqual(elements);
  });

  it('reports the identifier', () => {
    expect(parseGs1(`]d201${GTIN}`, options)).toEqual({
      ok: true,
      kind: 'gs1',
      elements: { '01': GTIN },
      symbology: ']d2',
    });
  });

  it.each([
    [']C0FA1234567', 'FA1234567', ']C0'],
    [']C001095201234567881', '01095201234567881', ']C0'],
    [']d1FA1234567-0010', 'FA1234567-0010', ']d1'],
    [']Q1https://example.com/about', 'https://example.com/about', ']Q1'],
    [']A0ABC-123', 'ABC-123', ']A0'],
    [']C2XYZ', 'XYZ', ']C2'],
    [']I012345678', '12345678', ']I0'],
  ])('%j is plain data', (scan, text, symbology) => {
    expect(parseGs1(scan, options)).toEqual({ ok: true, kind: 'plain', text, symbology });
  });

  it.each([
    [`]Q1https://id.gs1.org/01/${GTIN}/10/ABC123`, ']Q1'],
    [`]d1https://id.gs1.org/01/${GTIN}/10/ABC123`, ']d1'],
    [`]C0https://id.gs1.org/01/${GTIN}/10/ABC123`, ']C0'],
  ])('plain %j is read as GS1 because it is a Digital Link', (scan, symbology) => {
    expect(parseGs1(scan, options)).toEqual({
      ok: true,
      kind: 'gs1',
      elements: { '01': GTIN, '10': 'ABC123' },
      symbology,
    });
  });

  it.each([
    [']E04006381333931', '04006381333931'],
    [']E0036000291452', '00036000291452'],
    [']E402345673', '00000002345673'],
    [`]I1${GTIN}`, GTIN],
    [']E05901234123457', '05901234123457'],
  ])('EAN/UPC/ITF %j becomes (01) %s', (scan, gtin) => {
    expect(parsed(scan)).toEqual({ '01': gtin });
  });

  it.each([
    [']E04006381333932', 'check-digit'],
    [']I109520123456789', 'check-digit'],
    [']E012345', 'length'],
    [']E44006381333931', 'length'],
    [']I14006381333931', 'length'],
    [']E0400638133393X', 'charset'],
    [']E340063813339311234', 'symbology'],
    [']E112', 'symbology'],
    [']', 'symbology'],
    [']C', 'symbology'],
    [']1C0123', 'symbology'],
    [']C!0123', 'symbology'],
    [']C1', 'empty'],
    [']C0', 'empty'],
    [']C1ABC', 'unknown-ai'],
    [`]C1${GS}`, 'empty'],
  ])('%j is rejected with %s', (scan, code) => {
    expect(parsed(scan)).toMatchObject({ code });
  });
});

describe('parseGs1: GS separators and scanner suffixes', () => {
  it.each([
    [`${GS}01${GTIN}10ABC${GS}21XYZ`, { '01': GTIN, '10': 'ABC', '21': 'XYZ' }],
    [`<GS>01${GTIN}10ABC<GS>21XYZ`, { '01': GTIN, '10': 'ABC', '21': 'XYZ' }],
    [`]C101${GTIN}10ABC<GS>21XYZ`, { '01': GTIN, '10': 'ABC', '21': 'XYZ' }],
    [`]C1<GS>01${GTIN}10ABC`, { '01': GTIN, '10': 'ABC' }],
    [`]C101${GTIN}${GS}10ABC`, { '01': GTIN, '10': 'ABC' }],
    [`]C101${GTIN}10ABC${GS}`, { '01': GTIN, '10': 'ABC' }],
    [`]C101${GTIN}10ABC\r\n`, { '01': GTIN, '10': 'ABC' }],
    [`]C101${GTIN}10ABC\r`, { '01': GTIN, '10': 'ABC' }],
    [`01${GTIN}10ABC${GS}21XYZ`, { '01': GTIN, '10': 'ABC', '21': 'XYZ' }],
    [`01${GTIN}`, { '01': GTIN }],
    [`01${GTIN}10ABC`, { '01': GTIN, '10': 'ABC' }],
    [`00${SSCC}`, { '00': SSCC }],
  ])('%j', (scan, elements) => {
    expect(parsed(scan)).toEqual(elements);
  });

  it('cannot see a missing GS when the joined value is still valid (why we never guess)', () => {
    expect(parsed(`]C101${GTIN}10ABC21XYZ`)).toEqual({ '01': GTIN, '10': 'ABC21XYZ' });
  });

  it('reports a missing GS when the joined value gets too long', () => {
    expect(parsed(`]C101${GTIN}10ABCDEFGHIJKLMNOPQRS21123456`)).toEqual({ code: 'length', ai: '10' });
  });

  it.each([
    ['FA1234567'],
    ['12345'],
    ['4006381333931'],
    ['0109520123456789'], // check digit wrong: not a dropped-FNC1 element string
    ['0112'],
    ['hello world'],
    ['(0)X'],
    [`(01${GTIN}`],
    ['(ABC)123'],
    [`[)>\u001e06${GS}P12345${GS}Q10\u001e\u0004`],
  ])('%j without an identifier is plain', (scan) => {
    expect(parsed(scan)).toEqual({ plain: scan });
  });

  it.each([
    ['', 'empty'],
    ['\r\n', 'empty'],
    [GS, 'empty'],
    [`ABC${GS}DEF`, 'unknown-ai'],
    ['x'.repeat(5000), 'too-long'],
  ])('%j is rejected with %s', (scan, code) => {
    expect(parsed(scan)).toMatchObject({ code });
  });
});

describe('parseGs1: bracketed human-readable form', () => {
  it.each([
    [`(01)${GTIN}(10)ABC123(17)201225`, { '01': GTIN, '10': 'ABC123', '17': '201225' }],
    [`(00)${SSCC}`, { '00': SSCC }],
    [`(01)${GTIN}(10)AB(C)`, { '01': GTIN, '10': 'AB(C)' }],
    [`(01)${GTIN}(10)AB(1)C`, { '01': GTIN, '10': 'AB(1)C' }],
    [`(01)${GTIN}(10)AB\\(10)C`, { '01': GTIN, '10': 'AB(10)C' }],
    [`(01)${GTIN}(01)${GTIN}`, { '01': GTIN }],
    [`(01)${GTIN}(3103)000195(3922)0299`, { '01': GTIN, '3103': '000195', '3922': '0299' }],
    [`(8004)06141415678`, { '8004': '06141415678' }],
  ])('%j', (scan, elements) => {
    expect(parsed(scan)).toEqual(elements);
  });

  it.each([
    [`(01)0952012345678(10)X`, 'length', '01'],
    [`(01)${GTIN}(10)`, 'length', '10'],
    [`(01)${GTIN}(89)X`, 'unknown-ai', '89'],
    [`(01)${GTIN}()X`, 'length', '01'],
    [`(01)${GTIN}(8)X`, 'length', '01'],
    [`(01) ${GTIN}`, 'length', '01'],
    [`(01)${GTIN}(10)AB C`, 'charset', '10'],
    [`(01)${GTIN}(01)09520123456796`, 'check-digit', '01'],
    [`(01)${GTIN}(01)40063813339310`, 'check-digit', '01'],
    [`(01)${GTIN}(01)00000000000000`, 'duplicate-ai', '01'],
  ])('%j is rejected with %s', (scan, code, ai) => {
    expect(parsed(scan)).toEqual({ code, ai });
  });
});

describe('parseGs1: character sets', () => {
  it.each([
    [`(01)${GTIN}(10)!"%&'()*+,-./(21):;<=>?_azAZ09`, 'ok'],
    [`(01)${GTIN}(10)AB C`, 'charset'],
    [`(01)${GTIN}(10)AB#C`, 'charset'],
    [`(01)${GTIN}(10)AB$C`, 'charset'],
    [`(01)${GTIN}(10)AB@C`, 'charset'],
    [`(01)${GTIN}(10)ÄBC`, 'charset'],
    [`(01)${GTIN}(10)AB~C`, 'charset'],
    [`(01)${GTIN}(10)AB\tC`, 'charset'],
    [`(01)${GTIN}(10)AB[C`, 'charset'],
    [`(01)${GTIN}(30)12A`, 'charset'],
    [`(8010)0614141#A-1/B(8011)12345`, 'ok'],
    [`(8010)0614141a(8011)12345`, 'charset'],
    [`(8010)0614141.B(8011)12345`, 'charset'],
    [`(00)${SSCC}(8030)AbC-_09==`, 'ok'],
    [`(00)${SSCC}(8030)AbC=09`, 'charset'],
    [`(00)${SSCC}(8030)AbC+/9`, 'charset'],
  ])('%j → %s', (scan, outcome) => {
    const result = parseGs1(scan, options);
    expect(result.ok ? 'ok' : result.code).toBe(outcome);
  });
});

describe('parseGs1: check digits of GS1 keys', () => {
  it.each([
    [`(00)${SSCC}`, `(00)106141412345678907`, '00'],
    [`(01)${GTIN}`, `(01)09520123456787`, '01'],
    [`(00)${SSCC}(02)${GTIN}(37)10`, `(00)${SSCC}(02)09520123456780(37)10`, '02'],
    [`(01)${GTIN}(410)9520123456788`, `(01)${GTIN}(410)9520123456789`, '410'],
    [`(01)${GTIN}(411)9520123456788`, `(01)${GTIN}(411)9520123456781`, '411'],
    [`(01)${GTIN}(412)0614141123452`, `(01)${GTIN}(412)0614141123453`, '412'],
    [`(01)${GTIN}(413)0614141123452`, `(01)${GTIN}(413)0614141123450`, '413'],
    [`(414)9520123456788`, `(414)9520123456787`, '414'],
    [`(415)9520123456788(8020)REF1`, `(415)9520123456789(8020)REF1`, '415'],
    [`(416)0614141123452`, `(416)0614141123454`, '416'],
    [`(417)0614141123452`, `(417)0614141123455`, '417'],
    [`(253)06141411234525678`, `(253)06141411234535678`, '253'],
    [`(255)401234567890104711`, `(255)401234567890204711`, '255'],
    [`(8003)006141411234525678`, `(8003)006141411234535678`, '8003'],
    [`(8006)040123451234560102`, `(8006)040123451234570102`, '8006'],
    [`(8017)061414112345678902`, `(8017)061414112345678903`, '8017'],
    [`(8018)061414112345678902`, `(8018)061414112345678901`, '8018'],
    [`(8018)123456789012345675(8019)123`, `(8018)123456789012345676(8019)123`, '8018'],
    [`(8013)1987654Ad4X4bL5ttr2310c2K`, `(8013)1987654Ad4X4bL5ttr2310c2L`, '8013'],
    [`(01)${GTIN}(8014)1987654Ad4X4bL5ttr2310c2K`, `(01)${GTIN}(8014)1987654Ad4X4bL5ttr2310cK2`, '8014'],
    [
      `(415)9520123456788(8020)R(8007)DE89370400440532013000`,
      `(415)9520123456788(8020)R(8007)DE89370400440532013001`,
      '8007',
    ],
  ])('%s is valid, %s is not', (valid, invalid, ai) => {
    expect(parseGs1(valid, options).ok).toBe(true);
    expect(parsed(invalid)).toEqual({ code: 'check-digit', ai });
  });

  it('checks the GSIN (402) check digit', () => {
    // 17 digits: the first 16 are data, the last is the mod-10 check digit.
    expect(parseGs1('(402)06141411234567890', options).ok).toBe(true);
    expect(parsed('(402)06141411234567891')).toEqual({ code: 'check-digit', ai: '402' });
  });
});

describe('parseGs1: dates and times', () => {
  it.each([
    ['17', '250100', true],
    ['15', '250200', true],
    ['16', '251200', true],
    // GenSpecs §3.4.2/§3.4.4 and the GS1 Syntax Dictionary (yymmd0) also allow "day not given" for 11 and 13.
    ['11', '250100', true],
    ['13', '250100', true],
    ['17', '240229', true],
    ['17', '250229', false],
    ['17', '280229', true],
    ['15', '250431', false],
    ['11', '251301', false],
    ['13', '250001', false],
    ['17', '250132', false],
    ['17', '991231', true],
  ])('(%s) %s → valid %s', (ai, value, isValid) => {
    const result = parseGs1(`(01)${GTIN}(${ai})${value}`, options);
    expect(result.ok ? 'ok' : result.code).toBe(isValid ? 'ok' : 'date');
  });

  it.each([
    [`(01)${GTIN}(7006)250100`, 'date'],
    [`(01)${GTIN}(7006)250131`, 'ok'],
    [`(00)${SSCC}(4326)250100`, 'date'],
    [`(00)${SSCC}(4326)240229`, 'ok'],
    [`(01)${GTIN}(7003)2502282359`, 'ok'],
    [`(01)${GTIN}(7003)2502282400`, 'date'],
    [`(01)${GTIN}(7003)2502281260`, 'date'],
    [`(01)${GTIN}(7003)2502001200`, 'date'],
    [`(01)${GTIN}(7007)250101`, 'ok'],
    [`(01)${GTIN}(7007)250101250131`, 'ok'],
    [`(01)${GTIN}(7007)250101250132`, 'date'],
    [`(01)${GTIN}(7007)2501012501`, 'length'],
    [`(01)${GTIN}(7011)250101`, 'ok'],
    [`(01)${GTIN}(7011)2501012359`, 'ok'],
    [`(01)${GTIN}(7011)2501012360`, 'date'],
    [`(01)${GTIN}(8008)25022823`, 'ok'],
    [`(01)${GTIN}(8008)2502282359`, 'ok'],
    [`(01)${GTIN}(8008)250228235959`, 'ok'],
    [`(01)${GTIN}(8008)25022824`, 'date'],
    [`(01)${GTIN}(8008)2502282360`, 'date'],
    [`(01)${GTIN}(8008)250228235960`, 'date'],
    [`(01)${GTIN}(8008)25022823595`, 'length'],
    [`(00)${SSCC}(4324)2502000000`, 'ok'],
    [`(00)${SSCC}(4325)2502282400`, 'date'],
    [`(8018)${'061414112345678902'}(7250)19671231`, 'ok'],
    [`(8018)${'061414112345678902'}(7250)19670229`, 'date'],
    [`(8018)${'061414112345678902'}(7251)196712312359`, 'ok'],
    [`(8018)${'061414112345678902'}(7251)196712312459`, 'date'],
  ])('%j → %s', (scan, outcome) => {
    const result = parseGs1(scan, options);
    expect(result.ok ? 'ok' : result.code).toBe(outcome);
  });
});

describe('parseGs1: other value rules', () => {
  it.each([
    [`(01)${GTIN}(8001)01500020001011`, 'ok'],
    [`(01)${GTIN}(8001)01500020001051`, 'value'],
    [`(01)${GTIN}(8001)00000020001011`, 'value'],
    [`(8003)106141411234525678`, 'value'],
    [`(8006)040123451234560302`, 'value'],
    [`(8006)040123451234560002`, 'value'],
    [`(8006)040123451234560202`, 'ok'],
    [`(00)${SSCC}(4321)1`, 'ok'],
    [`(00)${SSCC}(4321)2`, 'value'],
    [`(00)${SSCC}(4330)001250-`, 'ok'],
    [`(00)${SSCC}(4330)001250`, 'ok'],
    [`(00)${SSCC}(4330)001250+`, 'value'],
    [`(00)${SSCC}(4307)DE`, 'ok'],
    [`(00)${SSCC}(4307)de`, 'value'],
    [`(00)${SSCC}(4309)18000000003600000000`, 'ok'],
    [`(00)${SSCC}(4309)18000000013600000000`, 'value'],
    [`(00)${SSCC}(4309)18000000003600000001`, 'value'],
    [`(00)${SSCC}(4300)Fa%C3%A7ade`, 'ok'],
    [`(00)${SSCC}(4300)Fa%C3%Gade`, 'value'],
    [`(8010)0614141A(8011)0`, 'ok'],
    [`(8010)0614141A(8011)0123`, 'value'],
    [`(01)${GTIN}(8014)22`, 'value'],
    [`(8018)061414112345678902(7252)9`, 'ok'],
    [`(8018)061414112345678902(7252)3`, 'value'],
    [`(8018)061414112345678902(7259)Baby(7258)1/2`, 'ok'],
    [`(8018)061414112345678902(7259)Baby(7258)3/2`, 'value'],
    [`(8018)061414112345678902(7259)Baby(7258)1-2`, 'value'],
    [`(415)9520123456788(8020)R(8007)DE8937040044053201300`, 'check-digit'],
    [`(415)9520123456788(8020)R(8007)1289370400440532013000`, 'value'],
    [`(01)${GTIN}(422)276`, 'ok'],
    [`(01)${GTIN}(422)27`, 'length'],
    [`(01)${GTIN}(423)276040`, 'ok'],
    [`(01)${GTIN}(423)2760400`, 'length'],
    [`(01)${GTIN}(3922)0299(30)5`, 'ok'],
    [`(01)${GTIN}(3932)978299(30)5`, 'ok'],
    [`(01)${GTIN}(3932)978(30)5`, 'length'],
  ])('%j → %s', (scan, outcome) => {
    const result = parseGs1(scan, options);
    expect(result.ok ? 'ok' : result.code).toBe(outcome);
  });
});

describe('parseGs1: AI pairing rules', () => {
  it.each([
    [`(01)${GTIN}(02)${GTIN}`, 'pairing'],
    [`(01)${GTIN}(37)10`, 'pairing'],
    [`(01)${GTIN}(03)${GTIN}`, 'pairing'],
    [`(02)${GTIN}`, 'pairing'],
    [`(37)10`, 'pairing'],
    [`(02)${GTIN}(37)10`, 'pairing'],
    [`(00)${SSCC}(02)${GTIN}(37)10`, 'ok'],
    [`(00)${SSCC}(02)${GTIN}(37)10(10)LOT`, 'ok'],
    [`(10)LOT`, 'pairing'],
    [`(21)SER`, 'pairing'],
    [`(17)250100`, 'pairing'],
    [`(00)${SSCC}(10)LOT`, 'pairing'],
    [`(8006)040123451234560102(10)LOT(21)S`, 'ok'],
    [`(8006)040123451234560102(01)${GTIN}`, 'pairing'],
    [`(8006)040123451234560102(37)1`, 'pairing'],
    [`(00)${SSCC}(02)${GTIN}(21)S(37)1`, 'pairing'],
    [`(01)${GTIN}(21)S(235)TPX`, 'pairing'],
    [`(3103)001250`, 'pairing'],
    [`(01)${GTIN}(3103)001250`, 'ok'],
    [`(01)${GTIN}(3103)001250(3102)012500`, 'pairing'],
    [`(01)${GTIN}(3103)001250(3203)002755`, 'ok'],
    [`(01)${GTIN}(3103)001250(3303)001300`, 'ok'],
    [`(00)${SSCC}(3303)001300`, 'ok'],
    [`(00)${SSCC}(3103)001300`, 'pairing'],
    [`(01)${GTIN}(3103)001250(3922)0299`, 'ok'],
    [`(01)${GTIN}(3922)0299`, 'pairing'],
    [`(01)${GTIN}(3103)001250(3922)0299(3932)978299`, 'pairing'],
    [`(01)${GTIN}(250)S2`, 'pairing'],
    [`(01)${GTIN}(21)S(250)S2`, 'ok'],
    [`(01)${GTIN}(8030)AbC`, 'pairing'],
    [`(01)${GTIN}(21)S(8030)AbC`, 'ok'],
    [`(00)${SSCC}(4330)001250(4331)001250`, 'pairing'],
    [`(00)${SSCC}(420)12345(421)27612345`, 'pairing'],
    [`(12)250101`, 'pairing'],
    [`(415)9520123456788(8020)R(12)250101`, 'ok'],
    [`(255)401234567890104711(01)${GTIN}`, 'pairing'],
    [`(8017)061414112345678902(8018)061414112345678902`, 'pairing'],
    [`(400)PO-1`, 'ok'],
    [`(91)INTERNAL`, 'ok'],
    [`(7022)R`, 'pairing'],
  ])('%j → %s', (scan, outcome) => {
    const result = parseGs1(scan, options);
    expect(result.ok ? 'ok' : result.code).toBe(outcome);
  });

  it('can leave pairing to the caller for labels that split data over several barcodes', () => {
    expect(parsed(`(02)${GTIN}(37)10(10)LOT`, { associations: 'skip' })).toEqual({
      '02': GTIN,
      '37': '10',
      '10': 'LOT',
    });
    expect(checkGs1Associations({ '02': GTIN, '37': '10', '10': 'LOT' })).toMatchObject({ code: 'pairing', ai: '37' });
    expect(checkGs1Associations({ '00': SSCC, '02': GTIN, '37': '10', '10': 'LOT' })).toBeUndefined();
  });

  it('accepts a repeated AI with the same value and rejects a different one', () => {
    expect(parsed(`]C101${GTIN}10A${GS}10A`)).toEqual({ '01': GTIN, '10': 'A' });
    expect(parsed(`]C101${GTIN}10A${GS}10B`)).toEqual({ code: 'duplicate-ai', ai: '10' });
  });
});

describe('serializeGs1ElementString and formatGs1HumanReadable', () => {
  const elements = { '21': 'XYZ', '10': 'ABC', '01': GTIN, '17': '250100' };

  it('puts pre-defined-length AIs first and separates the others with GS', () => {
    expect(serializeGs1ElementString(elements)).toBe(`01${GTIN}17250100${'10'}ABC${GS}21XYZ`);
    expect(serializeGs1ElementString({ '01': GTIN })).toBe(`01${GTIN}`);
    expect(serializeGs1ElementString({})).toBe('');
  });

  it('formats the bracketed form in AI order', () => {
    expect(formatGs1HumanReadable(elements)).toBe(`(01)${GTIN}(10)ABC(17)250100(21)XYZ`);
  });

  it('escapes only a "(" that would read as an AI', () => {
    expect(formatGs1HumanReadable({ '01': GTIN, '10': 'A(B)(10)C(99)' })).toBe(`(01)${GTIN}(10)A(B)\\(10)C\\(99)`);
  });

  it('round-trips through parseGs1', () => {
    expect(parsed(`]C1${serializeGs1ElementString(elements)}`)).toEqual(elements);
    expect(parsed(formatGs1HumanReadable(elements))).toEqual(elements);
    expect(parsed(formatGs1HumanReadable({ '01': GTIN, '10': 'A(B)(10)C(' }))).toEqual({
      '01': GTIN,
      '10': 'A(B)(10)C(',
    });
  });
});
