import { contextBridge, ipcRenderer } from 'electron';
import { IPC_CHANNELS } from '../../shared/ipc/channels';
import type { TaktBridge } from '../../shared/ipc/contract';

// The renderer gets one function per contract channel and nothing else: no ipcRenderer, no process.
const bridge = Object.fromEntries(
  IPC_CHANNELS.map((channel) => [channel, (request: unknown) => ipcRenderer.invoke(channel, request)]),
) as TaktBridge;

contextBridge.exposeInMainWorld('takt', bridge);
