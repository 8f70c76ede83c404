// Channel names alone, without their schemas: the preload needs only these and must stay small.
export const IPC_CHANNELS = ['app:info', 'sync:push', 'sync:pull'] as const;
export type IpcChannel = (typeof IPC_CHANNELS)[number];

export function isIpcChannel(value: unknown): value is IpcChannel {
  return typeof value === 'string' && (IPC_CHANNELS as readonly string[]).includes(value);
}
