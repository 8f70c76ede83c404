import { z } from 'zod';

// The machines wired to this station, as plant IT writes them into takt-terminal.json (`machines`). The file is
// hand-edited, so it is parsed as unknown; one broken entry rejects the whole list with a reason, and the
// terminal then keeps the configuration it had.

const machineId = z.string().trim().min(1).max(64);
const address = z.number().int().min(0).max(0xffff);
const durationMs = (min: number, max: number) => z.number().int().min(min).max(max);

const backoff = z
  .strictObject({ initialDelayMs: durationMs(10, 60_000), maxDelayMs: durationMs(10, 600_000) })
  .refine((b) => b.maxDelayMs >= b.initialDelayMs, 'maxDelayMs must be >= initialDelayMs');

const modbusMachine = z.strictObject({
  kind: z.literal('modbus-tcp'),
  machineId,
  host: z
    .string()
    .trim()
    .min(1)
    .max(253)
    .regex(/^[A-Za-z0-9.:[\]-]+$/, 'a host name or IP address'),
  port: z.number().int().min(1).max(65_535).default(502),
  /** 1 for most TCP devices; gateways use it to pick the serial device behind them. */
  unitId: z.number().int().min(0).max(255).default(1),
  /** The counter is absolute, so a slower poll loses no pieces; it only blurs when a stop began. */
  pollIntervalMs: durationMs(50, 60_000).default(500),
  timeoutMs: durationMs(50, 30_000).default(2_000),
  running: z.strictObject({
    table: z.enum(['discrete-input', 'coil']).default('discrete-input'),
    address,
    invert: z.boolean().default(false),
  }),
  counter: z
    .strictObject({
      table: z.enum(['input-register', 'holding-register']).default('input-register'),
      address,
      words: z.union([z.literal(1), z.literal(2)]).default(2),
      wordOrder: z.enum(['high-first', 'low-first']).default('high-first'),
    })
    .refine((c) => c.address + c.words <= 0x10000, 'the counter runs past the last register'),
  backoff: backoff.default({ initialDelayMs: 500, maxDelayMs: 30_000 }),
});

/** Sparkplug ids are MQTT topic levels: no separators or wildcards. */
const sparkplugId = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[^/+#]+$/, 'no "/", "+" or "#"');

const sparkplugMachine = z.strictObject({
  kind: z.literal('sparkplug-b'),
  machineId,
  brokerUrl: z.url({ protocol: /^mqtts?$/ }),
  clientId: z.string().min(1).max(128).optional(),
  groupId: sparkplugId,
  edgeNodeId: sparkplugId,
  deviceId: sparkplugId.optional(),
  running: z.strictObject({
    metric: z.string().min(1).max(256),
    runningValues: z
      .array(z.union([z.number(), z.string().max(64)]))
      .min(1)
      .max(32)
      .optional(),
  }),
  counter: z.strictObject({ metric: z.string().min(1).max(256) }),
  reconnectPeriodMs: durationMs(100, 600_000).default(5_000),
  connectTimeoutMs: durationMs(100, 120_000).default(10_000),
  rebirthRetryMs: durationMs(100, 600_000).default(10_000),
});

const MachineConfigSchema = z.discriminatedUnion('kind', [modbusMachine, sparkplugMachine]);
const MachineConfigListSchema = z
  .array(MachineConfigSchema)
  .max(8)
  .refine((list) => new Set(list.map((m) => m.machineId)).size === list.length, 'machineIds must be unique');

export type MachineConfig = z.infer<typeof MachineConfigSchema>;

export type MachineConfigResult = { ok: true; configs: MachineConfig[] } | { ok: false; problem: string };

export function parseMachineConfigs(value: unknown): MachineConfigResult {
  const parsed = MachineConfigListSchema.safeParse(value);
  if (!parsed.success) {
    return { ok: false, problem: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  }
  return { ok: true, configs: parsed.data };
}
