import { describe, expect, it } from 'vitest';
import { fitToBytes } from './batch-bytes';

const note = (text: string) => ({ type: 'shift.note', payload: { text } });
const requestBytes = (bookings: unknown[]) =>
  new TextEncoder().encode(JSON.stringify({ terminalId: 'T-0001', epoch: 'e'.repeat(36), bookings })).length;

describe('fitToBytes', () => {
  it('keeps a batch that fits whole', () => {
    const bookings = [note('a'), note('b')];
    expect(fitToBytes(bookings, 10_000)).toEqual(bookings);
    expect(fitToBytes([], 10_000)).toEqual([]);
  });

  it('cuts at the cap, counting UTF-8 bytes rather than characters', () => {
    const bookings = Array.from({ length: 50 }, () => note('ü'.repeat(1_000))); // ~2 kB each in UTF-8
    const fitted = fitToBytes(bookings, 20_000);
    expect(fitted.length).toBeGreaterThan(5);
    expect(fitted.length).toBeLessThan(10); // by characters, ten would have seemed to fit
    expect(requestBytes(fitted)).toBeLessThanOrEqual(20_000);
    expect(requestBytes(bookings.slice(0, fitted.length + 1))).toBeGreaterThan(20_000 - 512);
  });

  it('lets one booking larger than the cap go alone instead of never', () => {
    const bookings = [note('x'.repeat(5_000)), note('y')];
    expect(fitToBytes(bookings, 1_000)).toEqual([bookings[0]]);
  });
});
