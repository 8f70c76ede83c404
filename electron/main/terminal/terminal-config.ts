import { z } from 'zod';
import { KEYBOARD_LAYOUT_IDS } from '@shared/scan/keyboard-layouts';
import { parseScanSourceConfigs, type ScanSourceConfig } from '../hardware/scan-source-config';
import { parseMachineConfigs, type MachineConfig } from '../machines/machine-config';

// Where this station's terminal finds its server. Plant IT drops `takt-terminal.json` into the app's
// user-data folder (or sets TAKT_* variables, which win); a broken file is reported, never half-used.

const TerminalConfigSchema = z.strictObject({
  serverUrl: z
    .url({ protocol: /^https?$/ })
    .refine(isSecureOrLocal, 'the server must be reached over https (plain http only for localhost)'),
  stationId: z.string().trim().min(1).max(64),
  enrollmentCode: z.string().min(1).max(128).optional(),
  /** The layout the keyboard-wedge scanners at this station are programmed for. */
  wedgeLayout: z.enum(KEYBOARD_LAYOUT_IDS).default('us'),
  /** Serial, HID and badge-reader devices; checked by the hardware module's own schema. */
  scanSources: z.array(z.unknown()).max(16).default([]),
  /** Windows and macOS: start the terminal when the kiosk user logs in (Linux: the systemd unit does). */
  startOnLogin: z.boolean().optional(),
  /** Local time `HH:MM-HH:MM` in which updates from the server may be installed; without it, never. */
  maintenanceWindow: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, 'a local time range like "02:00-04:00"')
    .optional(),
  /** Machines wired to this station (Modbus TCP, Sparkplug B); checked by the machines module's own schema. */
  machines: z.array(z.unknown()).max(8).optional(),
  /** Days between rotations of the terminal token (30 unless set). */
  tokenRotationDays: z.number().int().min(1).max(365).optional(),
});
export type TerminalConfig = Omit<z.infer<typeof TerminalConfigSchema>, 'scanSources' | 'machines'> & {
  scanSources: ScanSourceConfig[];
  machines?: MachineConfig[];
};

/** Tokens and bookings never cross the plant network in clear text; the same machine is fine. */
export function isSecureOrLocal(serverUrl: string): boolean {
  const url = new URL(serverUrl);
  if (url.protocol === 'https:') return true;
  return (
    url.hostname === 'localhost' || url.hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(url.hostname)
  );
}

export type ConfigResult = { ok: true; config: TerminalConfig } | { ok: false; problem: string };

export function readTerminalConfig(fileText: string | null, env: Record<string, string | undefined>): ConfigResult {
  let fromFile: unknown = {};
  if (fileText !== null) {
    try {
      fromFile = JSON.parse(fileText);
    } catch {
      return { ok: false, problem: 'takt-terminal.json is not valid JSON' };
    }
    if (typeof fromFile !== 'object' || fromFile === null || Array.isArray(fromFile)) {
      return { ok: false, problem: 'takt-terminal.json must hold an object' };
    }
  }
  const merged = {
    ...(fromFile as Record<string, unknown>),
    ...(env.TAKT_SERVER_URL ? { serverUrl: env.TAKT_SERVER_URL } : {}),
    ...(env.TAKT_STATION_ID ? { stationId: env.TAKT_STATION_ID } : {}),
    ...(env.TAKT_ENROLLMENT_CODE ? { enrollmentCode: env.TAKT_ENROLLMENT_CODE } : {}),
  };
  const parsed = TerminalConfigSchema.safeParse(merged);
  if (!parsed.success) {
    return { ok: false, problem: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  }
  const sources = parseScanSourceConfigs(parsed.data.scanSources);
  if (!sources.ok) return { ok: false, problem: `scanSources: ${sources.problem}` };
  const { machines, ...rest } = parsed.data;
  const config = { ...rest, scanSources: sources.configs };
  if (machines === undefined) return { ok: true, config };
  const machineConfigs = parseMachineConfigs(machines);
  if (!machineConfigs.ok) return { ok: false, problem: `machines: ${machineConfigs.problem}` };
  return { ok: true, config: { ...config, machines: machineConfigs.configs } };
}
