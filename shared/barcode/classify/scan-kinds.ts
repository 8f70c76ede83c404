/** What a scan means on the shop floor, and how GS1 data maps onto it. */
import type { ScanErrorCode } from '../scan-errors';
import type { Gs1Elements } from '../gs1/element-set';
import { readGs1Date, gs1DateToIso } from '../gs1/dates';
import type { ScanCommand } from './scan-patterns';

export interface MaterialScan {
  readonly kind: 'material';
  /** GTIN-14 from (01); else (03) made-to-order GTIN or (02) content GTIN. */
  readonly gtin: string;
  readonly lot?: string;
  readonly serial?: string;
  /** ISO dates; a GS1 date without a day means the last day of its month. */
  readonly expiry?: string;
  readonly bestBefore?: string;
  readonly productionDate?: string;
  /** Count of items, from (30) variable count or (37) count of trade items. */
  readonly quantity?: number;
  /** Net weight as an exact decimal string (e.g. "1.250"), from (310n) in kg or (320n) in lb. */
  readonly netWeight?: { readonly value: string; readonly unit: 'kg' | 'lb' };
  readonly elements: Gs1Elements;
  readonly symbology?: string;
}

export type ScanClassification =
  | { readonly kind: 'operator-badge'; readonly uid: string }
  | { readonly kind: 'order'; readonly orderNumber: string }
  | { readonly kind: 'operation'; readonly orderNumber: string; readonly operationNumber: string }
  | MaterialScan
  | { readonly kind: 'container'; readonly sscc: string; readonly elements: Gs1Elements; readonly symbology?: string }
  /** Valid GS1 data that names neither material nor a container, e.g. a GIAI (8004) on a tool or a GLN. */
  | { readonly kind: 'other-gs1'; readonly elements: Gs1Elements; readonly symbology?: string }
  | { readonly kind: 'command'; readonly command: ScanCommand }
  | { readonly kind: 'invalid'; readonly code: ScanErrorCode; readonly message: string; readonly ai?: string }
  | { readonly kind: 'unknown'; readonly code: 'unknown-scan'; readonly text: string };

export function classifyGs1Elements(
  elements: Gs1Elements,
  referenceYear: number,
  symbology?: string,
): ScanClassification {
  const origin = symbology === undefined ? { elements } : { elements, symbology };
  const sscc = elements['00'];
  if (sscc !== undefined) return { kind: 'container', sscc, ...origin };
  const gtin = elements['01'] ?? elements['03'] ?? elements['02'];
  if (gtin === undefined) return { kind: 'other-gs1', ...origin };
  const isoDate = (ai: string): string | undefined => {
    const raw = elements[ai];
    const date = raw === undefined ? undefined : readGs1Date(raw, referenceYear, true);
    return date === undefined ? undefined : gs1DateToIso(date);
  };
  const material: { -readonly [K in keyof MaterialScan]: MaterialScan[K] } = { kind: 'material', gtin, ...origin };
  const lot = elements['10'];
  const serial = elements['21'];
  const expiry = isoDate('17');
  const bestBefore = isoDate('15');
  const productionDate = isoDate('11');
  const count = elements['30'] ?? elements['37'];
  const netWeight = readNetWeight(elements);
  if (lot !== undefined) material.lot = lot;
  if (serial !== undefined) material.serial = serial;
  if (expiry !== undefined) material.expiry = expiry;
  if (bestBefore !== undefined) material.bestBefore = bestBefore;
  if (productionDate !== undefined) material.productionDate = productionDate;
  if (count !== undefined) material.quantity = Number(count);
  if (netWeight !== undefined) material.netWeight = netWeight;
  return material;
}

function readNetWeight(elements: Gs1Elements): MaterialScan['netWeight'] {
  for (const [ai, raw] of Object.entries(elements)) {
    const unit = ai.startsWith('310') ? 'kg' : ai.startsWith('320') ? 'lb' : undefined;
    if (unit !== undefined && ai.length === 4) return { value: withImpliedDecimals(raw, Number(ai.charAt(3))), unit };
  }
  return undefined;
}

/** "001250" with 3 implied decimals → "1.250": exact, no floating point. */
function withImpliedDecimals(digits: string, places: number): string {
  const whole = digits.slice(0, digits.length - places).replace(/^0+(?=\d)/, '') || '0';
  return places === 0 ? whole : `${whole}.${digits.slice(digits.length - places)}`;
}
