import { describe, expect, it } from 'vitest';
import { decodeHidPosReport, HID_POS_LAYOUTS, HidPosScanAssembler, type HidPosEvent } from './hid-pos';
import { createPrng } from './prng.test-support';

// Input reports as node-hid delivers them (report ID in byte 0), 64 bytes each, written as hex dumps;
// `00*43` is a run of 43 zero bytes of padding.

/** Bytes from a hex dump with zero runs, so a 64-byte report fits on a line or two. */
function fromHex(dump: string): Uint8Array {
  return Uint8Array.from(
    dump.split(/\s+/).flatMap((token) => {
      const [hex = '', repeat = '1'] = token.split('*');
      return Array<number>(Number(repeat)).fill(Number.parseInt(hex, 16));
    }),
  );
}

/** Honeywell: report 0x02, length 13, `]E0`, EAN-13, Honeywell code ID 'd' at byte 61, final. */
const HONEYWELL_EAN13 = fromHex('02 0d 5d 45 30 34 30 30 36 33 38 31 33 33 33 39 33 31 00*43 64 00 00');

/** Honeywell: GS1 DataMatrix, first of two reports (length 56 = full, continuation flag at byte 63 set). */
const HONEYWELL_DM_PART1 = fromHex(
  '02 38 5d 64 32 30 31 30 34 30 31 32 33 34 35 36 37 38 39 30 31 31 37 32 36 31 32 33 31 31 30 4c ' +
    '4f 54 2d 32 30 32 34 2d 30 37 2d 41 1d 32 31 53 4e 30 30 30 30 30 30 30 30 30 30 30 30 77 00 01',
);

/** Honeywell: second report, 43 bytes ending in a CR suffix left over from wedge configuration. */
const HONEYWELL_DM_PART2 = fromHex(
  '02 2b 5d 64 32 30 31 32 33 34 35 1d 39 31 49 4e 54 45 52 4e 41 4c 2d 4f 50 45 52 41 54 49 4f 4e ' +
    '2d 30 30 31 30 2d 30 30 32 30 2d 30 30 33 30 0d 00*13 77 00 00',
);

/** Zebra/Datalogic style: AIM and data one byte later than Honeywell (research section 2.1). */
const SHIFTED_CODE128 = fromHex('02 0a 00 5d 43 30 4f 52 44 45 52 2d 34 37 31 31 00*48');

/** Newland FM430: length at 1, data from byte 2, proprietary symbology byte at 62. */
const NEWLAND_EAN13 = fromHex('02 0e 34 30 30 36 33 38 31 33 33 33 39 33 31 0d 00*46 64 00');

const GS = '\u001d';
const DM_TEXT = `010401234567890117261231${'10LOT-2024-07-A'}${GS}21SN000000000000012345${GS}91INTERNAL-OPERATION-0010-0020-0030`;
const latin1 = (data: Uint8Array): string => String.fromCharCode(...data);
const EAN13_BYTES = Uint8Array.from([...'4006381333931'].map((c) => c.charCodeAt(0)));

function scans(events: readonly HidPosEvent[]): unknown[] {
  return events.map((e) => (e.kind === 'scan' ? { text: latin1(e.data), symbology: e.symbology } : e));
}

describe('decodeHidPosReport', () => {
  it('uses 64-byte fixtures', () => {
    for (const report of [HONEYWELL_EAN13, HONEYWELL_DM_PART1, HONEYWELL_DM_PART2, SHIFTED_CODE128, NEWLAND_EAN13]) {
      expect(report).toHaveLength(64);
    }
  });

  it('reads length, AIM and data of a Honeywell report', () => {
    const part = decodeHidPosReport(HONEYWELL_EAN13, HID_POS_LAYOUTS.honeywell);
    expect(part).toEqual({ kind: 'part', data: EAN13_BYTES, symbology: ']E0', hasMore: false });
  });

  it('ignores reports with another report ID (trigger, status) and empty reports', () => {
    const status = Uint8Array.from(HONEYWELL_EAN13, (b, i) => (i === 0 ? 0x15 : b));
    expect(decodeHidPosReport(status, HID_POS_LAYOUTS.honeywell)).toEqual({ kind: 'ignored' });
    expect(decodeHidPosReport(new Uint8Array(0), HID_POS_LAYOUTS.honeywell)).toEqual({ kind: 'ignored' });
  });

  it.each([
    [
      'length beyond the data area',
      Uint8Array.from(HONEYWELL_EAN13, (b, i) => (i === 1 ? 57 : b)),
      'hid-pos-bad-length',
    ],
    ['length 255', Uint8Array.from(HONEYWELL_EAN13, (b, i) => (i === 1 ? 0xff : b)), 'hid-pos-bad-length'],
    ['report cut after the ID', Uint8Array.of(0x02), 'hid-pos-report-too-short'],
    ['report cut inside the data', HONEYWELL_EAN13.subarray(0, 12), 'hid-pos-report-too-short'],
    ['report cut before the continuation flag', HONEYWELL_EAN13.subarray(0, 40), 'hid-pos-report-too-short'],
  ])('rejects %s', (_name, report, code) => {
    expect(decodeHidPosReport(report, HID_POS_LAYOUTS.honeywell)).toEqual({ kind: 'error', code });
  });

  it('finds AIM and data one byte later when `]` sits there (Zebra/Datalogic)', () => {
    const part = decodeHidPosReport(SHIFTED_CODE128, HID_POS_LAYOUTS.honeywell);
    expect(part.kind === 'part' && [latin1(part.data), part.symbology]).toEqual(['ORDER-4711', ']C0']);
  });

  it('reports no symbology when the AIM bytes are empty or not an AIM identifier', () => {
    const noAim = Uint8Array.from(HONEYWELL_EAN13, (b, i) => (i >= 2 && i <= 4 ? 0 : b));
    const part = decodeHidPosReport(noAim, HID_POS_LAYOUTS.honeywell);
    expect(part).toEqual({ kind: 'part', data: EAN13_BYTES, hasMore: false });
    const badAim = Uint8Array.from(HONEYWELL_EAN13, (b, i) => (i === 4 ? 0x0a : b));
    expect(decodeHidPosReport(badAim, HID_POS_LAYOUTS.honeywell)).not.toHaveProperty('symbology');
  });
});

describe('HidPosScanAssembler', () => {
  it('emits a single-report scan with its AIM identifier', () => {
    expect(scans(new HidPosScanAssembler().push(HONEYWELL_EAN13))).toEqual([
      { text: '4006381333931', symbology: ']E0' },
    ]);
  });

  it('concatenates a multi-report scan and strips the trailing CR', () => {
    const assembler = new HidPosScanAssembler(HID_POS_LAYOUTS.honeywell);
    expect(assembler.push(HONEYWELL_DM_PART1)).toEqual([]);
    expect(scans(assembler.push(HONEYWELL_DM_PART2))).toEqual([{ text: DM_TEXT, symbology: ']d2' }]);
    expect(scans(assembler.push(HONEYWELL_EAN13))).toEqual([{ text: '4006381333931', symbology: ']E0' }]);
  });

  it('decodes Newland reports (no AIM in the report, no continuation)', () => {
    const assembler = new HidPosScanAssembler(HID_POS_LAYOUTS.newland);
    expect(scans(assembler.push(NEWLAND_EAN13))).toEqual([{ text: '4006381333931', symbology: undefined }]);
  });

  it('drops a scan whose continuation report is broken instead of delivering half a barcode', () => {
    const assembler = new HidPosScanAssembler();
    assembler.push(HONEYWELL_DM_PART1);
    expect(assembler.push(HONEYWELL_DM_PART2.subarray(0, 20))).toEqual([
      { kind: 'error', code: 'hid-pos-report-too-short' },
    ]);
    expect(scans(assembler.push(HONEYWELL_EAN13))).toEqual([{ text: '4006381333931', symbology: ']E0' }]);
  });

  it('rejects a scan longer than the limit once and recovers after its final report', () => {
    const assembler = new HidPosScanAssembler(HID_POS_LAYOUTS.honeywell, 100);
    const events = [HONEYWELL_DM_PART1, HONEYWELL_DM_PART1, HONEYWELL_DM_PART1, HONEYWELL_DM_PART2].flatMap((r) =>
      assembler.push(r),
    );
    expect(events).toEqual([{ kind: 'error', code: 'hid-pos-scan-too-long' }]);
    expect(scans(assembler.push(HONEYWELL_EAN13))).toEqual([{ text: '4006381333931', symbology: ']E0' }]);
  });

  it('forgets a half scan on reset (unplug)', () => {
    const assembler = new HidPosScanAssembler();
    assembler.push(HONEYWELL_DM_PART1);
    assembler.reset();
    expect(scans(assembler.push(HONEYWELL_DM_PART2))).toEqual([{ text: DM_TEXT.slice(56), symbology: ']d2' }]);
  });

  it('emits nothing for an empty final report (a bare CR suffix)', () => {
    const empty = Uint8Array.from(HONEYWELL_EAN13, (b, i) => (i === 1 ? 1 : i === 5 ? 0x0d : b));
    expect(new HidPosScanAssembler().push(empty)).toEqual([]);
  });

  it('never throws on random reports', () => {
    const prng = createPrng(7);
    const assembler = new HidPosScanAssembler();
    for (let i = 0; i < 2000; i++) {
      const report = Uint8Array.from({ length: prng.int(0, 70) }, () =>
        prng.pick([0x02, 0x5d, 0x00, 0x01, prng.int(0, 255)]),
      );
      for (const event of assembler.push(report)) {
        if (event.kind === 'scan') expect(event.data.length).toBeGreaterThan(0);
      }
    }
  });
});
