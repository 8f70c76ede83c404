import { describe, expect, it } from 'vitest';
import { HidKeyboardScanDecoder, type HidKeyboardConfig, type HidKeyboardEvent } from './hid-keyboard';

const GS = '\u001d';
const UP = [0, 0, 0, 0, 0, 0, 0, 0] as const;
const SHIFT = 0x02;
const LEFT_CTRL = 0x01;
const LEFT_ALT = 0x04;
const RIGHT_ALT = 0x40;

/** Boot report: modifier byte, reserved, up to 6 key usages. */
const report = (modifiers: number, ...keys: number[]): number[] => [
  modifiers,
  0,
  ...keys,
  ...Array<number>(6 - keys.length).fill(0),
];

/** A keyboard-mode scanner (US) typing "Ab-1" + Enter, one press and one release report per character. */
const SCAN_AB_1 = [
  [0x02, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00],
  UP,
  [0x00, 0x00, 0x05, 0x00, 0x00, 0x00, 0x00, 0x00],
  UP,
  [0x00, 0x00, 0x2d, 0x00, 0x00, 0x00, 0x00, 0x00],
  UP,
  [0x00, 0x00, 0x1e, 0x00, 0x00, 0x00, 0x00, 0x00],
  UP,
  [0x00, 0x00, 0x28, 0x00, 0x00, 0x00, 0x00, 0x00],
  UP,
];

function run(config: HidKeyboardConfig, reports: readonly (readonly number[])[]): HidKeyboardEvent[] {
  const decoder = new HidKeyboardScanDecoder(config);
  return reports.flatMap((r) => decoder.push(Uint8Array.from(r)));
}

/** Press and release each usage with the given modifiers, then Enter. */
function typed(keys: readonly [modifiers: number, usage: number][]): number[][] {
  return [...keys.flatMap(([mod, usage]) => [report(mod, usage), report(0)]), report(0, 0x28), report(0)];
}

describe('HidKeyboardScanDecoder', () => {
  it('decodes a recorded US scan ending in Enter', () => {
    expect(run({ layout: 'us' }, SCAN_AB_1)).toEqual([{ kind: 'scan', text: 'Ab-1' }]);
  });

  it('decodes the digit 8 from node-hid #413 ([0,0,37,0,0,0,0,0])', () => {
    expect(run({ layout: 'us' }, [[0, 0, 37, 0, 0, 0, 0, 0], UP, report(0, 0x28)])).toEqual([
      { kind: 'scan', text: '8' },
    ]);
  });

  it('does not repeat a key that stays down across reports (roll-over)', () => {
    const reports = [
      report(0, 0x04),
      report(0, 0x04, 0x05),
      report(0, 0x05),
      report(0, 0x05),
      report(0),
      report(0, 0x28),
    ];
    expect(run({ layout: 'us' }, reports)).toEqual([{ kind: 'scan', text: 'ab' }]);
  });

  it('repeats a key that was released in between ("AA")', () => {
    expect(
      run(
        { layout: 'us' },
        typed([
          [SHIFT, 0x04],
          [SHIFT, 0x04],
        ]),
      ),
    ).toEqual([{ kind: 'scan', text: 'AA' }]);
  });

  it('takes several new keys of one report in slot order, and a shift change alone types nothing', () => {
    const reports = [report(0, 0x1f, 0x20, 0x21), report(SHIFT, 0x1f, 0x20, 0x21), report(0), report(0, 0x28)];
    expect(run({ layout: 'us' }, reports)).toEqual([{ kind: 'scan', text: '234' }]);
  });

  it('decodes the same usages on a DE-configured scanner, with right Alt as AltGr', () => {
    const keys: [number, number][] = [
      [0, 0x1d],
      [0, 0x1c],
      [0, 0x2d],
      [0, 0x38],
      [SHIFT, 0x24],
      [RIGHT_ALT, 0x14],
      [0, 0x32],
    ];
    expect(run({ layout: 'de' }, typed(keys))).toEqual([{ kind: 'scan', text: 'yzß-/@#' }]);
  });

  it('treats right Alt as a plain Alt on US, so it is not scan data', () => {
    expect(
      run(
        { layout: 'us' },
        typed([
          [0, 0x04],
          [RIGHT_ALT, 0x14],
        ]),
      ),
    ).toEqual([
      { kind: 'error', code: 'hid-keyboard-unmapped-key' },
      { kind: 'scan', text: 'a' },
    ]);
  });

  it('decodes GS sent as Ctrl+] inside a GS1 scan', () => {
    const digits = (s: string): [number, number][] => [...s].map((d) => [0, d === '0' ? 0x27 : 0x1e + Number(d) - 1]);
    const keys: [number, number][] = [...digits('10'), [SHIFT, 0x0f], [LEFT_CTRL, 0x30], ...digits('21'), [0, 0x1e]];
    expect(run({ layout: 'us' }, typed(keys))).toEqual([{ kind: 'scan', text: `10L${GS}211` }]);
  });

  it('composes an Alt+0029 sequence from modifier bits and completes it on Alt release', () => {
    const reports = [
      report(LEFT_ALT),
      report(LEFT_ALT, 0x62),
      report(LEFT_ALT),
      report(LEFT_ALT, 0x62),
      report(LEFT_ALT),
      report(LEFT_ALT, 0x5a),
      report(LEFT_ALT),
      report(LEFT_ALT, 0x61),
      report(LEFT_ALT),
      report(0),
      report(0, 0x1e),
      report(0),
      report(0, 0x28),
    ];
    expect(run({ layout: 'de' }, reports)).toEqual([{ kind: 'scan', text: `${GS}1` }]);
  });

  it('reports phantom state (ErrorRollOver) and keeps the previous key list, so nothing repeats', () => {
    const reports = [report(0, 0x04), [0, 0, 1, 1, 1, 1, 1, 1], report(0, 0x04), report(0), report(0, 0x28)];
    expect(run({ layout: 'us' }, reports)).toEqual([
      { kind: 'error', code: 'hid-keyboard-rollover' },
      { kind: 'scan', text: 'a' },
    ]);
  });

  it('strips a configured report ID and ignores reports with another one', () => {
    const reports = [
      [0x01, ...report(0, 0x04)],
      [0x03, ...report(0, 0x05)],
      [0x01, ...report(0)],
      [0x01, ...report(0, 0x28)],
    ];
    expect(run({ layout: 'us', reportId: 0x01 }, reports)).toEqual([{ kind: 'scan', text: 'a' }]);
  });

  it('rejects short reports, unknown usages and non-data keys without losing the scan', () => {
    const reports = [
      [0, 0, 4],
      report(0, 0x04),
      report(0, 0xe8),
      report(0),
      report(0, 0x29),
      report(0),
      report(0, 0x28),
    ];
    expect(run({ layout: 'us' }, reports)).toEqual([
      { kind: 'error', code: 'hid-keyboard-report-too-short' },
      { kind: 'error', code: 'hid-keyboard-unmapped-key' },
      { kind: 'error', code: 'hid-keyboard-unmapped-key' },
      { kind: 'scan', text: 'a' },
    ]);
  });

  it('rejects an overlong scan once and starts fresh after its end key', () => {
    const long = typed(Array.from({ length: 12 }, (): [number, number] => [0, 0x04]));
    expect(run({ layout: 'us', maxScanLength: 10 }, [...long, ...typed([[0, 0x05]])])).toEqual([
      { kind: 'error', code: 'hid-keyboard-scan-too-long' },
      { kind: 'scan', text: 'b' },
    ]);
  });

  it('ends scans on configured keys, keeps Tab as data otherwise, and ignores empty scans', () => {
    const tabbed = [
      report(0, 0x04),
      report(0),
      report(0, 0x2b),
      report(0),
      report(0, 0x05),
      report(0),
      report(0, 0x28),
      report(0),
      report(0, 0x28),
    ];
    expect(run({ layout: 'us' }, tabbed)).toEqual([{ kind: 'scan', text: 'a\tb' }]);
    expect(run({ layout: 'us', endKeys: ['Tab'] }, tabbed)).toEqual([
      { kind: 'scan', text: 'a' },
      { kind: 'error', code: 'hid-keyboard-unmapped-key' },
      { kind: 'error', code: 'hid-keyboard-unmapped-key' },
    ]);
  });

  it('forgets a half scan and held keys on reset', () => {
    const decoder = new HidKeyboardScanDecoder({ layout: 'us' });
    decoder.push(Uint8Array.from(report(0, 0x04)));
    decoder.reset();
    const events = [report(0, 0x04), report(0), report(0, 0x28)].flatMap((r) => decoder.push(Uint8Array.from(r)));
    expect(events).toEqual([{ kind: 'scan', text: 'a' }]);
  });
});
