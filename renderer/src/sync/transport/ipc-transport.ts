import type { TaktBridge } from '../../../../shared/ipc';
import type { HealthOutcome, PullOutcome, PushOutcome } from '../../../../shared/protocol';
import type { SyncTransport } from './transport';

// Electron mode: main holds the token and makes the request; the renderer only sees the outcome.

export function createIpcTransport(bridge: TaktBridge): SyncTransport {
  return {
    async push(request): Promise<PushOutcome> {
      const result = await bridge['sync:push'](request);
      return result.ok
        ? result.value
        : { kind: 'network-error', message: `ipc ${result.error.code}: ${result.error.message}` };
    },
    async pull(query): Promise<PullOutcome> {
      const result = await bridge['sync:pull'](query);
      return result.ok
        ? result.value
        : { kind: 'network-error', message: `ipc ${result.error.code}: ${result.error.message}` };
    },
    async probe(): Promise<HealthOutcome> {
      const result = await bridge['sync:probe'](undefined);
      return result.ok
        ? result.value
        : { kind: 'network-error', message: `ipc ${result.error.code}: ${result.error.message}` };
    },
  };
}
