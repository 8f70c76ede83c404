import { z } from 'zod';
import { BADGE_UID_FORMATS } from '@shared/scan/badge-uid';
import type { HID_POS_LAYOUTS } from '@shared/scan/hid-pos';
import { KEYBOARD_LAYOUT_IDS } from '@shared/scan/keyboard-layouts';
import { LINE_TERMINATORS } from '@shared/scan/line-framer';

// The scanners and badge readers of one terminal, as plant IT configures them. The file is a trust boundary
// (hand-edited JSON), so it is parsed as unknown and a broken entry rejects the whole list with a reason.

const HID_POS_LAYOUT_NAMES = ['honeywell', 'newland'] as const satisfies readonly (keyof typeof HID_POS_LAYOUTS)[];

const deviceId = z.string().trim().min(1).max(64);
/** USB ids are written the way lsusb and udev show them: "0c2e", "0x0C2E". */
const usbIdText = z.string().regex(/^(0x)?[0-9a-fA-F]{1,4}$/, 'a USB id is 1-4 hex digits');
const usbId = usbIdText.transform((id) => Number.parseInt(id.replace(/^0x/i, ''), 16));
const byte = z.number().int().min(0).max(0xff);

const backoff = z
  .strictObject({
    initialDelayMs: z.number().int().min(10).max(60_000),
    maxDelayMs: z.number().int().min(10).max(600_000),
  })
  .refine((b) => b.maxDelayMs >= b.initialDelayMs, 'maxDelayMs must be >= initialDelayMs');

const serialPort = z.union([
  z.strictObject({ path: z.string().min(1).max(256) }),
  z.strictObject({ vendorId: usbIdText, productId: usbIdText, serialNumber: z.string().min(1).max(128).optional() }),
]);

const framing = z
  .strictObject({
    terminator: z.enum(LINE_TERMINATORS),
    interByteTimeoutMs: z.number().int().min(1).max(10_000).optional(),
    maxFrameLength: z.number().int().min(1).max(1_000_000).optional(),
  })
  .refine(
    (f) => f.terminator !== 'none' || f.interByteTimeoutMs !== undefined,
    "terminator 'none' needs interByteTimeoutMs",
  );

const baudRate = z.number().int().min(300).max(4_000_000).optional();
const encoding = z.enum(['utf8', 'latin1']).optional();

const serialSource = z.strictObject({
  kind: z.literal('serial'),
  deviceId,
  port: serialPort,
  baudRate,
  framing,
  encoding,
  backoff: backoff.optional(),
});

const badgeSerialSource = z.strictObject({
  kind: z.literal('badge-serial'),
  deviceId,
  port: serialPort,
  baudRate,
  protocol: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('em4100') }),
    z.strictObject({
      kind: z.literal('line'),
      framing,
      format: z.enum(BADGE_UID_FORMATS),
      decimalBytes: z.number().int().min(3).max(10).optional(),
    }),
  ]),
  debounceMs: z.number().int().min(0).max(60_000).optional(),
  backoff: backoff.optional(),
});

const hidSource = z.strictObject({
  kind: z.literal('hid'),
  deviceId,
  vendorId: usbId,
  productId: usbId,
  serialNumber: z.string().min(1).max(128).optional(),
  mode: z.discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('pos'),
      layout: z.enum(HID_POS_LAYOUT_NAMES).optional(),
      featureReportsOnOpen: z.array(z.array(byte).min(1).max(64)).max(8).optional(),
      encoding,
    }),
    z.strictObject({
      kind: z.literal('keyboard'),
      layout: z.enum(KEYBOARD_LAYOUT_IDS),
      reportId: byte.optional(),
      endKeys: z
        .array(z.enum(['Enter', 'Tab']))
        .min(1)
        .optional(),
    }),
  ]),
  backoff: backoff.optional(),
});

const ScanSourceConfigSchema = z.discriminatedUnion('kind', [serialSource, badgeSerialSource, hidSource]);
const ScanSourceConfigListSchema = z
  .array(ScanSourceConfigSchema)
  .max(16)
  .refine((list) => new Set(list.map((c) => c.deviceId)).size === list.length, 'deviceIds must be unique');

export type ScanSourceConfig = z.infer<typeof ScanSourceConfigSchema>;

export type ScanSourceConfigResult = { ok: true; configs: ScanSourceConfig[] } | { ok: false; problem: string };

export function parseScanSourceConfigs(value: unknown): ScanSourceConfigResult {
  const parsed = ScanSourceConfigListSchema.safeParse(value);
  if (!parsed.success) {
    return { ok: false, problem: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  }
  return { ok: true, configs: parsed.data };
}
