import path from 'node:path';
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

/** An OPC UA node id as UaExpert shows it: `ns=<index>;` (omitted for 0), then `i=`, `s=`, `g=` or `b=`. */
const OPCUA_NODE_ID =
  /^(?:ns=(\d{1,5});)?(?:i=(\d{1,10})|s=.{1,4096}|g=[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|b=[A-Za-z0-9+/]{1,1024}={0,2})$/i;
const opcuaNodeId = z
  .string()
  .trim()
  .max(4_096)
  .refine((value) => {
    const match = OPCUA_NODE_ID.exec(value);
    return match !== null && Number(match[1] ?? 0) <= 0xffff && Number(match[2] ?? 0) <= 0xffffffff;
  }, 'an OPC UA node id such as ns=3;s=Press1.PartCount or ns=2;i=6012');
const absolutePath = z
  .string()
  .min(1)
  .max(1_024)
  .refine((value) => path.isAbsolute(value), 'an absolute path');

const opcuaSecurity = z
  .strictObject({
    mode: z.enum(['None', 'Sign', 'SignAndEncrypt']).default('None'),
    /** Defaults to Basic256Sha256 for Sign and SignAndEncrypt; the RSA-1.5 policies are left out on purpose. */
    policy: z.enum(['None', 'Basic256Sha256', 'Aes128_Sha256_RsaOaep', 'Aes256_Sha256_RsaPss']).optional(),
    /** The terminal's application instance certificate (PEM or DER) and its private key (PEM). */
    certificateFile: absolutePath.optional(),
    privateKeyFile: absolutePath.optional(),
  })
  .superRefine((security, context) => {
    if (security.mode === 'None') {
      if (security.policy !== undefined && security.policy !== 'None')
        context.addIssue({ code: 'custom', path: ['policy'], message: 'security mode None takes policy None' });
      return;
    }
    if (security.policy === 'None')
      context.addIssue({ code: 'custom', path: ['policy'], message: `security mode ${security.mode} needs a policy` });
    for (const file of ['certificateFile', 'privateKeyFile'] as const) {
      if (security[file] === undefined)
        context.addIssue({
          code: 'custom',
          path: [file],
          message: `security mode ${security.mode} needs the terminal's certificate and private key`,
        });
    }
  });

const opcuaMachine = z
  .strictObject({
    kind: z.literal('opc-ua'),
    machineId,
    endpointUrl: z.url({ protocol: /^opc\.tcp$/ }),
    security: opcuaSecurity.default({ mode: 'None' }),
    /** Trusted and rejected server certificates and the terminal's own; default: opcua-pki in the user-data folder. */
    pkiFolder: absolutePath.optional(),
    user: z.strictObject({ userName: z.string().min(1).max(256), password: z.string().max(256) }).optional(),
    /** An OPC 40001 machine object: without `running`, its MachineryItemState is followed (Executing = running). */
    machine: opcuaNodeId.optional(),
    running: z
      .strictObject({
        nodeId: opcuaNodeId,
        runningValues: z
          .array(z.union([z.number(), z.boolean(), z.string().max(64)]))
          .min(1)
          .max(32)
          .optional(),
      })
      .optional(),
    counter: z.strictObject({
      nodeId: opcuaNodeId,
      /** The width at which the machine's counter wraps; default: from its data type (16 or 32, wider mod 2^32). */
      bits: z.union([z.literal(16), z.literal(32)]).optional(),
    }),
    /** How often the server checks the values (samplingInterval) and sends changes (publishingInterval). */
    samplingIntervalMs: durationMs(0, 60_000).default(250),
    publishingIntervalMs: durationMs(50, 60_000).default(500),
    /** Connecting, one request, and the silence after which a subscription is taken for lost (plus keep-alives). */
    timeoutMs: durationMs(100, 120_000).default(10_000),
    backoff: backoff.default({ initialDelayMs: 1_000, maxDelayMs: 30_000 }),
  })
  .refine((machine) => machine.running !== undefined || machine.machine !== undefined, {
    path: ['running'],
    message: 'either running.nodeId or machine (an OPC 40001 machine object with a MachineryItemState) is needed',
  });

const MachineConfigSchema = z.discriminatedUnion('kind', [modbusMachine, sparkplugMachine, opcuaMachine]);
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
