/**
 * decodeEpc: a UHF RFID tag's 96-bit EPC (hex, as readers report it) to GS1 element strings, following
 * the GS1 EPC Tag Data Standard (binary encodings SGTIN-96, SSCC-96, GRAI-96 and GIAI-96).
 *
 * Layout: header (8 bits) | filter (3) | partition (3) | company prefix | reference | serial.
 * The partition value says how many of the bits (and decimal digits) the company prefix takes.
 */
import { scanFailure, type ScanFailure } from './scan-errors';
import { gs1CheckDigit } from './gs1/check-digit';
import type { Gs1Elements } from './gs1/element-set';

export type EpcScheme = 'sgtin-96' | 'sscc-96' | 'grai-96' | 'giai-96';

export interface EpcData {
  readonly ok: true;
  readonly scheme: EpcScheme;
  /** Filter value: the kind of object tagged (e.g. 1 point-of-sale item, 2 full case, 6 unit load). */
  readonly filter: number;
  /** SGTIN → 01 + 21, SSCC → 00, GRAI → 8003, GIAI → 8004. */
  readonly elements: Gs1Elements;
  /** Pure-identity EPC URI, e.g. "urn:epc:id:sgtin:0614141.812345.6789". */
  readonly epcUri: string;
}

export type EpcDecodeResult = EpcData | ScanFailure;

interface SchemeLayout {
  readonly scheme: EpcScheme;
  /** Bits of the field after the company prefix, by partition value 0-6. */
  readonly referenceBits: readonly number[];
  /** Decimal digits of that field, by partition value (company prefix digits + these = constant). */
  readonly referenceDigits: readonly number[];
  /** Bits of the trailing serial (SGTIN, GRAI) or reserved field (SSCC); 0 for GIAI. */
  readonly serialBits: number;
}

/** Company prefix bits and digits by partition value, shared by all four schemes. */
const COMPANY_PREFIX_BITS = [40, 37, 34, 30, 27, 24, 20] as const;
const COMPANY_PREFIX_DIGITS = [12, 11, 10, 9, 8, 7, 6] as const;

const LAYOUTS: ReadonlyMap<number, SchemeLayout> = new Map([
  [
    0x30,
    {
      scheme: 'sgtin-96',
      referenceBits: [4, 7, 10, 14, 17, 20, 24],
      referenceDigits: [1, 2, 3, 4, 5, 6, 7],
      serialBits: 38,
    },
  ],
  [
    0x31,
    {
      scheme: 'sscc-96',
      referenceBits: [18, 21, 24, 28, 31, 34, 38],
      referenceDigits: [5, 6, 7, 8, 9, 10, 11],
      serialBits: 24,
    },
  ],
  [
    0x33,
    {
      scheme: 'grai-96',
      referenceBits: [4, 7, 10, 14, 17, 20, 24],
      referenceDigits: [0, 1, 2, 3, 4, 5, 6],
      serialBits: 38,
    },
  ],
  [
    0x34,
    {
      scheme: 'giai-96',
      referenceBits: [42, 45, 48, 52, 55, 58, 62],
      referenceDigits: [13, 14, 15, 16, 17, 18, 19],
      serialBits: 0,
    },
  ],
] satisfies [number, SchemeLayout][]);

const EPC_BITS = 96;

export function decodeEpc(hex: string): EpcDecodeResult {
  const digits = hex.trim().replace(/^0x/i, '');
  if (!/^[0-9A-Fa-f]*$/.test(digits)) return scanFailure('hex', 'EPC must be hexadecimal');
  if (digits.length !== EPC_BITS / 4) {
    return scanFailure('length', `EPC has ${digits.length} hex digits; only 96-bit EPCs (24 hex digits) are supported`);
  }
  const bits = BigInt(`0x${digits}`);
  const field = (offset: number, width: number): bigint =>
    (bits >> BigInt(EPC_BITS - offset - width)) & ((1n << BigInt(width)) - 1n);

  const header = Number(field(0, 8));
  const layout = LAYOUTS.get(header);
  if (layout === undefined) {
    return scanFailure(
      'header',
      `EPC header 0x${header.toString(16).padStart(2, '0')} is not SGTIN-96, SSCC-96, GRAI-96 or GIAI-96`,
    );
  }
  const filter = Number(field(8, 3));
  const partition = Number(field(11, 3));
  const companyBits = COMPANY_PREFIX_BITS[partition];
  const companyDigits = COMPANY_PREFIX_DIGITS[partition];
  const referenceBits = layout.referenceBits[partition];
  const referenceDigits = layout.referenceDigits[partition];
  if (
    companyBits === undefined ||
    companyDigits === undefined ||
    referenceBits === undefined ||
    referenceDigits === undefined
  ) {
    return scanFailure('partition', `EPC partition value ${partition} is not defined`);
  }
  const company = field(14, companyBits);
  const reference = field(14 + companyBits, referenceBits);
  const serial = field(14 + companyBits + referenceBits, layout.serialBits).toString();
  if (company >= 10n ** BigInt(companyDigits) || reference >= 10n ** BigInt(referenceDigits)) {
    return scanFailure('range', 'EPC company prefix or reference has more digits than its partition allows');
  }
  const companyPrefix = company.toString().padStart(companyDigits, '0');
  const referenceText = formatReference(layout.scheme, reference, referenceDigits);
  return { ok: true, scheme: layout.scheme, filter, ...identify(layout.scheme, companyPrefix, referenceText, serial) };
}

/** GIAI's asset reference is a plain number; the others keep leading zeros, and GRAI's may have no digits. */
function formatReference(scheme: EpcScheme, reference: bigint, digits: number): string {
  if (scheme === 'giai-96') return reference.toString();
  return digits === 0 ? '' : reference.toString().padStart(digits, '0');
}

/** GS1 keys and the pure-identity URI from the decoded fields (TDS §6, "EPC to GS1 element string"). */
function identify(
  scheme: EpcScheme,
  companyPrefix: string,
  reference: string,
  serial: string,
): { readonly elements: Gs1Elements; readonly epcUri: string } {
  const withCheckDigit = (digits: string): string => digits + String(gs1CheckDigit(digits));
  switch (scheme) {
    case 'sgtin-96': {
      // The first digit of the item reference is the GTIN's indicator digit.
      const gtin = withCheckDigit(reference.charAt(0) + companyPrefix + reference.slice(1));
      return {
        elements: { '01': gtin, '21': serial },
        epcUri: `urn:epc:id:sgtin:${companyPrefix}.${reference}.${serial}`,
      };
    }
    case 'sscc-96': {
      // The first digit of the serial reference is the SSCC's extension digit.
      const sscc = withCheckDigit(reference.charAt(0) + companyPrefix + reference.slice(1));
      return { elements: { '00': sscc }, epcUri: `urn:epc:id:sscc:${companyPrefix}.${reference}` };
    }
    case 'grai-96': {
      const grai = `0${withCheckDigit(companyPrefix + reference)}${serial}`;
      return { elements: { '8003': grai }, epcUri: `urn:epc:id:grai:${companyPrefix}.${reference}.${serial}` };
    }
    case 'giai-96':
      return {
        elements: { '8004': companyPrefix + reference },
        epcUri: `urn:epc:id:giai:${companyPrefix}.${reference}`,
      };
  }
}
