import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { validateBooking, type Booking } from '@shared/booking';
import { uuidv7 } from '@shared/id/uuidv7';
import { MachineDraftEventSchema, machineDraftKey } from '@shared/ipc/events';
import { openJournal, type BookingJournal } from '../journal/journal';
import { parseMachineConfigs } from './machine-config';
import { startStationMachines, type StationMachines } from './station-machines';
import { startModbusSimulator, type ModbusSimulator } from './testing/modbus-simulator';

const COUNTER = 100;
const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * What the page does with `machine:draft` in Electron: capture (id, epoch, seq) and journal through main,
 * dropping a key it captured already. `present` false is a page that is not loaded: the event is lost.
 */
function page() {
  const captured = new Map<string, Booking>();
  let seq = 0;
  return {
    present: true,
    captured,
    pieces: () =>
      [...captured.values()].reduce(
        (sum, b) => sum + (b.type === 'machine.count' ? (b as Booking<'machine.count'>).payload.pieces : 0),
        0,
      ),
    receive(machines: () => StationMachines, message: unknown) {
      if (!this.present) return;
      const draft = MachineDraftEventSchema.parse(message);
      const key = machineDraftKey(draft);
      if (captured.has(key)) return;
      const validation = validateBooking({
        ...draft,
        id: uuidv7(),
        terminalId: 'T-1',
        epoch: 'E-1',
        seq: ++seq,
        occurredAt: Date.now(),
        clockOffsetMs: 0,
        stationId: 'ST-10',
        masterDataVersion: '',
      });
      if (!validation.ok) throw new Error(validation.issues.join('; '));
      captured.set(key, validation.booking);
      void machines().journal.then((journal) => journal.append(validation.booking));
    },
  };
}

function start(sim: ModbusSimulator, dir: string, journal: Promise<BookingJournal>, station: ReturnType<typeof page>) {
  const parsed = parseMachineConfigs([
    {
      kind: 'modbus-tcp',
      machineId: 'press-1',
      host: '127.0.0.1',
      port: sim.port,
      pollIntervalMs: 50,
      running: { address: 0 },
      counter: { address: COUNTER },
      backoff: { initialDelayMs: 20, maxDelayMs: 200 },
    },
  ]);
  if (!parsed.ok) throw new Error(parsed.problem);
  const lines: string[] = [];
  const machines: StationMachines = startStationMachines({
    machines: parsed.configs,
    journal,
    resumeFile: path.join(dir, 'machine-resume.json'),
    send: (message) => station.receive(() => machines, message),
    log: {
      info: (topic, line) => lines.push(`${topic} ${line}`),
      warn: (topic, line) => lines.push(`${topic} ${line}`),
    },
    settings: {
      microStopMs: 120_000,
      reducedSpeedShare: 0.8,
      rateWindowMs: 300_000,
      countIntervalMs: 300,
      stateHoldMs: 100,
    },
    tickMs: 50,
    resendAfterMs: 400,
  });
  cleanups.push(() => machines.stop());
  return { machines, lines };
}

async function until(test: () => boolean, what: string): Promise<void> {
  for (const deadline = Date.now() + 10_000; !test(); await sleep(25)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
  }
}

describe('station machines in main', () => {
  it('counts exactly across a page that was not there yet and a restart of main', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'takt-station-machines-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const sim = await startModbusSimulator();
    cleanups.push(() => sim.close());
    sim.discreteInputs.set(0, true);
    let value = 1_000;
    sim.setRegisterPair(sim.inputRegisters, COUNTER, value, 'high-first');
    const make = async (count: number) => {
      for (let made = 0; made < count; made++) {
        sim.setRegisterPair(sim.inputRegisters, COUNTER, ++value, 'high-first');
        if (made % 5 === 4) await sleep(10);
      }
    };

    const journal = openJournal({ dir: path.join(dir, 'journal') });
    cleanups.push(() => journal.then((opened) => opened.close()));
    const station = page();
    station.present = false;
    const first = start(sim, dir, journal, station);
    await until(() => first.lines.includes('machines press-1: connected'), 'the connection log line');
    await sleep(200); // the baseline reading
    await make(120);
    await sleep(700);
    expect(station.captured.size).toBe(0);

    // The page listens: what it missed comes again (when it loads, and after a while unanswered); it
    // captures each once.
    station.present = true;
    first.machines.resend();
    first.machines.resend();
    await until(() => station.pieces() === 120, '120 pieces captured');
    await sleep(900);
    await make(80);
    await until(() => station.pieces() === 200, '200 pieces captured');
    await first.machines.stop();

    // Main restarts; the pieces made meanwhile are counted once, none of the captured ones again.
    await make(33);
    const second = start(sim, dir, journal, station);
    await until(() => station.pieces() === 233, '233 pieces captured');
    await sleep(500);
    await second.machines.stop();
    expect(station.pieces()).toBe(233);
    const states = [...station.captured.values()].filter((b) => b.type === 'machine.state');
    expect(states.map((b) => b.payload)).toEqual([
      expect.objectContaining({ signal: 'press-1.run', state: 'running' }),
    ]);
    expect(fs.existsSync(path.join(dir, 'machine-resume.json'))).toBe(true);
  });
});
