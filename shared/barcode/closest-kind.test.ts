import { describe, expect, it } from 'vitest';
import { closestScanKind, readPatternStart } from './closest-kind';
import { classifyScan } from './classify';

const WERK_NORD = {
  orderPattern: '^FA\\d{7}$',
  operationPattern: '^(?<order>FA\\d{7})[-/](?<operation>\\d{4})$',
  badgePattern: '^[0-9A-F]{8}$',
  commandPrefix: '#CMD:',
};

describe('readPatternStart', () => {
  it('reads the literal start and the fixed digit count after it', () => {
    expect(readPatternStart('^FA\\d{7}$')).toEqual({ literal: 'FA', digits: 7 });
    expect(readPatternStart(WERK_NORD.operationPattern)).toEqual({ literal: 'FA', digits: 7 });
  });

  it('keeps only what every match starts with', () => {
    expect(readPatternStart('^FA?\\d{7}$')).toEqual({ literal: 'F', digits: undefined });
    expect(readPatternStart('^[0-9A-F]{8}$')).toEqual({ literal: '', digits: undefined });
    expect(readPatternStart('^AU\\d+$')).toEqual({ literal: 'AU', digits: undefined });
  });
});

describe('closestScanKind', () => {
  it('says a truncated order label is an order number one digit short', () => {
    expect(closestScanKind('FA100000', WERK_NORD)).toEqual({ kind: 'order', expectedDigits: 7, actualDigits: 6 });
    // The badge pattern matches it too: the classifier alone would call it a badge.
    expect(classifyScan({ text: 'FA100000' }, WERK_NORD).kind).toBe('operator-badge');
  });

  it('counts extra digits and ignores letter case', () => {
    expect(closestScanKind('fa10000041', WERK_NORD)).toEqual({ kind: 'order', expectedDigits: 7, actualDigits: 8 });
  });

  it('calls a text with a separator an operation label and counts its order digits', () => {
    expect(closestScanKind('FA100004-0010', WERK_NORD)).toEqual({
      kind: 'operation',
      expectedDigits: 7,
      actualDigits: 6,
    });
    expect(closestScanKind('FA1000004-10', WERK_NORD)).toEqual({ kind: 'operation' });
  });

  it('gives no digit counts when something other than the count differs', () => {
    expect(closestScanKind('FA10X0004', WERK_NORD)).toEqual({ kind: 'order' });
  });

  it('finds nothing for text that starts like none of the formats', () => {
    expect(closestScanKind('ZX07123456', WERK_NORD)).toBeNull();
    expect(closestScanKind('04A1B2C4', WERK_NORD)).toBeNull();
    expect(closestScanKind('', WERK_NORD)).toBeNull();
    expect(closestScanKind('FA1', {})).toBeNull();
  });
});
