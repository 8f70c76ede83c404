import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startBlackholeProxy } from '../testing/opcua-blackhole-proxy';
import { startOpcuaMachineSimulator, type OpcuaMachineSimulator } from '../testing/opcua-machine-simulator';
import { ObservationRecorder } from '../testing/observation-recorder';
import { OpcuaCollector, type OpcuaCollectorConfig } from './opcua-collector';

// One server for the whole file (node-opcua needs about a second to load the Machinery model); every test
// leaves it listening, Executing-free and with its counter where the next test sets it.
let sim: OpcuaMachineSimulator;
let folder: string;
const started: { stop(): Promise<unknown> }[] = [];
const closeAtEnd: (() => Promise<void>)[] = [];

beforeAll(async () => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'takt-opcua-'));
  sim = await startOpcuaMachineSimulator({
    pkiFolder: path.join(folder, 'server-pki'),
    users: [{ userName: 'takt', password: 'right' }],
  });
  closeAtEnd.push(() => sim.close());
});

afterEach(async () => {
  for (const thing of started.splice(0).reverse()) await thing.stop();
  await sim.restart();
  sim.setState('NotExecuting');
});

afterAll(async () => {
  try {
    for (const close of closeAtEnd) await close();
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
});

const clientPki = () => path.join(folder, 'client-pki');

function collect(overrides: Partial<OpcuaCollectorConfig> = {}): ObservationRecorder {
  const recorder = new ObservationRecorder();
  const collector = new OpcuaCollector(
    {
      machineId: 'press-1',
      endpointUrl: sim.endpointUrl,
      security: { mode: 'None' },
      pkiFolder: clientPki(),
      user: { userName: 'takt', password: 'right' },
      machine: sim.nodeIds.machine,
      counter: { nodeId: sim.nodeIds.counter },
      samplingIntervalMs: 0,
      publishingIntervalMs: 50,
      timeoutMs: 2_000,
      backoff: { initialDelayMs: 20, maxDelayMs: 200 },
      ...overrides,
    },
    recorder.sink,
    { defaultPkiFolder: () => Promise.reject(new Error('the test names its PKI folder')) },
  );
  collector.start();
  started.push(collector);
  return recorder;
}

describe('OpcuaCollector against an OPC 40001 machine', () => {
  it('subscribes to the MachineryItemState and the part counter and follows them', async () => {
    sim.setCounter(41);
    const recorder = collect();
    await recorder.status('connected');
    await recorder.state(false);
    expect(await recorder.counter(41)).toMatchObject({ bits: 32 });

    let mark = recorder.mark();
    sim.setState('Executing');
    await recorder.state(true, mark);
    sim.count(3);
    await recorder.counter(44, mark);

    mark = recorder.mark();
    sim.setState('OutOfService');
    await recorder.state(false, mark);
    // The terminal's own certificate went into the PKI folder it was given, not into the user's home.
    expect(fs.existsSync(path.join(clientPki(), 'own', 'certs', 'client_certificate.pem'))).toBe(true);
  });

  it('reports a counter reset and a wrap past 2^32 - 1 as the raw values they are', async () => {
    sim.setCounter(0xfffffffe);
    const recorder = collect();
    await recorder.counter(0xfffffffe);
    sim.count(1);
    await recorder.counter(0xffffffff);
    sim.count(1);
    await recorder.counter(0, recorder.mark());
    sim.setCounter(7);
    await recorder.counter(7);
    sim.setCounter(0);
    await recorder.counter(0, recorder.mark());
    const counts = recorder.observations.flatMap((o) => (o.kind === 'counter' ? [o.value] : []));
    expect(counts).toEqual([0xfffffffe, 0xffffffff, 0, 7, 0]);
  });

  it('reads configured nodes: a numeric state with runningValues, 16-bit and 64-bit counters', async () => {
    sim.setCounter(2 ** 32 + 70_000);
    const byNumber = collect({ running: { nodeId: sim.nodeIds.stateNumber, runningValues: [3] } });
    const sixteen = collect({ running: { nodeId: sim.nodeIds.running }, counter: { nodeId: sim.nodeIds.counter16 } });
    const sixtyFour = collect({ counter: { nodeId: sim.nodeIds.counter64 } });
    expect(await sixteen.counter(70_000 % 65_536)).toMatchObject({ bits: 16 });
    expect(await sixtyFour.counter(70_000)).toMatchObject({ bits: 32 });
    await byNumber.state(false);
    sim.setState('Executing');
    await byNumber.state(true);
    await sixteen.state(true);
  });

  it('shows an unknown node as an error while the other signal is still reported', async () => {
    sim.setCounter(5);
    const recorder = collect({ running: { nodeId: 'ns=1;s=NoSuchNode' } });
    const noMachinery = collect({ machine: sim.nodeIds.counter });
    await recorder.status('error', 0, 'BadNodeIdUnknown');
    await recorder.counter(5);
    await noMachinery.status('error', 0, `${sim.nodeIds.counter} has no MachineryBuildingBlocks/MachineryItemState`);
    await noMachinery.counter(5);
  });

  it('shows the link down when the server stops and reconnects by itself when it is back', async () => {
    sim.setCounter(10);
    const recorder = collect();
    await recorder.counter(10);
    const beforeStop = recorder.mark();
    await sim.stop();
    await recorder.status('disconnected', beforeStop);
    sim.count(2);
    const beforeRestart = recorder.mark();
    await sim.restart();
    await recorder.status('connected', beforeRestart);
    await recorder.counter(12, beforeRestart);
    sim.setState('Executing');
    await recorder.state(true, beforeRestart);
  });

  it('gives up a server that falls silent without closing the connection, and reconnects when it answers', async () => {
    const proxy = await startBlackholeProxy(sim.port);
    started.push({ stop: () => proxy.close() });
    sim.setCounter(20);
    const recorder = collect({ endpointUrl: `opc.tcp://127.0.0.1:${proxy.port}`, timeoutMs: 300 });
    await recorder.counter(20);
    const beforeSilence = recorder.mark();
    proxy.isSilent = true;
    // node-opcua's request timeout or the terminal's keep-alive watchdog, whichever is first.
    await recorder.status('disconnected', beforeSilence);
    proxy.isSilent = false;
    sim.count(1);
    await recorder.status('connected', beforeSilence);
    await recorder.counter(21, beforeSilence);
  });

  it('connects with SignAndEncrypt once plant IT has moved the server certificate to trusted/', async () => {
    // The terminal's certificate and key: here the self-signed pair node-opcua makes in the PKI folder.
    const first = collect();
    await first.status('connected');
    const certificateFile = path.join(clientPki(), 'own', 'certs', 'client_certificate.pem');
    const privateKeyFile = path.join(clientPki(), 'own', 'private', 'private_key.pem');
    sim.setCounter(3);
    const recorder = collect({
      security: { mode: 'SignAndEncrypt', policy: 'Basic256Sha256', certificateFile, privateKeyFile },
    });
    await recorder.status('error', 0, 'BadCertificateUntrusted');
    // node-opcua keeps the refused certificate in rejected/, named after the server and its thumbprint.
    const [refused, ...others] = fs.readdirSync(path.join(clientPki(), 'rejected'));
    expect(others).toEqual([]);
    expect(refused).toMatch(/\.pem$/);

    const mark = recorder.mark();
    const name = refused ?? '';
    fs.renameSync(path.join(clientPki(), 'rejected', name), path.join(clientPki(), 'trusted', 'certs', name));
    await recorder.status('connected', mark);
    await recorder.counter(3, mark);
  });

  it('reports a refused login as an error, not as a machine that is away', async () => {
    const recorder = collect({ user: { userName: 'takt', password: 'wrong' } });
    await recorder.status('error', 0, 'the server refused the session');
  });
});
