import { describe, expect, it } from 'vitest';
import { classifyScan, type MaterialScan } from '@shared/barcode';
import type { BillOfMaterials } from '@shared/master-data';
import {
  findSameLabel,
  isExpired,
  judgeMaterialLabel,
  quantityFromLabel,
  type MaterialLabelCase,
  type MaterialUse,
} from './material-rules';

const DISC = '04012345100051';
const BAR = '04012345100013';
const BOM: BillOfMaterials = {
  id: 'BOM-1',
  operationId: 'FA1-0010',
  components: [
    {
      id: '0010',
      name: 'Ronde Ø75',
      gtin: DISC,
      materialNumber: 'RM-75',
      quantityPerUnit: 1,
      unit: 'Stk',
      isLotRequired: true,
    },
    { id: '0020', name: 'Rundstahl Ø45', gtin: BAR, materialNumber: 'RM-45', quantityPerUnit: 1.65, unit: 'kg' },
  ],
};
const base: MaterialLabelCase = {
  label: { gtin: DISC, lot: 'L1', quantity: 25, expiry: '2027-06-30' },
  bom: BOM,
  used: [],
  today: '2026-12-02',
  acknowledged: new Set(),
};
const judge = (overrides: Partial<MaterialLabelCase>) => judgeMaterialLabel({ ...base, ...overrides });
const use = (overrides: Partial<MaterialUse> = {}): MaterialUse => ({
  bookingId: 'b1',
  occurredAt: Date.UTC(2026, 11, 2, 9, 42),
  gtin: DISC,
  lot: 'L1',
  quantity: 25,
  unit: 'Stk',
  ...overrides,
});

/** Reads a label the way the scan router does. */
function scanned(text: string): MaterialScan {
  const scan = classifyScan({ text }, {}, { referenceDate: new Date(Date.UTC(2026, 11, 2)) });
  if (scan.kind !== 'material') throw new Error(`not a material label: ${scan.kind}`);
  return scan;
}

describe('BOM check', () => {
  it('allows a component of the BOM with the label quantity', () => {
    expect(judge({})).toEqual({ kind: 'allow', component: BOM.components[0], quantity: 25 });
  });

  it('refuses material the BOM does not name, saying what is expected by name and number', () => {
    const verdict = judge({ label: { gtin: '04006381333931', lot: 'X' } });
    expect(verdict).toEqual({
      kind: 'refuse',
      refusal: {
        messageKey: 'work.material.wrong',
        params: {
          gtin: '04006381333931',
          expected: `Ronde Ø75 (RM-75, ${DISC}); Rundstahl Ø45 (RM-45, ${BAR})`,
        },
      },
    });
  });

  it('refuses everything on an operation without a BOM', () => {
    expect(judge({ bom: undefined })).toEqual({ kind: 'refuse', refusal: { messageKey: 'work.material.noBom' } });
  });

  it('refuses a label without the lot the BOM requires, but not where no lot is required', () => {
    expect(judge({ label: { gtin: DISC, quantity: 5 } })).toEqual({
      kind: 'refuse',
      refusal: { messageKey: 'work.material.lotMissing', params: { material: 'Ronde Ø75' } },
    });
    expect(judge({ label: { gtin: BAR, netWeight: { value: '12.5', unit: 'kg' } } }).kind).toBe('allow');
  });

  it('refuses a label without the serial the BOM requires', () => {
    const bom: BillOfMaterials = { ...BOM, components: [{ ...BOM.components[0]!, isSerialRequired: true }] };
    expect(judge({ bom }).kind).toBe('refuse');
    expect(judge({ bom, label: { ...base.label, serial: 'S1' } }).kind).toBe('allow');
  });
});

describe('expiry relative to the reference day', () => {
  it.each([
    ['2026-12-01', '2026-12-02', true],
    ['2026-12-02', '2026-12-02', false],
    ['2026-12-03', '2026-12-02', false],
    ['2020-01-01', '2026-12-02', true],
    [undefined, '2026-12-02', false],
  ])('expiry %s on %s is expired: %s', (expiry, today, expected) => {
    expect(isExpired(expiry, today)).toBe(expected);
  });

  it('an expired lot needs a shift lead, naming material, lot and date; once granted it is allowed', () => {
    const label = scanned('0104012345100051' + '10L-OLD' + '\u001d' + '17200101' + '3025');
    expect(label.expiry).toBe('2020-01-01');
    expect(judge({ label })).toEqual({
      kind: 'needs-lead',
      acknowledgement: 'expired-lot',
      refusal: {
        messageKey: 'work.material.expired',
        params: { material: 'Ronde Ø75', lot: 'L-OLD', date: '2020-01-01' },
      },
    });
    expect(judge({ label, acknowledged: new Set(['expired-lot']) }).kind).toBe('allow');
  });

  it('reads a GS1 expiry without a day (00) as the last day of its month', () => {
    const label = scanned('(01)04012345100051(17)261100(10)L2');
    expect(label.expiry).toBe('2026-11-30');
    expect(judge({ label }).kind).toBe('needs-lead');
  });
});

describe('the same label twice', () => {
  it('asks first, with the time it was booked, when GTIN, lot and serial match', () => {
    const earlier = use();
    expect(judge({ used: [use({ occurredAt: earlier.occurredAt - 60_000, bookingId: 'b0' }), earlier] })).toEqual({
      kind: 'ask',
      question: { kind: 'duplicate-label', bookedAt: earlier.occurredAt, material: 'Ronde Ø75', lot: 'L1' },
    });
    expect(judge({ used: [earlier], acknowledged: new Set(['duplicate-label']) }).kind).toBe('allow');
  });

  it('does not ask for another lot, another serial or another material', () => {
    expect(findSameLabel(base.label, [use({ lot: 'L2' })])).toBeUndefined();
    expect(findSameLabel({ ...base.label, serial: 'S2' }, [use({ serial: 'S1' })])).toBeUndefined();
    expect(findSameLabel(base.label, [use({ gtin: BAR })])).toBeUndefined();
    expect(findSameLabel(base.label, [])).toBeUndefined();
  });

  it('asks for a scan identical to the one booked (same raw label, same parsed key)', () => {
    const text = '(01)04012345100051(10)L1(30)25';
    const first = scanned(text);
    const again = scanned(text);
    expect(
      findSameLabel(again, [
        use({
          gtin: first.gtin,
          ...(first.lot === undefined ? {} : { lot: first.lot }),
          quantity: first.quantity ?? 0,
        }),
      ]),
    ).toBeDefined();
  });
});

describe('quantity from the label', () => {
  it.each([
    ['(01)04012345100051(10)L1(30)25', 'Stk', 25],
    ['(01)04012345100013(10)C7(3103)012500', 'kg', 12.5],
    ['(01)04012345100013(10)C7(3102)001250', 'g', 12500],
    ['(01)04012345100013(10)C7(3202)001000', 'kg', 4.535924],
    ['(01)04012345100013(10)C7(3103)012500', 'Stk', null],
    ['(01)04012345100051(10)L1(30)25', 'kg', null],
    ['(01)04012345100051(10)L1', 'Stk', null],
    ['(01)04012345100013(10)C7(3103)000000', 'kg', null],
  ])('%s in %s gives %s', (text, unit, expected) => {
    expect(quantityFromLabel(scanned(text), unit)).toBe(expected);
  });

  it('takes a count of trade items (AI 37, carried as quantity) in any count unit', () => {
    expect(quantityFromLabel({ gtin: DISC, quantity: 12 }, 'pcs')).toBe(12);
    expect(quantityFromLabel({ gtin: DISC, quantity: 12 }, 'Stk')).toBe(12);
  });

  it('leaves the quantity to the operator when the label has none', () => {
    expect(judge({ label: { gtin: DISC, lot: 'L1' } })).toEqual({
      kind: 'allow',
      component: BOM.components[0],
      quantity: null,
    });
  });
});
