import { describe, expect, it } from 'vitest';
import { readTerminalConfig } from '../terminal/terminal-config';
import { parseMachineConfigs } from './machine-config';

const MODBUS = {
  kind: 'modbus-tcp',
  machineId: 'press-1',
  host: '10.20.0.15',
  running: { address: 0 },
  counter: { address: 100 },
};
const SPARKPLUG = {
  kind: 'sparkplug-b',
  machineId: 'cnc-4',
  brokerUrl: 'mqtt://broker.plant.local:1883',
  groupId: 'Plant1',
  edgeNodeId: 'Line4',
  deviceId: 'CNC4',
  running: { metric: 'Machinery/ItemState', runningValues: [2] },
  counter: { metric: 'Machinery/PartCount' },
};

describe('machine configuration', () => {
  it('fills in the defaults a controls engineer expects', () => {
    expect(parseMachineConfigs([MODBUS, SPARKPLUG])).toEqual({
      ok: true,
      configs: [
        {
          ...MODBUS,
          port: 502,
          unitId: 1,
          pollIntervalMs: 500,
          timeoutMs: 2_000,
          running: { table: 'discrete-input', address: 0, invert: false },
          counter: { table: 'input-register', address: 100, words: 2, wordOrder: 'high-first' },
          backoff: { initialDelayMs: 500, maxDelayMs: 30_000 },
        },
        { ...SPARKPLUG, reconnectPeriodMs: 5_000, connectTimeoutMs: 10_000, rebirthRetryMs: 10_000 },
      ],
    });
  });

  it.each([
    ['not a list', { ...MODBUS }, ''],
    ['an unknown protocol', [{ ...MODBUS, kind: 'opc-ua' }], 'kind'],
    ['a duplicate machine id', [MODBUS, { ...SPARKPLUG, machineId: 'press-1' }], 'machineIds must be unique'],
    ['a port out of range', [{ ...MODBUS, port: 70_000 }], 'port'],
    ['a host with a path', [{ ...MODBUS, host: 'plc/../x' }], 'host name or IP address'],
    ['a unit id above 255', [{ ...MODBUS, unitId: 256 }], 'unitId'],
    ['a poll faster than 50 ms', [{ ...MODBUS, pollIntervalMs: 10 }], 'pollIntervalMs'],
    [
      'a register table for the running bit',
      [{ ...MODBUS, running: { table: 'input-register', address: 0 } }],
      'running.table',
    ],
    ['a counter past the last register', [{ ...MODBUS, counter: { address: 65_535 } }], 'runs past the last register'],
    ['three counter words', [{ ...MODBUS, counter: { address: 1, words: 3 } }], 'counter.words'],
    ['an unknown field', [{ ...MODBUS, password: 'x' }], 'password'],
    ['a backoff that shrinks', [{ ...MODBUS, backoff: { initialDelayMs: 1_000, maxDelayMs: 100 } }], 'maxDelayMs'],
    ['an http broker', [{ ...SPARKPLUG, brokerUrl: 'http://broker' }], 'brokerUrl'],
    ['a wildcard in the group', [{ ...SPARKPLUG, groupId: 'Plant/#' }], 'groupId'],
    ['a device id with +', [{ ...SPARKPLUG, deviceId: 'a+b' }], 'deviceId'],
    ['no counter metric', [{ ...SPARKPLUG, counter: {} }], 'counter.metric'],
    [
      'an empty list of running values',
      [{ ...SPARKPLUG, running: { metric: 'm', runningValues: [] } }],
      'runningValues',
    ],
    ['nine machines', Array.from({ length: 9 }, (_, i) => ({ ...MODBUS, machineId: `m${i}` })), ''],
  ])('rejects %s with a reason', (_, value, problem) => {
    const result = parseMachineConfigs(value);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem).toContain(problem);
  });
});

describe('machines in the terminal configuration', () => {
  const base = { serverUrl: 'https://mes:8080', stationId: 'ST-10' };

  it('leaves a configuration without machines as it was', () => {
    const result = readTerminalConfig(JSON.stringify(base), {});
    expect(result.ok && 'machines' in result.config).toBe(false);
  });

  it('reads the machines section', () => {
    const result = readTerminalConfig(JSON.stringify({ ...base, machines: [SPARKPLUG] }), {});
    expect(result.ok && result.config.machines?.map((m) => m.machineId)).toEqual(['cnc-4']);
  });

  it('rejects the whole file for a broken machine, naming it, so nothing is half-applied', () => {
    const result = readTerminalConfig(JSON.stringify({ ...base, machines: [{ ...MODBUS, port: 0 }] }), {});
    expect(result).toEqual({ ok: false, problem: expect.stringMatching(/^machines: 0\.port: /) as unknown });
    expect(readTerminalConfig(JSON.stringify({ ...base, machines: 'press' }), {})).toMatchObject({ ok: false });
  });
});
