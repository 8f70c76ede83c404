import 'fake-indexeddb/auto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BoardStation } from '@shared/board';
import type { Booking, BookingDraft, BookingPayload } from '@shared/booking';
import { DEFAULT_MACHINE_SETTINGS } from '@shared/machine';
import { createMachineAcquisition, type MachineDraft } from '../../electron/main/machines/acquisition';
import { createMachineOutlet } from '../../electron/main/machines/acquisition-outlet';
import { parseMachineConfigs } from '../../electron/main/machines/machine-config';
import { startModbusSimulator, type ModbusSimulator } from '../../electron/main/machines/testing/modbus-simulator';
import { closeTerminalData, configureTerminalData, type TerminalData } from '../../renderer/src/data';
import { createFetchTransport, enrollTerminal, startSyncEngine } from '../../renderer/src/sync';
import { createMachineDraftCapture } from '../../renderer/src/workflows/machine-drafts';
import { startTestServer, TEST_ENROLLMENT_CODE, type TestServer } from '../../server/src/testing/test-server';
import { startCuttableProxy, type CuttableProxy } from './cuttable-proxy';

// A machine makes 1,000 pieces and stops twice while the terminal's network to the central server is cut for
// part of the time. Every part is the real one: the Modbus TCP simulator, main's acquisition (collector, count
// aggregator, state debouncer) and outlet, the renderer's draft capture, outbox and sync engine (IndexedDB from
// fake-indexeddb), a TCP link on 127.0.0.1 that is cut, and the server with SQLite. Intervals are fast so it
// runs in seconds; the waits are for events, never for a fixed time.

const RUNNING = 0;
const COUNTER = 100;
const STATION = 'ST-10';
const OPERATOR = 'P-1001';
const ORDER = 'FA1000004';
const OPERATION = 'FA1000004-0010';
const SIGNALS = { run: 'press-1.run', parts: 'press-1.parts' };

const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(test: () => boolean | Promise<boolean>, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await test())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** The machine: its run signal and a 32-bit part counter, on the Modbus simulator. */
function machineOn(sim: ModbusSimulator) {
  let value = 0;
  const setCounter = () => sim.setRegisterPair(sim.inputRegisters, COUNTER, value, 'high-first');
  setCounter();
  return {
    run(isRunning: boolean) {
      sim.discreteInputs.set(RUNNING, isRunning);
    },
    /** Makes pieces five at a time, a step every few milliseconds (about 1,000 pieces a second). */
    async make(pieces: number) {
      for (let made = 0; made < pieces; made += 5) {
        value += Math.min(5, pieces - made);
        setCounter();
        await sleep(5);
      }
    },
  };
}

/** The terminal: the renderer's data layer and sync engine, and main's acquisition and outlet. */
async function startTerminal(serverUrl: string, modbusPort: number) {
  const captured: Booking[] = [];
  const resumeDir = mkdtempSync(join(tmpdir(), 'takt-machine-e2e-'));
  cleanups.push(() => rmSync(resumeDir, { recursive: true, force: true }));
  // Main's outlet hands each draft to the page's capture (the `machine:draft` event in Electron).
  const capture = createMachineDraftCapture(() => STATION);
  const outcomes: string[] = [];
  const outlet = createMachineOutlet({
    resumeFile: join(resumeDir, 'machine-resume.json'),
    send: (draft: MachineDraft) => void capture(draft).then((outcome) => outcomes.push(outcome)),
  });
  const data: TerminalData = configureTerminalData({
    bookingsDbName: 'machine-e2e-bookings',
    masterDbName: 'machine-e2e-master',
    crossTab: false,
    // Main's journal: every captured booking comes back to the outlet, which settles its draft.
    journal: {
      append: async (booking) => {
        captured.push(booking);
        outlet.journaled(booking);
      },
    },
  });
  cleanups.push(() => closeTerminalData());
  await enrollTerminal(serverUrl, STATION, TEST_ENROLLMENT_CODE, { data });
  const engine = startSyncEngine({
    transport: createFetchTransport({ baseUrl: serverUrl, getToken: (pushFor) => data.readToken(pushFor) }),
    data,
    connectivity: null,
    locks: null,
    datasets: ['stations', 'reasons'],
    pushIntervalMs: 100,
    probeIntervalMs: 50,
    backoff: { baseMs: 20, maxMs: 200 },
  });
  cleanups.push(() => engine.stop());

  const parsed = parseMachineConfigs([
    {
      kind: 'modbus-tcp',
      machineId: 'press-1',
      host: '127.0.0.1',
      port: modbusPort,
      pollIntervalMs: 50,
      timeoutMs: 500,
      running: { address: RUNNING },
      counter: { address: COUNTER },
      backoff: { initialDelayMs: 20, maxDelayMs: 200 },
    },
  ]);
  if (!parsed.ok) throw new Error(parsed.problem);
  const acquisition = createMachineAcquisition({
    machines: parsed.configs,
    settings: { ...DEFAULT_MACHINE_SETTINGS, countIntervalMs: 250, stateHoldMs: 120 },
    sink: outlet.sink,
    tickMs: 25,
  });
  cleanups.push(() => acquisition.stop());

  const book = (draft: Omit<BookingDraft, 'stationId' | 'operatorId'>) =>
    data.captureBooking({ ...draft, stationId: STATION, operatorId: OPERATOR } as BookingDraft);
  const states = () =>
    captured.filter((b): b is Booking<'machine.state'> => b.type === 'machine.state').map((b) => b.payload.state);
  return { data, engine, acquisition, outlet, outcomes, captured, book, states };
}

/** What the server stored, in server order. */
function stored(server: TestServer, type: Booking['type']): Array<{ occurredAt: number; payload: unknown }> {
  return server.db
    .prepare('SELECT occurred_at AS occurredAt, payload FROM bookings WHERE type = ? ORDER BY server_seq')
    .all(type)
    .map((row) => {
      const { occurredAt, payload } = row as { occurredAt: number; payload: string };
      return { occurredAt, payload: JSON.parse(payload) as unknown };
    });
}

const countPieces = (server: TestServer) =>
  stored(server, 'machine.count').reduce(
    (sum, row) => sum + (row.payload as BookingPayload<'machine.count'>).pieces,
    0,
  );

describe('machine data from the machine to the central server', () => {
  it('delivers exactly 1,000 pieces and both stops with their reasons across a network outage', async () => {
    const server = await startTestServer();
    cleanups.push(() => server.dispose());
    await server.app.listen({ port: 0, host: '127.0.0.1' });
    const proxy: CuttableProxy = await startCuttableProxy((server.app.server.address() as { port: number }).port);
    cleanups.push(() => proxy.close());
    const sim = await startModbusSimulator();
    cleanups.push(() => sim.close());
    const machine = machineOn(sim);
    machine.run(true);

    const terminal = await startTerminal(`http://127.0.0.1:${proxy.port}`, sim.port);
    await terminal.book({
      type: 'operation.start',
      payload: { phase: 'production' },
      orderId: ORDER,
      operationId: OPERATION,
    });
    terminal.acquisition.start();
    await until(() => terminal.states().length === 1, 'the machine running');

    await machine.make(300);
    await until(() => countPieces(server) === 300, '300 pieces on the server');

    // The cable is pulled: the first stop, and the operator's reason for it, happen offline.
    proxy.cut();
    await machine.make(200);
    machine.run(false);
    await until(() => terminal.states().at(-1) === 'stopped', 'the first stop');
    await terminal.book({ type: 'downtime.start', payload: { reasonCode: 'D03' } });
    machine.run(true);
    await until(() => terminal.states().at(-1) === 'running', 'running again');
    await terminal.book({ type: 'downtime.end', payload: {} });
    await machine.make(200);
    await until(() => proxy.refused > 0, 'the terminal trying the dead link');
    const pendingOffline = (await terminal.data.outbox.readStats()).pendingCount;
    const piecesOnServerWhileCut = countPieces(server);
    proxy.restore();

    // Online again: the second stop, and its reason.
    machine.run(false);
    await until(() => terminal.states().at(-1) === 'stopped', 'the second stop');
    await terminal.book({ type: 'downtime.start', payload: { reasonCode: 'D02' } });
    machine.run(true);
    await until(() => terminal.states().at(-1) === 'running', 'running after the second stop');
    await terminal.book({ type: 'downtime.end', payload: {} });
    await machine.make(300);

    await until(() => countPieces(server) === 1_000, 'all 1,000 pieces on the server');
    await terminal.acquisition.stop();
    await until(async () => (await terminal.data.outbox.readStats()).pendingCount === 0, 'an empty outbox');

    // What happened offline waited in the outbox and arrived afterwards.
    expect(pendingOffline).toBeGreaterThan(0);
    expect(piecesOnServerWhileCut).toBe(300);
    expect(terminal.outcomes.every((outcome) => outcome === 'captured' || outcome === 'duplicate')).toBe(true);
    expect(terminal.outlet.pendingCount()).toBe(0);

    // Exactly 1,000: the counts chain without a gap or an overlap, and nothing came twice.
    const counts = stored(server, 'machine.count').map((row) => row.payload as BookingPayload<'machine.count'>);
    expect(counts.reduce((sum, count) => sum + count.pieces, 0)).toBe(1_000);
    expect(counts[0]?.startValue).toBe(0);
    expect(counts.at(-1)?.endValue).toBe(1_000);
    for (let index = 1; index < counts.length; index++)
      expect(counts[index]?.startValue).toBe(counts[index - 1]?.endValue);
    expect(counts.every((count) => count.signal === SIGNALS.parts && count.resets === 0)).toBe(true);

    // Both stops, and each operator's reason booked while its machine stood.
    const states = stored(server, 'machine.state').map((row) => row.payload as BookingPayload<'machine.state'>);
    expect(states.map((state) => state.state)).toEqual(['running', 'stopped', 'running', 'stopped', 'running']);
    const reasons = stored(server, 'downtime.start');
    expect(reasons.map((row) => (row.payload as BookingPayload<'downtime.start'>).reasonCode)).toEqual(['D03', 'D02']);
    for (const [index, reason] of reasons.entries()) {
      const stop = states[1 + 2 * index];
      const restart = states[2 + 2 * index];
      expect(reason.occurredAt).toBeGreaterThanOrEqual(stop?.since ?? Infinity);
      expect(reason.occurredAt).toBeLessThan(restart?.since ?? 0);
    }
    expect(stored(server, 'downtime.end')).toHaveLength(2);
    expect(server.countRows()).toMatchObject({ quarantined_bookings: 0, rejected_bookings: 0 });

    // The board shows the machine beside the operation: running, with the 1,000 pieces counted for it.
    const board = await server.admin('GET', '/api/v1/board');
    const station = board.json<{ stations: BoardStation[] }>().stations.find((s) => s.stationId === STATION);
    expect(station?.machine).toMatchObject({ state: 'running', operationId: OPERATION, count: 1_000 });
    expect(station?.lastBooking?.type).toBe('downtime.end');
  });
});
