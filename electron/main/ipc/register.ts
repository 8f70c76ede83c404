import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { IPC_CHANNELS } from '@shared/ipc/channels';
import { dispatchIpc, type IpcHandlers } from './dispatch';

/** Wires every contract channel to the one validating dispatcher. */
export function registerIpcHandlers(handlers: IpcHandlers): void {
  for (const channel of IPC_CHANNELS) {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, input: unknown) =>
      dispatchIpc(
        channel,
        { frameUrl: event.senderFrame?.url ?? null, isMainFrame: event.senderFrame?.parent === null },
        input,
        handlers,
      ),
    );
  }
}
