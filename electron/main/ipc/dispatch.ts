import { isIpcChannel, type IpcChannel } from '@shared/ipc/channels';
import { IPC_CONTRACT, type IpcResponse, type IpcResult, type IpcValidRequest } from '@shared/ipc/contract';
import { isAppUrl } from '../security/app-origin';

// Every IPC call goes through here: unknown channel, foreign sender and bad input are refused before a
// handler sees them, and a handler's exception becomes a result instead of crossing the bridge.

export type IpcHandlers = {
  [C in IpcChannel]: (request: IpcValidRequest<C>) => Promise<IpcResponse<C>>;
};

export interface IpcSender {
  /** URL of the frame that sent the message; null when the frame is gone. */
  frameUrl: string | null;
  /** Only the top-level frame of our window may call main. */
  isMainFrame: boolean;
}

export async function dispatchIpc(
  channel: unknown,
  sender: IpcSender,
  input: unknown,
  handlers: IpcHandlers,
): Promise<IpcResult<unknown>> {
  if (!isIpcChannel(channel)) return fail('unknown-channel', 'no such channel');
  if (!sender.isMainFrame || !isAppUrl(sender.frameUrl)) return fail('forbidden-sender', 'sender not trusted');
  const parsed = IPC_CONTRACT[channel].request.safeParse(input);
  if (!parsed.success) {
    return fail(
      'invalid-request',
      parsed.error.issues
        .map((issue) => issue.message)
        .slice(0, 3)
        .join('; '),
    );
  }
  try {
    const handler = handlers[channel] as (request: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.data) };
  } catch (error) {
    return fail('handler-failed', error instanceof Error ? error.message : 'handler failed');
  }
}

function fail(code: Extract<IpcResult<never>, { ok: false }>['error']['code'], message: string): IpcResult<never> {
  return { ok: false, error: { code, message } };
}
