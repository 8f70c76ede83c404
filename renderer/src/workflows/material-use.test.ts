import { describe, expect, it } from 'vitest';
import type { Booking } from '@shared/booking';
import type { BillOfMaterials } from '@shared/master-data';
import { deriveMaterialUse, materialChecklist } from './material-use';

let seq = 0;
function booking(type: Booking['type'], payload: Record<string, unknown>, operationId = 'OP-1'): Booking {
  seq += 1;
  return {
    id: `00000000-0000-7000-8000-${String(seq).padStart(12, '0')}`,
    terminalId: 'T',
    epoch: 'E',
    seq,
    type,
    occurredAt: 1_000 + seq,
    clockOffsetMs: 0,
    stationId: 'ST-10',
    operationId,
    orderId: 'FA1',
    masterDataVersion: 'v',
    payload,
  } as Booking;
}

const BOM: BillOfMaterials = {
  id: 'BOM-1',
  operationId: 'OP-1',
  components: [
    { id: '0010', name: 'Lager', gtin: '04012345100037', quantityPerUnit: 2, unit: 'Stk', isLotRequired: true },
    { id: '0020', name: 'Fett', materialNumber: 'CH-FETT', quantityPerUnit: 0.002, unit: 'kg' },
  ],
};

describe('material use', () => {
  it('collects consumptions per operation and leaves reversed ones out', () => {
    const first = booking('material.consume', { gtin: '04012345100037', lot: 'A', quantity: 10, unit: 'Stk' });
    const reversed = booking('material.consume', { gtin: '04012345100037', lot: 'B', quantity: 10, unit: 'Stk' });
    const other = booking('material.consume', { materialNumber: 'CH-FETT', quantity: 0.1, unit: 'kg' }, 'OP-2');
    const rows = [
      first,
      reversed,
      other,
      booking('quantity.good', { quantity: 3, unit: 'Stk' }),
      booking('booking.reverse', { reversedBookingId: reversed.id, reason: 'wrong' }),
    ];
    const uses = deriveMaterialUse(rows);
    expect(uses.get('OP-1')?.map((u) => u.lot)).toEqual(['A']);
    expect(uses.get('OP-2')).toEqual([
      { bookingId: other.id, occurredAt: other.occurredAt, materialNumber: 'CH-FETT', quantity: 0.1, unit: 'kg' },
    ]);
  });

  it('checks the BOM off: consumed against quantity per unit × planned, lots listed', () => {
    const uses = [
      { bookingId: 'a', occurredAt: 1, gtin: '04012345100037', lot: 'A', quantity: 100, unit: 'Stk' },
      { bookingId: 'b', occurredAt: 2, gtin: '04012345100037', lot: 'B', quantity: 60, unit: 'Stk' },
      { bookingId: 'c', occurredAt: 3, materialNumber: 'CH-FETT', quantity: 0.1, unit: 'kg' },
      { bookingId: 'd', occurredAt: 4, materialNumber: 'CH-FETT', quantity: 0.06, unit: 'kg' },
      { bookingId: 'e', occurredAt: 5, gtin: '04012345100037', quantity: 5, unit: 'kg' },
    ];
    const [bearing, grease] = materialChecklist(BOM, uses, 80);
    expect(bearing).toMatchObject({ expected: 160, consumed: 160, lots: ['A', 'B'], isComplete: true });
    expect(grease).toMatchObject({ expected: 0.16, consumed: 0.16, lots: [], isComplete: true });
    expect(materialChecklist(BOM, uses.slice(0, 1), 80)[0]).toMatchObject({ consumed: 100, isComplete: false });
  });
});
