import { describe, expect, it } from 'vitest';
import { decodeEpc } from './epc';
import { gs1CheckDigit } from './gs1/check-digit';
import { SCAN_ERROR_CODES } from './scan-errors';

/** Builds a 96-bit EPC from its fields, the way an encoder following the Tag Data Standard would. */
function epcHex(
  header: number,
  filter: number,
  partition: number,
  fields: readonly (readonly [bits: number, value: bigint])[],
): string {
  let value = (BigInt(header) << 6n) | (BigInt(filter) << 3n) | BigInt(partition);
  let used = 14;
  for (const [bits, fieldValue] of fields) {
    value = (value << BigInt(bits)) | fieldValue;
    used += bits;
  }
  return (value << BigInt(96 - used)).toString(16).toUpperCase().padStart(24, '0');
}

const withCheckDigit = (digits: string): string => digits + String(gs1CheckDigit(digits));
const COMPANY_BITS = [40, 37, 34, 30, 27, 24, 20];
const COMPANY_DIGITS = [12, 11, 10, 9, 8, 7, 6];
/** Company prefixes of every length, taken from the GS1 example prefix 0614141… */
const companyPrefix = (digits: number): string => '061414112345'.slice(0, digits);

describe('decodeEpc: Tag Data Standard examples', () => {
  it('the test encoder reproduces the TDS SGTIN-96 example', () => {
    expect(
      epcHex(0x30, 3, 5, [
        [24, 614141n],
        [20, 812345n],
        [38, 6789n],
      ]),
    ).toBe('3074257BF7194E4000001A85');
  });

  it.each([
    [
      '3074257BF7194E4000001A85',
      'sgtin-96',
      { '01': '80614141123458', '21': '6789' },
      'urn:epc:id:sgtin:0614141.812345.6789',
    ],
    ['3174257BF4499602D2000000', 'sscc-96', { '00': '106141412345678908' }, 'urn:epc:id:sscc:0614141.1234567890'],
    ['3374257BF40C0E400000162E', 'grai-96', { '8003': '006141411234525678' }, 'urn:epc:id:grai:0614141.12345.5678'],
    ['3474257BF40000000000162E', 'giai-96', { '8004': '06141415678' }, 'urn:epc:id:giai:0614141.5678'],
  ])('%s is %s', (hex, scheme, elements, epcUri) => {
    expect(decodeEpc(hex)).toEqual({ ok: true, scheme, filter: 3, elements, epcUri });
  });

  it('accepts lower case, a 0x prefix and surrounding whitespace', () => {
    expect(decodeEpc(' 0x3074257bf7194e4000001a85\n')).toMatchObject({
      ok: true,
      epcUri: 'urn:epc:id:sgtin:0614141.812345.6789',
    });
  });
});

describe('decodeEpc: every partition value', () => {
  const partitions = [0, 1, 2, 3, 4, 5, 6];

  it.each(partitions)('SGTIN-96 partition %i', (partition) => {
    const digits = COMPANY_DIGITS[partition] ?? 0;
    const company = companyPrefix(digits);
    const itemDigits = 13 - digits;
    const itemReference = `4${'1234567'.slice(0, itemDigits - 1)}`;
    const itemBits = [4, 7, 10, 14, 17, 20, 24][partition] ?? 0;
    const hex = epcHex(0x30, 1, partition, [
      [COMPANY_BITS[partition] ?? 0, BigInt(company)],
      [itemBits, BigInt(itemReference)],
      [38, 274877906943n],
    ]);
    expect(decodeEpc(hex)).toEqual({
      ok: true,
      scheme: 'sgtin-96',
      filter: 1,
      elements: { '01': withCheckDigit(`4${company}${itemReference.slice(1)}`), '21': '274877906943' },
      epcUri: `urn:epc:id:sgtin:${company}.${itemReference}.274877906943`,
    });
  });

  it.each(partitions)('SGTIN-96 partition %i keeps leading zeros of the item reference (indicator 0)', (partition) => {
    const digits = COMPANY_DIGITS[partition] ?? 0;
    const company = companyPrefix(digits);
    const itemBits = [4, 7, 10, 14, 17, 20, 24][partition] ?? 0;
    const hex = epcHex(0x30, 0, partition, [
      [COMPANY_BITS[partition] ?? 0, BigInt(company)],
      [itemBits, 7n],
      [38, 0n],
    ]);
    const itemReference = '7'.padStart(13 - digits, '0');
    const result = decodeEpc(hex);
    expect(result).toMatchObject({
      ok: true,
      elements: { '21': '0' },
      epcUri: `urn:epc:id:sgtin:${company}.${itemReference}.0`,
    });
    expect(result.ok && result.elements['01']).toBe(
      withCheckDigit(`${itemReference.charAt(0)}${company}${itemReference.slice(1)}`),
    );
  });

  it.each(partitions)('SSCC-96 partition %i', (partition) => {
    const digits = COMPANY_DIGITS[partition] ?? 0;
    const company = companyPrefix(digits);
    const serialReference = `3${'9876543210'.slice(0, 16 - digits)}`;
    const serialBits = [18, 21, 24, 28, 31, 34, 38][partition] ?? 0;
    const hex = epcHex(0x31, 2, partition, [
      [COMPANY_BITS[partition] ?? 0, BigInt(company)],
      [serialBits, BigInt(serialReference)],
    ]);
    expect(decodeEpc(hex)).toEqual({
      ok: true,
      scheme: 'sscc-96',
      filter: 2,
      elements: { '00': withCheckDigit(`3${company}${serialReference.slice(1)}`) },
      epcUri: `urn:epc:id:sscc:${company}.${serialReference}`,
    });
  });

  it.each(partitions)('GRAI-96 partition %i', (partition) => {
    const digits = COMPANY_DIGITS[partition] ?? 0;
    const company = companyPrefix(digits);
    const assetType = '123456'.slice(0, 12 - digits);
    const assetBits = [4, 7, 10, 14, 17, 20, 24][partition] ?? 0;
    const hex = epcHex(0x33, 0, partition, [
      [COMPANY_BITS[partition] ?? 0, BigInt(company)],
      [assetBits, BigInt(assetType || '0')],
      [38, 42n],
    ]);
    expect(decodeEpc(hex)).toEqual({
      ok: true,
      scheme: 'grai-96',
      filter: 0,
      elements: { '8003': `0${withCheckDigit(company + assetType)}42` },
      epcUri: `urn:epc:id:grai:${company}.${assetType}.42`,
    });
  });

  it.each(partitions)('GIAI-96 partition %i', (partition) => {
    const digits = COMPANY_DIGITS[partition] ?? 0;
    const company = companyPrefix(digits);
    const assetBits = [42, 45, 48, 52, 55, 58, 62][partition] ?? 0;
    // As many digits as the partition allows, and a value that fits its bit field.
    const assetReference = `2${'098765432109876543'.slice(0, 24 - digits)}`;
    const hex = epcHex(0x34, 7, partition, [
      [COMPANY_BITS[partition] ?? 0, BigInt(company)],
      [assetBits, BigInt(assetReference)],
    ]);
    expect(decodeEpc(hex)).toEqual({
      ok: true,
      scheme: 'giai-96',
      filter: 7,
      elements: { '8004': company + assetReference },
      epcUri: `urn:epc:id:giai:${company}.${assetReference}`,
    });
  });
});

describe('decodeEpc: rejections', () => {
  it.each([
    ['', 'length'],
    ['3074257BF7194E4000001A8', 'length'],
    ['3074257BF7194E4000001A850', 'length'],
    ['3674257BF6B7A659B2C2BF1000000000000000000000000000', 'length'],
    ['3074257BF7194E4000001A8G', 'hex'],
    ['3074257BF7194E40-0001A85', 'hex'],
    ['urn:epc:id:sgtin:0614141.812345.6789', 'hex'],
    ['3574257BF40000000000162E', 'header'],
    ['3274257BF46072000000162E', 'header'],
    ['2D74257BF4499602D2000000', 'header'],
    ['000000000000000000000000', 'header'],
    ['FFFFFFFFFFFFFFFFFFFFFFFF', 'header'],
    [epcHex(0x30, 3, 7, []), 'partition'],
    [epcHex(0x31, 3, 7, []), 'partition'],
    [epcHex(0x33, 3, 7, []), 'partition'],
    [epcHex(0x34, 3, 7, []), 'partition'],
    [epcHex(0x30, 3, 6, [[20, 1_000_000n]]), 'range'],
    [epcHex(0x30, 3, 0, [[40, 1_000_000_000_000n]]), 'range'],
    [
      epcHex(0x30, 3, 0, [
        [40, 1n],
        [4, 10n],
      ]),
      'range',
    ],
    [
      epcHex(0x31, 3, 6, [
        [20, 1n],
        [38, 100_000_000_000n],
      ]),
      'range',
    ],
    [
      epcHex(0x33, 3, 0, [
        [40, 1n],
        [4, 1n],
      ]),
      'range',
    ],
    [epcHex(0x34, 3, 6, [[20, 1_000_000n]]), 'range'],
    [epcHex(0x33, 3, 5, [[24, 10_000_000n]]), 'range'],
  ])('%j → %s', (hex, code) => {
    const result = decodeEpc(hex);
    expect(result.ok ? 'ok' : result.code).toBe(code);
    if (!result.ok) expect(SCAN_ERROR_CODES).toContain(result.code);
  });
});
