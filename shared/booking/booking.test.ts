import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../id/uuidv7';
import { validateBooking } from './booking';
import { BOOKING_TYPES, type BookingType } from './payloads';

const base = {
  terminalId: 'T-1',
  epoch: 'ep-1',
  seq: 1,
  occurredAt: 1_764_000_000_000,
  clockOffsetMs: -120,
  stationId: 'ST-10',
  operatorId: 'OP-1',
  orderId: 'FA1000001',
  operationId: 'FA1000001-0010',
  masterDataVersion: 'v1',
};

const validPayloads: Record<BookingType, unknown> = {
  'operator.login': { method: 'badge' },
  'operator.logout': { reason: 'manual' },
  'operation.start': { phase: 'setup' },
  'operation.interrupt': { reasonCode: 'I-10' },
  'operation.resume': {},
  'operation.finish': { mode: 'partial' },
  'quantity.good': { quantity: 12, unit: 'pcs' },
  'quantity.scrap': { quantity: 1, unit: 'pcs', reasonCode: 'S-10' },
  'quantity.rework': { quantity: 2, unit: 'pcs', reasonCode: 'R-10' },
  'quality.result': { characteristicId: 'C-1', value: 12.01, verdict: 'pass' },
  'downtime.start': { reasonCode: 'D-10' },
  'downtime.end': {},
  'material.consume': { gtin: '04006381333931', lot: 'L42', quantity: 1, unit: 'pcs' },
  'transport.request': { destination: 'Lager' },
  'shift.note': { text: 'Maschine läuft unruhig' },
  'booking.reverse': { reversedBookingId: uuidv7(), reason: 'wrong quantity' },
  'machine.state': { signal: 'M1.run', state: 'running', since: 1_763_999_990_000 },
  'machine.count': {
    signal: 'M1.parts',
    from: 1_763_999_940_000,
    to: 1_763_999_999_000,
    bits: 32,
    startValue: 1_000,
    endValue: 1_120,
    pieces: 120,
    resets: 0,
    wraps: 0,
  },
};

const booking = (type: BookingType, payload: unknown = validPayloads[type], extra: object = {}) => ({
  ...base,
  id: uuidv7(),
  type,
  payload,
  ...extra,
});

describe('validateBooking', () => {
  it.each(BOOKING_TYPES)('accepts a valid %s', (type) => {
    expect(validateBooking(booking(type))).toMatchObject({ ok: true });
  });

  it('accepts a partial confirmation with and without its quantity (older bookings carry none)', () => {
    expect(validateBooking(booking('operation.finish', { mode: 'partial', quantity: 40, unit: 'pcs' })).ok).toBe(true);
    expect(validateBooking(booking('operation.finish', { mode: 'final' })).ok).toBe(true);
  });

  it('covers every type with a schema', () => {
    expect(BOOKING_TYPES).toHaveLength(18);
  });

  it.each<[string, unknown]>([
    ['scrap without reason', booking('quantity.scrap', { quantity: 1, unit: 'pcs' })],
    ['scrap with empty reason', booking('quantity.scrap', { quantity: 1, unit: 'pcs', reasonCode: '  ' })],
    ['negative good quantity', booking('quantity.good', { quantity: -1, unit: 'pcs' })],
    ['zero good quantity', booking('quantity.good', { quantity: 0, unit: 'pcs' })],
    ['NaN quantity', booking('quantity.good', { quantity: Number.NaN, unit: 'pcs' })],
    ['Infinity quantity', booking('quantity.good', { quantity: Number.POSITIVE_INFINITY, unit: 'pcs' })],
    ['unknown phase', booking('operation.start', { phase: 'coffee' })],
    ['confirmed quantity without unit', booking('operation.finish', { mode: 'partial', quantity: 5 })],
    ['confirmed quantity of zero', booking('operation.finish', { mode: 'partial', quantity: 0, unit: 'pcs' })],
    [
      'quality result without value or attribute',
      booking('quality.result', { characteristicId: 'C', verdict: 'pass' }),
    ],
    ['material without gtin or number', booking('material.consume', { lot: 'L', quantity: 1, unit: 'pcs' })],
    ['gtin of wrong length', booking('material.consume', { gtin: '123', quantity: 1, unit: 'pcs' })],
    ['reverse without id', booking('booking.reverse', { reason: 'x' })],
    ['extra payload key', booking('operation.resume', { sneaky: 1 })],
    ['extra envelope key', booking('downtime.end', {}, { admin: true })],
    ['unknown type', { ...booking('downtime.end'), type: 'operation.delete' }],
    ['seq 0', booking('downtime.end', {}, { seq: 0 })],
    ['fractional seq', booking('downtime.end', {}, { seq: 1.5 })],
    ['uppercase id', { ...booking('downtime.end'), id: uuidv7().toUpperCase() }],
    ['id not a uuid', booking('downtime.end', {}, { id: 'abc' })],
    ['operation booking without operation', booking('quantity.good', undefined, { operationId: undefined })],
    ['string for a number', booking('quantity.good', { quantity: '5', unit: 'pcs' })],
    ['a lone surrogate in stationId', booking('downtime.end', {}, { stationId: 'ST-\uD800' })],
    ['a lone surrogate in epoch', booking('downtime.end', {}, { epoch: '\uDC00ep' })],
    ['a lone surrogate in operatorId', booking('downtime.end', {}, { operatorId: 'P-1\uDBFF' })],
    ['a lone surrogate in masterDataVersion', booking('downtime.end', {}, { masterDataVersion: 'v\uD800' })],
    ['a lone surrogate in a reason code', booking('downtime.start', { reasonCode: 'D\uDC00' })],
    ['null', null],
    ['array', []],
    ['string', 'booking'],
  ])('rejects %s with a readable issue', (_name, input) => {
    const result = validateBooking(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.length).toBeGreaterThan(0);
  });

  it('accepts identifiers with proper surrogate pairs (emoji, rare CJK)', () => {
    expect(validateBooking(booking('downtime.end', {}, { stationId: 'ST-\u{1F527}', epoch: 'ep-\u{20000}' })).ok).toBe(
      true,
    );
  });

  it('names the lone surrogate as the problem', () => {
    const result = validateBooking(booking('downtime.end', {}, { terminalId: 'T-\uD800' }));
    expect(result).toEqual({ ok: false, issues: ['terminalId: must be well-formed Unicode (no lone surrogates)'] });
  });

  it('does not let __proto__ keys through', () => {
    const input = JSON.parse(
      JSON.stringify(booking('downtime.end')).replace('"payload":{}', '"payload":{"__proto__":{"x":1}}'),
    );
    expect(validateBooking(input).ok).toBe(false);
  });
});
