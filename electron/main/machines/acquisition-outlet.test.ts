import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Booking } from '@shared/booking';
import { MachineDraftEventSchema, machineDraftKey } from '@shared/ipc/events';
import type { MachineDraft } from './acquisition';
import { createMachineOutlet } from './acquisition-outlet';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function resumeFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'takt-machine-outlet-'));
  dirs.push(dir);
  return path.join(dir, 'machine-resume.json');
}

const count = (from: number, to: number, startValue: number, endValue: number): MachineDraft => ({
  type: 'machine.count',
  payload: {
    signal: 'press-1.parts',
    from,
    to,
    bits: 32,
    startValue,
    endValue,
    pieces: endValue - startValue,
    resets: 0,
    wraps: 0,
  },
});
const state = (value: 'running' | 'stopped', since: number): MachineDraft => ({
  type: 'machine.state',
  payload: { signal: 'press-1.run', state: value, since },
});

/** The booking capture makes of a draft, as the journal receives it. */
function captured(draft: MachineDraft, seq: number): Booking {
  return {
    ...draft,
    id: '01890a5d-ac96-774b-bcce-b302099a8057',
    terminalId: 'T-1',
    epoch: 'E-1',
    seq,
    occurredAt: 1_000_000 + seq,
    clockOffsetMs: 0,
    stationId: 'ST-10',
    masterDataVersion: '',
  } as Booking;
}

describe('machine outlet', () => {
  it('keeps drafts until their bookings are journaled and saves a resume point only past a journaled prefix', () => {
    const file = resumeFile();
    const sent: unknown[] = [];
    const outlet = createMachineOutlet({ resumeFile: file, send: (message) => sent.push(message) });
    const first = count(1_000, 60_000, 10, 70);
    const second = count(60_000, 120_000, 70, 95);
    outlet.sink(first);
    outlet.sink(second);
    outlet.sink(state('stopped', 118_000));
    expect(sent.map((message) => machineDraftKey(MachineDraftEventSchema.parse(message)))).toEqual([
      machineDraftKey(first),
      machineDraftKey(second),
      machineDraftKey(state('stopped', 118_000)),
    ]);

    // The second is captured before the first: its reading is no resume point while the first may be lost.
    outlet.journaled(captured(second, 2));
    expect(fs.existsSync(file)).toBe(false);
    outlet.resend();
    expect(sent.slice(3)).toEqual([first, state('stopped', 118_000)]);

    outlet.journaled(captured(first, 3));
    outlet.journaled(captured(state('stopped', 118_000), 4));
    expect(outlet.pendingCount()).toBe(0);
    const restarted = createMachineOutlet({ resumeFile: file, send: () => undefined });
    expect(restarted.resumePoints([])).toEqual({
      'press-1.parts': { count: { value: 95, at: 120_000, bits: 32 } },
      'press-1.run': { state: { state: 'stopped', since: 118_000 } },
    });
  });

  it('moves the saved points on by the journal, which may hold a booking the file missed', () => {
    const file = resumeFile();
    const outlet = createMachineOutlet({ resumeFile: file, send: () => undefined });
    outlet.sink(count(1_000, 60_000, 10, 70));
    outlet.journaled(captured(count(1_000, 60_000, 10, 70), 1));
    const restarted = createMachineOutlet({ resumeFile: file, send: () => undefined });
    const points = restarted.resumePoints([
      captured(count(1_000, 60_000, 10, 70), 1),
      captured(count(60_000, 120_000, 70, 95), 2),
      captured(state('running', 2_000), 3),
    ]);
    expect(points).toEqual({
      'press-1.parts': { count: { value: 95, at: 120_000, bits: 32 } },
      'press-1.run': { state: { state: 'running', since: 2_000 } },
    });
  });

  it('starts from the next readings when the saved points cannot be read', () => {
    const file = resumeFile();
    fs.writeFileSync(file, '{"version":1,"signals":{"press-1.parts":{"count":{"value":-1}}}}');
    const problems: string[] = [];
    const outlet = createMachineOutlet({ resumeFile: file, send: () => undefined, log: (m) => problems.push(m) });
    expect(outlet.resumePoints([])).toEqual({});
    expect(problems).toEqual([expect.stringContaining('machine resume points unreadable')]);
  });
});
