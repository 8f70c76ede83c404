// Channel names alone, without their schemas: the preload needs only these and must stay small.

/** Renderer → main calls (invoke/handle). */
export const IPC_CHANNELS = [
  'app:info',
  'sync:push',
  'sync:pull',
  'sync:probe',
  'scan:sources',
  'journal:append',
  'journal:replay',
  'app:keystore',
  'log:tail',
  'session:state',
  'sync:heartbeat',
  'line:read',
  'export:save',
  'kiosk:exit',
  'machine:settings',
] as const;
export type IpcChannel = (typeof IPC_CHANNELS)[number];

/** Main → renderer events. */
export const IPC_EVENT_CHANNELS = ['wedge:key', 'scan:received', 'machine:draft'] as const;
export type IpcEventChannel = (typeof IPC_EVENT_CHANNELS)[number];

export function isIpcChannel(value: unknown): value is IpcChannel {
  return typeof value === 'string' && (IPC_CHANNELS as readonly string[]).includes(value);
}

export function isIpcEventChannel(value: unknown): value is IpcEventChannel {
  return typeof value === 'string' && (IPC_EVENT_CHANNELS as readonly string[]).includes(value);
}
