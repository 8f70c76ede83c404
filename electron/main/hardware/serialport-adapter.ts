import fs from 'node:fs/promises';
import { SerialPort } from 'serialport';

/**
 * The narrow slice of serialport the scanner source needs. Sources take these functions as parameters, so
 * tests can inject edge cases; the defaults here are the real library (tests also run them on socat PTYs).
 */

export interface SerialPortInfo {
  readonly path: string;
  readonly vendorId?: string | undefined;
  readonly productId?: string | undefined;
  readonly serialNumber?: string | undefined;
}

export interface SerialConnection {
  onData(listener: (chunk: Uint8Array) => void): void;
  /** Called at most once, when the port closes or fails by itself (unplug); never after `close()`. */
  onLost(listener: (error: Error | undefined) => void): void;
  /** Closes the port; never rejects, since a vanished port is already as closed as it gets. */
  close(): Promise<void>;
}

export type ListSerialPorts = () => Promise<readonly SerialPortInfo[]>;
export type OpenSerialPort = (options: {
  readonly path: string;
  readonly baudRate: number;
}) => Promise<SerialConnection>;

export const listSerialPorts: ListSerialPorts = () => SerialPort.list();

/**
 * A Linux tty that hung up (USB unplug, PTY peer gone) returns 0-byte reads: serialport then re-reads in a
 * busy loop and may never emit 'close'. The device node disappearing is the reliable signal, so we watch
 * for it; on Windows, where COM ports are not files, the port list is the only place to look.
 */
const PRESENCE_CHECK_MS = process.platform === 'win32' ? 2000 : 500;

async function isPortPresent(path: string): Promise<boolean> {
  if (process.platform === 'win32') {
    const ports = await SerialPort.list().catch(() => undefined);
    return ports === undefined || ports.some((p) => p.path.toLowerCase() === path.toLowerCase());
  }
  return fs.stat(path).then(
    () => true,
    () => false,
  );
}

export const openSerialPort: OpenSerialPort = async ({ path, baudRate }) => {
  const port = new SerialPort({ path, baudRate, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));

  let isClosing = false;
  let lostListener: ((error: Error | undefined) => void) | undefined;
  // Kept so a loss that happens before anyone listens is still delivered.
  let loss: { readonly error: Error | undefined } | undefined;
  const reportLoss = (error: Error | undefined): void => {
    if (isClosing || loss !== undefined) return;
    loss = { error };
    lostListener?.(error);
  };
  // serialport emits 'close' with a DisconnectedError on unplug; older drivers only error, so both count.
  port.on('close', (error: Error | null) => reportLoss(error ?? undefined));
  port.on('error', (error: Error) => {
    reportLoss(error);
    if (port.isOpen) port.close(() => undefined);
  });
  const watchdog = setInterval(() => {
    void isPortPresent(path).then((isPresent) => {
      if (isPresent || isClosing) return;
      reportLoss(new Error(`${path} is gone`));
      stopWatching();
      if (port.isOpen) port.close(() => undefined);
    });
  }, PRESENCE_CHECK_MS);
  const stopWatching = (): void => clearInterval(watchdog);
  port.once('close', stopWatching);

  return {
    onData: (listener) => port.on('data', (chunk: Buffer) => listener(chunk)),
    onLost: (listener) => {
      lostListener = listener;
      if (loss !== undefined) listener(loss.error);
    },
    close: () => {
      isClosing = true;
      stopWatching();
      if (!port.isOpen) return Promise.resolve();
      return new Promise<void>((resolve) => port.close(() => resolve()));
    },
  };
};
