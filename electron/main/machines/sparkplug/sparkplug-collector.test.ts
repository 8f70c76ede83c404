import { afterEach, describe, expect, it } from 'vitest';
import { startMqttBroker, type TestMqttBroker } from '../testing/mqtt-broker';
import { ObservationRecorder } from '../testing/observation-recorder';
import { SparkplugEdgeNode, type EdgeMetric } from '../testing/sparkplug-edge-node';
import { SparkplugCollector, type SparkplugCollectorConfig } from './sparkplug-collector';
import { SPARKPLUG_DATA_TYPE } from './sparkplug-payload';

const started: { stop(): Promise<unknown> }[] = [];

afterEach(async () => {
  for (const thing of started.splice(0).reverse()) await thing.stop();
});

async function broker(port = 0): Promise<TestMqttBroker> {
  const instance = await startMqttBroker(port);
  started.push({ stop: () => instance.close() });
  return instance;
}

function nodeMetrics(): EdgeMetric[] {
  return [
    { name: 'Machine/Running', alias: 1, datatype: SPARKPLUG_DATA_TYPE.Boolean, value: true },
    { name: 'Machine/PartCount', alias: 2, datatype: SPARKPLUG_DATA_TYPE.UInt32, value: 500 },
  ];
}

async function edgeNode(url: string, metrics = nodeMetrics(), deviceId?: string): Promise<SparkplugEdgeNode> {
  const node = new SparkplugEdgeNode({ brokerUrl: url, groupId: 'Plant1', edgeNodeId: 'Line4', deviceId, metrics });
  await node.connect();
  started.push({ stop: () => node.close() });
  return node;
}

function collect(url: string, overrides: Partial<SparkplugCollectorConfig> = {}): ObservationRecorder {
  const recorder = new ObservationRecorder();
  const collector = new SparkplugCollector(
    {
      machineId: 'press-4',
      brokerUrl: url,
      groupId: 'Plant1',
      edgeNodeId: 'Line4',
      running: { metric: 'Machine/Running' },
      counter: { metric: 'Machine/PartCount' },
      reconnectPeriodMs: 100,
      connectTimeoutMs: 2_000,
      rebirthRetryMs: 200,
      ...overrides,
    },
    recorder.sink,
  );
  collector.start();
  started.push(collector);
  return recorder;
}

describe('SparkplugCollector against an MQTT broker and a Sparkplug B edge node', () => {
  it('asks for a birth on connect, reads its values, then follows data sent by alias only', async () => {
    const mqtt = await broker();
    const node = await edgeNode(mqtt.url);
    const recorder = collect(mqtt.url);
    await recorder.status('connected', 0, 'NBIRTH');
    await recorder.state(true);
    expect(await recorder.counter(500)).toMatchObject({ bits: 32 });
    expect(node.rebirthRequests).toBeGreaterThanOrEqual(1);

    const mark = recorder.mark();
    await node.update({ 'Machine/PartCount': 501 });
    await node.update({ 'Machine/Running': false, 'Machine/PartCount': 502 });
    await recorder.counter(501, mark);
    await recorder.counter(502, mark);
    await recorder.state(false, mark);
  });

  it('reports a counter reset and a 32-bit wrap as raw values, for the counter arithmetic', async () => {
    const mqtt = await broker();
    const node = await edgeNode(mqtt.url);
    const recorder = collect(mqtt.url);
    await recorder.counter(500);
    await node.update({ 'Machine/PartCount': 0 });
    await node.update({ 'Machine/PartCount': 0xffffffff });
    await node.update({ 'Machine/PartCount': 1 });
    await recorder.counter(1);
    const counts = recorder.observations.flatMap((o) => (o.kind === 'counter' ? [o.value] : []));
    expect(counts.slice(counts.lastIndexOf(500))).toEqual([500, 0, 0xffffffff, 1]);
  });

  it('reads a device, a numeric state with its running values, and a 64-bit counter modulo 2^32', async () => {
    const mqtt = await broker();
    const node = await edgeNode(
      mqtt.url,
      [
        { name: 'State', alias: 10, datatype: SPARKPLUG_DATA_TYPE.Int32, value: 1 },
        { name: 'Count', alias: 11, datatype: SPARKPLUG_DATA_TYPE.UInt64, value: 2n ** 40n + 7n },
      ],
      'Press',
    );
    const recorder = collect(mqtt.url, {
      deviceId: 'Press',
      running: { metric: 'State', runningValues: [2, 3] },
      counter: { metric: 'Count' },
    });
    await recorder.status('connected', 0, 'DBIRTH');
    await recorder.state(false);
    await recorder.counter(7);
    const mark = recorder.mark();
    await node.update({ State: 3, Count: 2n ** 40n + 8n });
    await recorder.state(true, mark);
    await recorder.counter(8, mark);

    const beforeDeath = recorder.mark();
    await node.deviceDeath();
    await recorder.status('disconnected', beforeDeath, 'DDEATH');
  });

  it('requests a rebirth on a sequence gap and reads on from the new birth', async () => {
    const mqtt = await broker();
    const node = await edgeNode(mqtt.url);
    const recorder = collect(mqtt.url);
    await recorder.counter(500);
    await node.waitForRebirthRequests(1);
    const requestsBeforeGap = node.rebirthRequests;

    await node.update({ 'Machine/PartCount': 510 }, 3);
    await node.waitForRebirthRequests(requestsBeforeGap + 1);
    // The gapped message's absolute value is still true, and the rebirth repeats it.
    await recorder.counter(510);
    const mark = recorder.mark();
    await node.update({ 'Machine/PartCount': 511 });
    await recorder.counter(511, mark);
  });

  it('requests a rebirth for data before a birth, and keeps asking while none comes', async () => {
    const mqtt = await broker();
    const node = await edgeNode(mqtt.url);
    node.ignoresRebirth = true;
    const recorder = collect(mqtt.url);
    await node.waitForRebirthRequests(1);
    await recorder.status('connecting', 0, 'waiting for NBIRTH');
    for (let attempt = 0; node.rebirthRequests < 2 && attempt < 100; attempt++) {
      await node.update({ 'Machine/PartCount': 600 + attempt });
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(node.rebirthRequests).toBeGreaterThanOrEqual(2);
    expect(recorder.observations.some((o) => o.kind === 'counter')).toBe(false);

    node.ignoresRebirth = false;
    await node.publishBirths();
    await recorder.status('connected', 0, 'NBIRTH');
  });

  it("reports the machine disconnected on NDEATH (the node's will) and connected on its next birth", async () => {
    const mqtt = await broker();
    const node = await edgeNode(mqtt.url);
    const recorder = collect(mqtt.url);
    await recorder.status('connected', 0, 'NBIRTH');

    const mark = recorder.mark();
    node.kill();
    await recorder.status('disconnected', mark, 'NDEATH');

    const revived = await edgeNode(mqtt.url);
    await revived.publishBirths();
    await recorder.status('connected', mark, 'NBIRTH');
    await recorder.counter(500, mark);
  });

  it('ignores a late NDEATH of an earlier session (its bdSeq is not the current one)', async () => {
    const mqtt = await broker();
    const node = await edgeNode(mqtt.url);
    const recorder = collect(mqtt.url);
    await recorder.status('connected', 0, 'NBIRTH');
    const { encodeSparkplugPayload } = await import('./sparkplug-payload');
    const staleDeath = encodeSparkplugPayload({
      metrics: [{ name: 'bdSeq', datatype: SPARKPLUG_DATA_TYPE.UInt64, value: 99n }],
    });
    const mark = recorder.mark();
    await node.publishRaw('NDEATH', Buffer.from(staleDeath));
    await node.update({ 'Machine/PartCount': 777 });
    await recorder.counter(777, mark);
    expect(recorder.observations.slice(mark).some((o) => o.kind === 'status')).toBe(false);
  });

  it('reconnects after the broker restarts and gets a fresh birth', async () => {
    const first = await broker();
    const port = first.port;
    const node = await edgeNode(first.url);
    const recorder = collect(first.url);
    await recorder.status('connected', 0, 'NBIRTH');

    const mark = recorder.mark();
    await started.shift()?.stop();
    await recorder.status('disconnected', mark, 'broker connection closed');

    const second = await broker(port);
    await recorder.status('connected', mark, 'NBIRTH');
    await node.update({ 'Machine/PartCount': 900 });
    await recorder.counter(900, mark);
    expect(second.port).toBe(port);
  });

  it('reports an unreachable broker as an error and connects once the broker is there', async () => {
    const probe = await startMqttBroker();
    const port = probe.port;
    await probe.close();
    const url = `mqtt://127.0.0.1:${port}`;
    const recorder = collect(url);
    await recorder.status('error', 0, 'ECONNREFUSED');

    await broker(port);
    await edgeNode(url);
    await recorder.status('connected', 0, 'NBIRTH');
    await recorder.counter(500);
  });

  it('survives hostile payloads: asks for a rebirth instead of believing or crashing', async () => {
    const mqtt = await broker();
    const node = await edgeNode(mqtt.url);
    const recorder = collect(mqtt.url);
    await recorder.status('connected', 0, 'NBIRTH');
    const before = node.rebirthRequests;
    const mark = recorder.mark();
    for (const bytes of [
      [0x12, 0x80], // metrics field whose length varint never ends
      [0x12, 0x05, 0x0a], // metrics field shorter than its length
      [0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01], // 11-byte varint
      [0x0b], // a group start (wire type 3)
    ]) {
      await node.publishRaw('NDATA', Buffer.from(bytes));
    }
    await node.waitForRebirthRequests(before + 1);
    await recorder.status('connecting', mark, 'unreadable NDATA');
    await recorder.status('connected', mark, 'NBIRTH');
    await node.update({ 'Machine/PartCount': 501 });
    await recorder.counter(501, mark);
  });
});
