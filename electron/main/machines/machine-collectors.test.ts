import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { MachineCollector } from './collector';
import { parseMachineConfigs } from './machine-config';
import { createMachineCollector } from './machine-collectors';
import { startMqttBroker } from './testing/mqtt-broker';
import { startModbusSimulator } from './testing/modbus-simulator';
import { ObservationRecorder } from './testing/observation-recorder';
import { SparkplugEdgeNode } from './testing/sparkplug-edge-node';
import { SPARKPLUG_DATA_TYPE } from './sparkplug/sparkplug-payload';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function startFromConfig(value: unknown): { collector: MachineCollector; recorder: ObservationRecorder } {
  const parsed = parseMachineConfigs([value]);
  if (!parsed.ok) throw new Error(parsed.problem);
  const recorder = new ObservationRecorder();
  const [config] = parsed.configs;
  if (config === undefined) throw new Error('no machine');
  const collector = createMachineCollector(config, recorder.sink);
  collector.start();
  cleanups.push(() => collector.stop());
  return { collector, recorder };
}

describe('createMachineCollector', () => {
  it('turns a Modbus TCP entry of the terminal configuration into a running collector', async () => {
    const sim = await startModbusSimulator();
    cleanups.push(() => sim.close());
    sim.discreteInputs.set(0, true);
    sim.setRegisterPair(sim.inputRegisters, 100, 1_234, 'high-first');
    const { collector, recorder } = startFromConfig({
      kind: 'modbus-tcp',
      machineId: 'press-1',
      host: '127.0.0.1',
      port: sim.port,
      running: { address: 0 },
      counter: { address: 100 },
    });
    expect(collector.machineId).toBe('press-1');
    await recorder.state(true);
    await recorder.counter(1_234);
  });

  it('turns a Sparkplug B entry of the terminal configuration into a running collector', async () => {
    const broker = await startMqttBroker();
    cleanups.push(() => broker.close());
    const node = new SparkplugEdgeNode({
      brokerUrl: broker.url,
      groupId: 'Plant1',
      edgeNodeId: 'Line4',
      metrics: [{ name: 'Count', alias: 1, datatype: SPARKPLUG_DATA_TYPE.UInt32, value: 42 }],
    });
    await node.connect();
    cleanups.push(() => node.close());
    const { collector, recorder } = startFromConfig({
      kind: 'sparkplug-b',
      machineId: 'cnc-4',
      brokerUrl: broker.url,
      groupId: 'Plant1',
      edgeNodeId: 'Line4',
      running: { metric: 'Running' },
      counter: { metric: 'Count' },
    });
    expect(collector.machineId).toBe('cnc-4');
    await recorder.counter(42);
  });

  it('turns an OPC UA entry of the terminal configuration into a collector, which names a certificate it cannot read', async () => {
    // The OPC UA collector against its simulator: opcua/opcua-collector.test.ts. Here: the wiring, without a server.
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'takt-opcua-wiring-'));
    cleanups.push(async () => fs.rmSync(folder, { recursive: true, force: true }));
    const certificateFile = path.join(folder, 'terminal.pem');
    const { collector, recorder } = startFromConfig({
      kind: 'opc-ua',
      machineId: 'mill-2',
      endpointUrl: 'opc.tcp://127.0.0.1:4840',
      security: { mode: 'SignAndEncrypt', certificateFile, privateKeyFile: path.join(folder, 'terminal.key') },
      pkiFolder: path.join(folder, 'pki'),
      machine: 'ns=4;s=Mill2',
      counter: { nodeId: 'ns=4;s=Mill2.PartCount' },
    });
    expect(collector.machineId).toBe('mill-2');
    await recorder.status('error', 0, `cannot read ${certificateFile}`);
  });
});
