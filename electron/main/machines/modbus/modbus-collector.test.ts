import { afterEach, describe, expect, it } from 'vitest';
import { startModbusSimulator, mbap, type ModbusSimulator } from '../testing/modbus-simulator';
import { ObservationRecorder } from '../testing/observation-recorder';
import { ModbusCollector, type ModbusCollectorConfig } from './modbus-collector';

const RUNNING_INPUT = 3;
const COUNTER_REGISTER = 100;
const started: { stop(): Promise<unknown> }[] = [];

afterEach(async () => {
  for (const thing of started.splice(0).reverse()) await thing.stop();
});

async function simulator(port = 0): Promise<ModbusSimulator> {
  const sim = await startModbusSimulator(port);
  started.push({ stop: () => sim.close() });
  return sim;
}

function collect(port: number, overrides: Partial<ModbusCollectorConfig> = {}): ObservationRecorder {
  const recorder = new ObservationRecorder();
  const collector = new ModbusCollector(
    {
      machineId: 'press-1',
      host: '127.0.0.1',
      port,
      unitId: 1,
      pollIntervalMs: 20,
      timeoutMs: 500,
      running: { table: 'discrete-input', address: RUNNING_INPUT, invert: false },
      counter: { table: 'input-register', address: COUNTER_REGISTER, words: 2, wordOrder: 'high-first' },
      backoff: { initialDelayMs: 20, maxDelayMs: 200 },
      ...overrides,
    },
    recorder.sink,
  );
  collector.start();
  started.push(collector);
  return recorder;
}

describe('ModbusCollector against a Modbus TCP simulator', () => {
  it('connects, reads the running input and the 32-bit counter, and follows the count', async () => {
    const sim = await simulator();
    sim.discreteInputs.set(RUNNING_INPUT, true);
    sim.setRegisterPair(sim.inputRegisters, COUNTER_REGISTER, 70_000, 'high-first');
    const recorder = collect(sim.port);
    await recorder.status('connected');
    await recorder.state(true);
    await recorder.counter(70_000);
    expect(recorder.observations.find((o) => o.kind === 'counter')).toMatchObject({ bits: 32 });

    const mark = recorder.mark();
    sim.setRegisterPair(sim.inputRegisters, COUNTER_REGISTER, 70_001, 'high-first');
    sim.discreteInputs.set(RUNNING_INPUT, false);
    await recorder.counter(70_001, mark);
    await recorder.state(false, mark);
    // Both registers of the counter come in one read, so its halves are from the same moment.
    expect(sim.requests.filter((r) => r.pdu[0] === 0x04).every((r) => r.pdu[4] === 2)).toBe(true);
  });

  it('reads a coil, holding registers in low-word-first order, an inverted signal and a 16-bit counter', async () => {
    const sim = await simulator();
    sim.coils.set(7, false);
    sim.setRegisterPair(sim.holdingRegisters, 40, 0xfffffffe, 'low-first');
    const recorder = collect(sim.port, {
      running: { table: 'coil', address: 7, invert: true },
      counter: { table: 'holding-register', address: 40, words: 2, wordOrder: 'low-first' },
    });
    await recorder.state(true);
    await recorder.counter(0xfffffffe);

    const sixteen = await simulator();
    sixteen.inputRegisters.set(5, 65_535);
    const narrow = collect(sixteen.port, {
      counter: { table: 'input-register', address: 5, words: 1, wordOrder: 'high-first' },
    });
    expect(await narrow.counter(65_535)).toMatchObject({ bits: 16 });
  });

  it('reports a wrap past 2^32 - 1 and a reset to 0 as the raw values they are, for the counter arithmetic', async () => {
    const sim = await simulator();
    sim.setRegisterPair(sim.inputRegisters, COUNTER_REGISTER, 0xffffffff, 'high-first');
    const recorder = collect(sim.port);
    await recorder.counter(0xffffffff);
    sim.setRegisterPair(sim.inputRegisters, COUNTER_REGISTER, 2, 'high-first');
    await recorder.counter(2);
    sim.setRegisterPair(sim.inputRegisters, COUNTER_REGISTER, 0, 'high-first');
    await recorder.counter(0, recorder.mark());
    const counts = recorder.observations.flatMap((o) => (o.kind === 'counter' ? [o.value] : []));
    expect([...new Set(counts)]).toEqual([0xffffffff, 2, 0]);
  });

  it('reports the machine gone when the device dies and reconnects by itself when it is back', async () => {
    const sim = await simulator();
    sim.setRegisterPair(sim.inputRegisters, COUNTER_REGISTER, 10, 'high-first');
    const recorder = collect(sim.port);
    await recorder.counter(10);
    const port = sim.port;

    const beforeDeath = recorder.mark();
    await started.shift()?.stop();
    await recorder.status('disconnected', beforeDeath);

    const revived = await simulator(port);
    revived.setRegisterPair(revived.inputRegisters, COUNTER_REGISTER, 11, 'high-first');
    await recorder.status('connected', beforeDeath);
    await recorder.counter(11, beforeDeath);
  });

  it('shows an exception response as an error while staying connected, and recovers when it clears', async () => {
    const sim = await simulator();
    sim.exceptions.set(COUNTER_REGISTER + 1, 2);
    const recorder = collect(sim.port);
    const error = await recorder.status('error', 0, 'illegal data address');
    expect(error).toMatchObject({ detail: 'counter: exception 2 (illegal data address)' });
    // The running input still works, so its state is still reported.
    await recorder.state(false);

    const mark = recorder.mark();
    sim.exceptions.clear();
    await recorder.status('connected', mark);
    await recorder.counter(0, mark);
    // An exception is the device's answer, not a broken link: no reconnect.
    expect(sim.acceptedConnections).toBe(1);
  });

  it('gives up a connection whose answer does not come, then tries again', async () => {
    const sim = await simulator();
    sim.respond = () => null;
    const recorder = collect(sim.port, { timeoutMs: 100 });
    await recorder.status('disconnected', 0, 'no answer within 100 ms');
    sim.respond = undefined;
    await recorder.status('connected', recorder.mark());
    await recorder.counter(0);
  });

  it.each([
    ['garbage', () => Buffer.from('\u0000\u0001garbage that is no Modbus at all\r\n')],
    ['a foreign protocol id', (t: number) => Buffer.from([t >> 8, t & 0xff, 0x12, 0x34, 0, 3, 1, 0x02, 0])],
    ['a length of 65535', (t: number) => Buffer.from([t >> 8, t & 0xff, 0, 0, 0xff, 0xff, 1])],
    ['an unknown transaction', (t: number) => mbap(t + 1000, 1, Buffer.from([0x02, 1, 1]))],
    ['another unit', (t: number) => mbap(t, 9, Buffer.from([0x02, 1, 1]))],
    ['a short byte count', (t: number) => mbap(t, 1, Buffer.from([0x02, 0]))],
    ['a byte count larger than the data', (t: number) => mbap(t, 1, Buffer.from([0x02, 200, 1]))],
    ['another function', (t: number) => mbap(t, 1, Buffer.from([0x10, 0, 0, 0, 1]))],
  ])('survives a hostile device that answers with %s, and reconnects', async (_, answer) => {
    const sim = await simulator();
    let hostileAnswers = 0;
    sim.respond = (frame) => (hostileAnswers++ < 2 ? answer(frame.transactionId) : undefined);
    const recorder = collect(sim.port);
    await recorder.status('disconnected', 0, 'protocol error');
    await recorder.status('connected', recorder.mark());
    await recorder.counter(0);
    expect(hostileAnswers).toBeGreaterThanOrEqual(2);
  });

  it('stops without leaving a connection or a timer behind', async () => {
    const sim = await simulator();
    const recorder = collect(sim.port);
    await recorder.counter(0);
    const collector = started.pop();
    await collector?.stop();
    await recorder.status('disconnected', 0, 'stopped');
    const requestsAfterStop = sim.requests.length;
    sim.setRegisterPair(sim.inputRegisters, COUNTER_REGISTER, 5, 'high-first');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sim.requests.length).toBe(requestsAfterStop);
    expect(recorder.observations.at(-1)).toMatchObject({ kind: 'status', status: 'disconnected' });
  });
});
