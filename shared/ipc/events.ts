import { z } from 'zod';
import type { IpcEventChannel } from './channels';
import { BOOKING_PAYLOADS } from '../booking/payloads';

// What main pushes to the renderer. The renderer validates each payload too: a bridge is a boundary.

/** One key captured in main: `scanKey` decoded with the scanner's layout, `typedKey` as the OS typed it. */
export const WedgeKeySchema = z.strictObject({
  scanKey: z.string().min(1).max(32),
  typedKey: z.string().min(1).max(32),
  at: z.number().finite(),
});
export type WedgeKey = z.infer<typeof WedgeKeySchema>;

/** A complete scan from a serial, HID or badge device (wedge scans are assembled in the renderer). */
export const ScanReceivedSchema = z.strictObject({
  text: z.string().max(4096),
  source: z.enum(['wedge', 'serial', 'hid', 'badge']),
  deviceId: z.string().max(256),
  symbology: z.string().max(8).optional(),
  receivedAt: z.number().finite(),
});
export type ScanReceived = z.infer<typeof ScanReceivedSchema>;

/**
 * A machine booking drafted by the acquisition in main, for the renderer to capture like a workflow's draft
 * (electron/main/machines/acquisition-outlet.ts). Main sends a draft again until its booking is journaled, so
 * the renderer drops one whose `machineDraftKey` it has captured already.
 */
export const MachineDraftEventSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('machine.count'), payload: BOOKING_PAYLOADS['machine.count'] }),
  z.strictObject({ type: z.literal('machine.state'), payload: BOOKING_PAYLOADS['machine.state'] }),
]);
export type MachineDraftEvent = z.infer<typeof MachineDraftEventSchema>;

/** Identifies a machine draft and the booking captured from it: the same reading interval or state change. */
export function machineDraftKey(draft: MachineDraftEvent): string {
  if (draft.type === 'machine.count') {
    const { signal, from, to, startValue, endValue } = draft.payload;
    return `count|${signal}|${from}|${to}|${startValue}|${endValue}`;
  }
  const { signal, state, since } = draft.payload;
  return `state|${signal}|${state}|${since}`;
}

export const IPC_EVENTS = {
  'wedge:key': WedgeKeySchema,
  'scan:received': ScanReceivedSchema,
  'machine:draft': MachineDraftEventSchema,
} as const satisfies Record<IpcEventChannel, z.ZodType>;

export type IpcEventPayload<E extends IpcEventChannel> = z.output<(typeof IPC_EVENTS)[E]>;
