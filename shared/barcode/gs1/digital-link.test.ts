import { describe, expect, it } from 'vitest';
import { parseGs1 } from '../gs1';

const options = { referenceDate: new Date(2025, 5, 15) };
const GTIN = '09520123456788';

function parsed(uri: string): unknown {
  const result = parseGs1(uri, options);
  if (!result.ok) return { code: result.code, ai: result.ai };
  return result.kind === 'gs1' ? { ...result.elements } : { plain: result.text };
}

describe('GS1 Digital Link: valid URIs (examples from the Digital Link standard and the GS1 Syntax Engine tests)', () => {
  it.each([
    [`https://id.gs1.org/01/${GTIN}`, { '01': GTIN }],
    [`https://id.gs1.org/01/${GTIN}/22/2A`, { '01': GTIN, '22': '2A' }],
    [`https://id.gs1.org/01/${GTIN}/10/ABC123`, { '01': GTIN, '10': 'ABC123' }],
    [`https://id.gs1.org/01/${GTIN}/21/12345`, { '01': GTIN, '21': '12345' }],
    [`https://id.gs1.org/01/${GTIN}/10/ABC123?17=201225`, { '01': GTIN, '10': 'ABC123', '17': '201225' }],
    [
      `https://id.gs1.org/01/${GTIN}/10/ABC1/21/12345?17=180426`,
      { '01': GTIN, '10': 'ABC1', '21': '12345', '17': '180426' },
    ],
    [`https://id.gs1.org/01/${GTIN}/22/A/10/B/21/C`, { '01': GTIN, '22': 'A', '10': 'B', '21': 'C' }],
    [`https://id.gs1.org/01/${GTIN}/22/A/21/C`, { '01': GTIN, '22': 'A', '21': 'C' }],
    [`https://id.gs1.org/01/${GTIN}?3103=000195`, { '01': GTIN, '3103': '000195' }],
    [
      `https://example.com/01/${GTIN}?3103=000195&3922=0299&17=201225`,
      { '01': GTIN, '3103': '000195', '3922': '0299', '17': '201225' },
    ],
    [
      `https://id.gs1.org/01/${GTIN}?17=201225&3103=000195&3922=0299`,
      { '01': GTIN, '3103': '000195', '3922': '0299', '17': '201225' },
    ],
    [`https://id.gs1.org/01/${GTIN}/235/XYZ?10=ABC123`, { '01': GTIN, '235': 'XYZ', '10': 'ABC123' }],
    ['https://brand.example.com/01/9520123456788', { '01': GTIN }],
    ['https://brand.example.com/some-extra/pathinfo/01/9520123456788', { '01': GTIN }],
    ['https://a/01/02345673', { '01': '00000002345673' }],
    ['https://a/01/036000291452', { '01': '00036000291452' }],
    ['https://id.gs1.org/00/952012345678912345', { '00': '952012345678912345' }],
    [
      `https://id.gs1.org/00/952012345678912345?02=${GTIN}&37=25&10=ABC123`,
      { '00': '952012345678912345', '02': GTIN, '37': '25', '10': 'ABC123' },
    ],
    ['https://id.gs1.org/414/9520123456788', { '414': '9520123456788' }],
    ['https://id.gs1.org/414/9520123456788/254/32a%2Fb', { '414': '9520123456788', '254': '32a/b' }],
    ['https://example.com/8004/9520614141234567?01=9520123456788', { '8004': '9520614141234567', '01': GTIN }],
    ['https://a/8018/123456789012345675/8019/123', { '8018': '123456789012345675', '8019': '123' }],
    ['https://a/253/1231231231232', { '253': '1231231231232' }],
    ['https://a/253/1231231231232TEST5678901234567', { '253': '1231231231232TEST5678901234567' }],
    ['https://a/stem/00/006141411234567890?', { '00': '006141411234567890' }],
    ['https://a/stem/00/006141411234567890?99=ABC', { '00': '006141411234567890', '99': 'ABC' }],
    ['https://a/stem/401/12345678?99=ABC', { '401': '12345678', '99': 'ABC' }],
    ['https://a/8003/006141411234525678', { '8003': '006141411234525678' }],
    ['https://a/8013/1987654Ad4X4bL5ttr2310c2K', { '8013': '1987654Ad4X4bL5ttr2310c2K' }],
    ['https://a/8010/0614141A/8011/12345', { '8010': '0614141A', '8011': '12345' }],
    ['https://a/415/9520123456788/8020/REF1', { '415': '9520123456788', '8020': 'REF1' }],
  ])('%s', (uri, elements) => {
    expect(parsed(uri)).toEqual(elements);
  });

  it.each([
    [`https://a/01/${GTIN}?&&&99=ABC&&&&&&98=XYZ&&&`],
    [`https://a/01/${GTIN}?99=ABC&unknown=666&98=XYZ`],
    [`https://a/01/${GTIN}?singleton&99=ABC&98=XYZ`],
    [`https://a/01/${GTIN}?99=ABC&98=XYZ&linkType=gs1:pip`],
    [`https://a/01/${GTIN}?utm_source=label&99=ABC&98=XYZ&utm_medium=print`],
    [`https://a/01/${GTIN}?99=ABC&98=XYZ#fragment`],
    [`https://a/01/${GTIN}?99=ABC&98=XYZ#`],
  ])('ignores separators, non-AI parameters and fragments: %s', (uri) => {
    expect(parsed(uri)).toEqual({ '01': GTIN, '99': 'ABC', '98': 'XYZ' });
  });

  it.each([
    [`https://example.com:8443/01/${GTIN}`],
    [`http://127.0.0.1/01/${GTIN}`],
    [`http://[2001:db8::1]/01/${GTIN}`],
    [`https://xn--bcher-kva.example/01/${GTIN}`],
    [`HTTPS://ID.GS1.ORG/01/${GTIN}`],
    [`HTTP://EXAMPLE.COM/01/${GTIN}`],
    [`https://qr.takt.example/plant/7/p/01/${GTIN}`],
    [`https://id.gs1.org/01/${GTIN}#`],
    [`https://id.gs1.org/01/${GTIN}#section-2`],
  ])('accepts any host, port and path prefix: %s', (uri) => {
    expect(parsed(uri)).toEqual({ '01': GTIN });
  });

  it('percent-decodes values; "+" is literal in the path', () => {
    expect(parsed(`https://a/01/${GTIN}/22/ABC%2d123?99=ABC&98=XYZ%2f987`)).toEqual({
      '01': GTIN,
      '22': 'ABC-123',
      '99': 'ABC',
      '98': 'XYZ/987',
    });
    expect(parsed(`https://a/01/${GTIN}/22/ABC+123`)).toEqual({ '01': GTIN, '22': 'ABC+123' });
    expect(parsed(`https://a/01/${GTIN}/10/%41%42%43`)).toEqual({ '01': GTIN, '10': 'ABC' });
    expect(parsed(`https://a/01/${GTIN}/10/A%28B%29`)).toEqual({ '01': GTIN, '10': 'A(B)' });
  });

  it('takes the last primary key in the path as the root, so a stem may look like AI pairs', () => {
    expect(parsed(`https://a/00/stem/01/${GTIN}`)).toEqual({ '01': GTIN });
  });
});

describe('GS1 Digital Link: rejected URIs', () => {
  it.each([
    [`https://example.com/01/${GTIN}?10=ABC123`, 'digital-link', undefined],
    [`https://example.com/01/${GTIN}/10/ABC?22=X`, 'digital-link', undefined],
    [`https://example.com/01/${GTIN}/22/X?10=ABC`, 'digital-link', undefined],
    [`https://example.com/01/${GTIN}/10/ABC/22/X`, 'digital-link', undefined],
    [`https://example.com/01/${GTIN}/21/S/10/L`, 'digital-link', undefined],
    [`https://example.com/01/${GTIN}/22/A/10/B/235/C`, 'digital-link', undefined],
    [`https://example.com/01/${GTIN}/10/A/10/B`, 'digital-link', undefined],
    [`https://example.com/00/952012345678912345/10/L`, 'digital-link', undefined],
    [`https://example.com/414/9520123456788/254/A/7040/1ABC`, 'digital-link', undefined],
    [`https://example.com/01/${GTIN}/`, 'digital-link', undefined],
    [`https://example.com/01/${GTIN}/10/ABC/`, 'digital-link', undefined],
    [`Https://example.com/01/${GTIN}`, 'digital-link', undefined],
    [`hTTp://example.com/01/${GTIN}`, 'digital-link', undefined],
    [`https://example.com/01/${GTIN}/10/A B`, 'digital-link', undefined],
    [`https://example.com/01/${GTIN}/10/A<B`, 'digital-link', undefined],
    [`https://example.com/01/${GTIN}/10/Ä`, 'digital-link', undefined],
    [`https://exa_mple.com/01/${GTIN}`, 'digital-link', undefined],
    [`https:///01/${GTIN}`, 'digital-link', undefined],
    [`https://example.com/01/${GTIN}/10/%E0%A4%A`, 'digital-link', undefined],
    [`https://example.com/01/${GTIN}/10/%zz`, 'digital-link', undefined],
    [`https://example.com/00/952012345678912345?21=123`, 'digital-link', undefined],
    [`https://example.com/01/${GTIN}?254=X`, 'digital-link', undefined],
    [`https://example.com/01/${GTIN}/89/ABC123?99=XYZ`, 'unknown-ai', '89'],
    [`https://example.com/01/${GTIN}?99=XYZ&89=ABC123`, 'unknown-ai', '89'],
    [`https://example.com/01/${GTIN}?99=ABC&999=faux`, 'unknown-ai', '999'],
    [`https://example.com/01/${GTIN}?99=`, 'length', '99'],
    [`https://example.com/01//10/A`, 'length', '01'],
    [`https://example.com/01/0952012345678`, 'check-digit', '01'],
    [`https://example.com/01/09520123456789`, 'check-digit', '01'],
    [`https://example.com/01/09520123456`, 'length', '01'],
    [`https://example.com/01/${GTIN}/10/ABC%2d123?99=XYZ+987`, 'charset', '99'],
    [`https://example.com/01/${GTIN}/10/ABC%20123`, 'charset', '10'],
    [`https://example.com/01/${GTIN}/10/%00`, 'charset', '10'],
    [`https://id.gs1.org/01/${GTIN}/10/ABC123?99=XYZ789&01=${GTIN}`, 'duplicate-ai', '01'],
    [`https://id.gs1.org/01/${GTIN}/10/ABC123?99=XYZ789&10=ABC123`, 'duplicate-ai', '10'],
    [`https://id.gs1.org/01/${GTIN}/10/ABC123?99=XYZ789&99=XYZ789`, 'duplicate-ai', '99'],
    [`https://id.gs1.org/01/${GTIN}?3103=000195&3102=000200`, 'pairing', '3102'],
    [`https://id.gs1.org/01/${GTIN}?17=250229`, 'date', '17'],
    [`https://id.gs1.org/00/952012345678912345?02=${GTIN}`, 'pairing', '02'],
  ])('%s → %s', (uri, code, ai) => {
    expect(parsed(uri)).toEqual({ code, ai });
  });
});

describe('GS1 Digital Link: web addresses that are not Digital Links stay plain text', () => {
  it.each([
    ['https://example.com'],
    ['https://example.com/'],
    ['https://example.com/products/123'],
    ['https://example.com/01'],
    ['https://example.com/01/'],
    ['https://example.com/10/ABC'],
    ['https://example.com/?01=09520123456788'],
    ['ftp://example.com/01/09520123456788'],
    ['mailto:someone@example.com'],
  ])('%s', (uri) => {
    expect(parsed(uri)).toEqual({ plain: uri });
  });
});
