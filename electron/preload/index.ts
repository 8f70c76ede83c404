import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_CHANNELS, IPC_EVENT_CHANNELS, type IpcEventChannel } from '@shared/ipc/channels';
import type { TaktBridge } from '@shared/ipc/contract';

// The renderer gets one function per contract channel and a subscription to main's events, nothing else:
// no ipcRenderer, no process, no way to name a channel outside the contract.
const calls = Object.fromEntries(
  IPC_CHANNELS.map((channel) => [channel, (request: unknown) => ipcRenderer.invoke(channel, request)]),
);

function subscribe(channel: IpcEventChannel, listener: (payload: unknown) => void): () => void {
  if (!(IPC_EVENT_CHANNELS as readonly string[]).includes(channel)) throw new Error('unknown event channel');
  const handler = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
  ipcRenderer.on(channel, handler);
  return () => ipcRenderer.removeListener(channel, handler);
}

contextBridge.exposeInMainWorld('takt', { ...calls, subscribe } as unknown as TaktBridge);
