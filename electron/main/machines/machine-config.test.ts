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
  running: { metric: 'Machinery/ItemState', runningValues: [3] },
  counter: { metric: 'Machinery/PartCount' },
};
const OPCUA = {
  kind: 'opc-ua',
  machineId: 'mill-2',
  endpointUrl: 'opc.tcp://10.20.0.31:4840',
  machine: 'ns=4;s=Mill2',
  counter: { nodeId: 'ns=4;s=Mill2.PartCount' },
};
const SIGNED = {
  mode: 'SignAndEncrypt',
  certificateFile: '/etc/takt/opcua/terminal.pem',
  privateKeyFile: '/etc/takt/opcua/terminal.key',
};

describe('machine configuration', () => {
  it('fills in the defaults a controls engineer expects', () => {
    expect(parseMachineConfigs([MODBUS, SPARKPLUG, OPCUA])).toEqual({
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
        {
          ...OPCUA,
          security: { mode: 'None' },
          samplingIntervalMs: 250,
          publishingIntervalMs: 500,
          timeoutMs: 10_000,
          backoff: { initialDelayMs: 1_000, maxDelayMs: 30_000 },
        },
      ],
    });
  });

  it('takes OPC UA nodes of every kind, a secure channel and a login', () => {
    const nodes = [
      'i=2258',
      'ns=2;i=4294967295',
      'ns=3;s=PLC1.DB10.Count',
      'ns=1;g=09087e75-8e5e-499b-954f-f2a9603db28a',
      'ns=5;b=M/RbKBsRVkePCePcx24oRA==',
    ];
    for (const nodeId of nodes) {
      const result = parseMachineConfigs([
        {
          ...OPCUA,
          security: SIGNED,
          user: { userName: 'takt', password: 's3cret' },
          running: { nodeId },
          counter: { nodeId, bits: 16 },
        },
      ]);
      expect(result.ok ? result.configs[0] : result).toMatchObject({
        security: SIGNED,
        running: { nodeId },
        counter: { bits: 16 },
      });
    }
  });

  it.each([
    ['not a list', { ...MODBUS }, ''],
    ['an unknown protocol', [{ ...MODBUS, kind: 'opc-da' }], 'kind'],
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
    ['an OPC UA endpoint over http', [{ ...OPCUA, endpointUrl: 'http://10.20.0.31:4840' }], '0.endpointUrl'],
    [
      'a node id that is none',
      [{ ...OPCUA, counter: { nodeId: 'ns=4;x=Mill2' } }],
      '0.counter.nodeId: an OPC UA node id',
    ],
    ['a namespace index past 65535', [{ ...OPCUA, machine: 'ns=65536;i=1' }], '0.machine: an OPC UA node id'],
    ['a numeric id past 2^32 - 1', [{ ...OPCUA, counter: { nodeId: 'i=4294967296' } }], '0.counter.nodeId'],
    ['no counter', [{ ...OPCUA, counter: undefined }], '0.counter: Invalid input'],
    [
      'neither a machine nor a running node',
      [{ ...OPCUA, machine: undefined }],
      '0.running: either running.nodeId or machine',
    ],
    ['a 64-bit counter width', [{ ...OPCUA, counter: { nodeId: 'i=1', bits: 64 } }], '0.counter.bits'],
    [
      'SignAndEncrypt without a certificate',
      [{ ...OPCUA, security: { mode: 'SignAndEncrypt' } }],
      "0.security.certificateFile: security mode SignAndEncrypt needs the terminal's certificate and private key",
    ],
    [
      'Sign without a private key',
      [{ ...OPCUA, security: { ...SIGNED, mode: 'Sign', privateKeyFile: undefined } }],
      '0.security.privateKeyFile: security mode Sign needs',
    ],
    [
      'Sign with policy None',
      [{ ...OPCUA, security: { ...SIGNED, policy: 'None' } }],
      '0.security.policy: security mode SignAndEncrypt needs a policy',
    ],
    [
      'mode None with a policy',
      [{ ...OPCUA, security: { mode: 'None', policy: 'Basic256Sha256' } }],
      '0.security.policy',
    ],
    ['the outdated Basic256 policy', [{ ...OPCUA, security: { ...SIGNED, policy: 'Basic256' } }], '0.security.policy'],
    [
      'a relative certificate path',
      [{ ...OPCUA, security: { ...SIGNED, certificateFile: 'terminal.pem' } }],
      'certificateFile: an absolute path',
    ],
    ['a relative PKI folder', [{ ...OPCUA, pkiFolder: 'pki' }], '0.pkiFolder: an absolute path'],
    ['a login without a password', [{ ...OPCUA, user: { userName: 'takt' } }], '0.user.password'],
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
