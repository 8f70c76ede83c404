import type { BillOfMaterials, BomComponent } from '@shared/master-data';
import { isCountUnit } from '../units';
import type { Question, Refusal } from './verdict';

// What a scanned component label may book on the selected operation: only what its bill of materials
// names, with the lot and serial the BOM asks for, not expired, and a label seen before only after a yes.

/** What a GS1 label said (see MaterialScan in shared/barcode). */
export interface ComponentLabel {
  gtin: string;
  lot?: string;
  serial?: string;
  /** ISO date; the material may be used up to and including this day. */
  expiry?: string;
  /** Count of items, AI 30 or 37. */
  quantity?: number;
  /** Net weight as an exact decimal string, AI 310n (kg) or 320n (lb). */
  netWeight?: { value: string; unit: 'kg' | 'lb' };
}

/** One earlier consumption on the operation, from the stored bookings. */
export interface MaterialUse {
  bookingId: string;
  occurredAt: number;
  gtin?: string;
  materialNumber?: string;
  lot?: string;
  serial?: string;
  quantity: number;
  unit: string;
}

/** Overrides and questions already granted for this very label. */
export type MaterialAcknowledgement = 'expired-lot' | 'duplicate-label';

export interface MaterialLabelCase {
  label: ComponentLabel;
  bom: BillOfMaterials | undefined;
  used: readonly MaterialUse[];
  /** Today on the terminal's clock, ISO date. */
  today: string;
  acknowledged: ReadonlySet<MaterialAcknowledgement>;
}

export type MaterialVerdict =
  | { kind: 'refuse'; refusal: Refusal }
  | { kind: 'ask'; question: Question }
  /** Refused, unless a shift lead overrules it. */
  | { kind: 'needs-lead'; refusal: Refusal; acknowledgement: MaterialAcknowledgement }
  /** `quantity` from the label in the component's unit, or null when the operator must enter it. */
  | { kind: 'allow'; component: BomComponent; quantity: number | null };

export function judgeMaterialLabel(c: MaterialLabelCase): MaterialVerdict {
  if (c.bom === undefined) return refusal('work.material.noBom');
  const component = c.bom.components.find((candidate) => candidate.gtin === c.label.gtin);
  if (component === undefined) {
    return refusal('work.material.wrong', { gtin: c.label.gtin, expected: expectedList(c.bom.components) });
  }
  const material = component.name;
  if (component.isLotRequired === true && !c.label.lot) return refusal('work.material.lotMissing', { material });
  if (component.isSerialRequired === true && !c.label.serial)
    return refusal('work.material.serialMissing', { material });
  if (isExpired(c.label.expiry, c.today) && !c.acknowledged.has('expired-lot')) {
    return {
      kind: 'needs-lead',
      acknowledgement: 'expired-lot',
      refusal: {
        messageKey: 'work.material.expired',
        params: { material, lot: c.label.lot ?? '–', date: c.label.expiry ?? '' },
      },
    };
  }
  const earlier = findSameLabel(c.label, c.used);
  if (earlier !== undefined && !c.acknowledged.has('duplicate-label')) {
    const lot = c.label.lot ?? null;
    return { kind: 'ask', question: { kind: 'duplicate-label', bookedAt: earlier.occurredAt, material, lot } };
  }
  return { kind: 'allow', component, quantity: quantityFromLabel(c.label, component.unit) };
}

/** GS1 expiry is the last day of use: expired only from the next day on. */
export function isExpired(expiry: string | undefined, today: string): boolean {
  return expiry !== undefined && expiry < today;
}

/** The newest earlier consumption of the same label (same GTIN, lot and serial), if any. */
export function findSameLabel(label: ComponentLabel, used: readonly MaterialUse[]): MaterialUse | undefined {
  let newest: MaterialUse | undefined;
  for (const use of used) {
    const isSame = use.gtin === label.gtin && use.lot === label.lot && use.serial === label.serial;
    if (isSame && (newest === undefined || use.occurredAt > newest.occurredAt)) newest = use;
  }
  return newest;
}

/** Kilograms per unit of the weights a label or a BOM may use. */
const KG_PER: Record<string, number> = { kg: 1, g: 0.001, t: 1000, lb: 0.45359237 };

/**
 * The quantity a label states, in the BOM's unit: a net weight for weight units, a count for count units.
 * null when the label says nothing that fits (the operator then enters it).
 */
export function quantityFromLabel(label: ComponentLabel, unit: string): number | null {
  const toKg = KG_PER[unit.trim().toLowerCase()];
  if (toKg !== undefined) {
    if (label.netWeight === undefined) return null;
    const kg = Number(label.netWeight.value) * (KG_PER[label.netWeight.unit] ?? 1);
    const quantity = Math.round((kg / toKg) * 1e6) / 1e6;
    return quantity > 0 ? quantity : null;
  }
  if (isCountUnit(unit) && label.quantity !== undefined && label.quantity > 0) return label.quantity;
  return null;
}

function expectedList(components: readonly BomComponent[]): string {
  return components
    .map((component) => {
      const numbers = [component.materialNumber, component.gtin].filter((n): n is string => n !== undefined);
      return `${component.name} (${numbers.join(', ')})`;
    })
    .join('; ');
}

function refusal(messageKey: string, params?: Refusal['params']): MaterialVerdict {
  return { kind: 'refuse', refusal: params ? { messageKey, params } : { messageKey } };
}
