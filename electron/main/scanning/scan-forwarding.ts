import type { WebContents } from 'electron';
import type { ScanReceived } from '@shared/ipc/events';
import type { ScanSourceRegistry } from '../hardware/scan-sources';
import { createWedgeKeyCapture, type WedgeCaptureConfig } from './wedge-key-capture';

/**
 * Routes every scanner at the station into the one window: wedge keys are withheld from the page and sent
 * decoded, device scans are sent whole. Returns a function that detaches everything.
 */
export function forwardScansTo(
  contents: WebContents,
  wedge: WedgeCaptureConfig,
  registry: ScanSourceRegistry,
): () => void {
  const capture = createWedgeKeyCapture(wedge);
  const onInput = (event: Electron.Event, input: Electron.Input) => {
    const decision = capture(input, performance.now());
    if (!decision.withhold) return;
    event.preventDefault();
    for (const key of decision.keys) contents.send('wedge:key', key);
  };
  contents.on('before-input-event', onInput);
  const stopScans = registry.onScan((scan) => {
    if (contents.isDestroyed()) return;
    const message: ScanReceived = {
      text: scan.text,
      source: scan.source,
      deviceId: scan.deviceId,
      receivedAt: scan.receivedAt,
      ...(scan.symbology ? { symbology: scan.symbology } : {}),
    };
    contents.send('scan:received', message);
  });
  return () => {
    contents.off('before-input-event', onInput);
    stopScans();
  };
}
