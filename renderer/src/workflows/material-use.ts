import type { Booking, BookingType } from '@shared/booking';
import type { BillOfMaterials, BomComponent } from '@shared/master-data';
import type { MaterialUse } from './rules/material-rules';

// What went into each operation, from this terminal's own material bookings (reversed ones do not count).

export function deriveMaterialUse(bookings: readonly Booking[]): Map<string, MaterialUse[]> {
  const reversed = new Set(bookings.filter(isOfType('booking.reverse')).map((b) => b.payload.reversedBookingId));
  const byOperation = new Map<string, MaterialUse[]>();
  for (const booking of bookings.filter(isOfType('material.consume'))) {
    if (!booking.operationId || reversed.has(booking.id)) continue;
    const { gtin, materialNumber, lot, serial, quantity, unit } = booking.payload;
    const use: MaterialUse = {
      bookingId: booking.id,
      occurredAt: booking.occurredAt,
      quantity,
      unit,
      ...(gtin === undefined ? {} : { gtin }),
      ...(materialNumber === undefined ? {} : { materialNumber }),
      ...(lot === undefined ? {} : { lot }),
      ...(serial === undefined ? {} : { serial }),
    };
    byOperation.set(booking.operationId, [...(byOperation.get(booking.operationId) ?? []), use]);
  }
  return byOperation;
}

function isOfType<T extends BookingType>(type: T) {
  return (booking: Booking): booking is Booking<T> => booking.type === type;
}

export interface ChecklistRow {
  component: BomComponent;
  /** Quantity per unit × the order's planned quantity, in the component's unit. */
  expected: number;
  consumed: number;
  lots: string[];
  isComplete: boolean;
}

/** The BOM as a checklist: consumed against expected per component (uses in another unit are not summed). */
export function materialChecklist(bom: BillOfMaterials, used: readonly MaterialUse[], planned: number): ChecklistRow[] {
  return bom.components.map((component) => {
    const mine = used.filter((use) => isUseOf(component, use) && use.unit === component.unit);
    const consumed = round(mine.reduce((sum, use) => sum + use.quantity, 0));
    const expected = round(component.quantityPerUnit * planned);
    const lots = [...new Set(mine.flatMap((use) => (use.lot === undefined ? [] : [use.lot])))];
    return { component, expected, consumed, lots, isComplete: consumed >= expected };
  });
}

function isUseOf(component: BomComponent, use: MaterialUse): boolean {
  if (component.gtin !== undefined && use.gtin !== undefined) return component.gtin === use.gtin;
  return component.materialNumber !== undefined && component.materialNumber === use.materialNumber;
}

/** Decimal quantities (kg) summed in binary floating point; rounded at a precision no scale reaches. */
function round(quantity: number): number {
  return Math.round(quantity * 1e6) / 1e6;
}
