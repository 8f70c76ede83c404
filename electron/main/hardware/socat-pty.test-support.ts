import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Test-only: a virtual null-modem cable made of two PTYs joined by socat (research §3.4). The app opens
 * `appPath` with the real serialport; the test plays the scanner by writing to `devicePath`.
 */

export interface PtyPair {
  readonly appPath: string;
  readonly devicePath: string;
  /** Writes as the scanner; the device end stays open, so socat never sees it hang up. */
  write(data: string | Uint8Array): void;
  /** Pulls the cable: socat exits and removes both links. */
  unplug(): Promise<void>;
  /** Plugs a new cable in under the same link names. */
  replug(): Promise<void>;
}

/** Every socat still running, with the device-end descriptor the test writes to. */
const running = new Map<ChildProcess, number>();
let pairCount = 0;

/** Kills every socat the helper started; for afterEach/afterAll. */
export async function killAllSocat(): Promise<void> {
  await Promise.all([...running.keys()].map((child) => stopSocat(child)));
}

function stopSocat(child: ChildProcess): Promise<void> {
  const fd = running.get(child);
  if (fd !== undefined && fd >= 0) fs.closeSync(fd);
  running.delete(child);
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** Resolves once socat has made both links and entered its transfer loop, so no early write is lost. */
function waitUntilReady(child: ChildProcess, links: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => fail(new Error(`socat not ready within 5 s: ${log}`)), 5000);
    const fail = (error: Error): void => {
      clearTimeout(timer);
      reject(error);
    };
    child.once('exit', (code) => fail(new Error(`socat exited with ${code}: ${log}`)));
    child.stderr?.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      if (!log.includes('starting data transfer loop')) return;
      clearTimeout(timer);
      if (links.every((link) => fs.existsSync(link))) resolve();
      else reject(new Error(`socat did not create ${links.join(', ')}`));
    });
  });
}

async function startSocat(appPath: string, devicePath: string): Promise<{ child: ChildProcess; fd: number }> {
  for (const link of [appPath, devicePath]) fs.rmSync(link, { force: true });
  const child = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${appPath}`, `pty,raw,echo=0,link=${devicePath}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  running.set(child, -1);
  try {
    await waitUntilReady(child, [appPath, devicePath]);
  } catch (error) {
    await stopSocat(child);
    throw error;
  }
  const fd = fs.openSync(devicePath, fs.constants.O_RDWR | fs.constants.O_NOCTTY);
  running.set(child, fd);
  return { child, fd };
}

export async function createPtyPair(name: string): Promise<PtyPair> {
  pairCount += 1;
  const base = path.join(os.tmpdir(), `takt-scan-${process.pid}-${pairCount}-${name}`);
  const appPath = `${base}-app`;
  const devicePath = `${base}-device`;
  let current: { child: ChildProcess; fd: number } | undefined = await startSocat(appPath, devicePath);

  return {
    appPath,
    devicePath,
    write(data) {
      if (current === undefined) throw new Error('pty pair is unplugged');
      fs.writeSync(current.fd, typeof data === 'string' ? Buffer.from(data, 'latin1') : data);
    },
    async unplug() {
      if (current === undefined) return;
      await stopSocat(current.child);
      current = undefined;
    },
    async replug() {
      current ??= await startSocat(appPath, devicePath);
    },
  };
}
