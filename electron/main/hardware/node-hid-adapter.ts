import { devicesAsync, HIDAsync, setDriverType } from 'node-hid';

/**
 * The narrow slice of node-hid the HID scanner source needs, on its async API (v3) so enumeration and
 * reads never block Electron's main process (research §2.2). Tests inject fakes with the same shape.
 */

export interface HidDeviceInfo {
  readonly path?: string | undefined;
  readonly vendorId: number;
  readonly productId: number;
  readonly serialNumber?: string | undefined;
  readonly usagePage?: number | undefined;
  readonly usage?: number | undefined;
}

export interface HidConnection {
  onReport(listener: (report: Uint8Array) => void): void;
  /** Called at most once, when the device fails by itself (unplug); never after `close()`. */
  onLost(listener: (error: Error) => void): void;
  sendFeatureReport(data: readonly number[]): Promise<void>;
  /** Never rejects: a device that vanished is already closed. */
  close(): Promise<void>;
}

export interface HidBackend {
  devices(): Promise<readonly HidDeviceInfo[]>;
  /** `exclusive` keeps the OS from also typing a keyboard-mode scanner's data (libusb backend, macOS). */
  open(path: string, options: { readonly exclusive: boolean }): Promise<HidConnection>;
}

export interface NodeHidBackendOptions {
  /**
   * Linux only, and only effective before node-hid first loads its binding: 'libusb' detaches the kernel
   * driver, which is the only way to read a keyboard-mode scanner exclusively there; 'hidraw' is the default.
   */
  readonly driver?: 'hidraw' | 'libusb';
}

export function createNodeHidBackend(options: NodeHidBackendOptions = {}): HidBackend {
  if (options.driver !== undefined) setDriverType(options.driver);
  return {
    devices: () => devicesAsync(),
    open: async (path, { exclusive }) => {
      const device = await HIDAsync.open(path, { nonExclusive: !exclusive });
      let isClosing = false;
      let lostListener: ((error: Error) => void) | undefined;
      let loss: Error | undefined;
      // node-hid emits 'error' on unplug; without a listener that error would crash the main process.
      device.on('error', (error: unknown) => {
        if (isClosing || loss !== undefined) return;
        loss = error instanceof Error ? error : new Error(String(error));
        lostListener?.(loss);
      });
      return {
        onReport: (listener) => device.on('data', (data: Buffer) => listener(data)),
        onLost: (listener) => {
          lostListener = listener;
          if (loss !== undefined) listener(loss);
        },
        sendFeatureReport: async (data) => {
          await device.sendFeatureReport([...data]);
        },
        close: async () => {
          isClosing = true;
          await device.close().catch(() => undefined);
        },
      };
    },
  };
}
