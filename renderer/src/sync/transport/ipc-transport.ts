import type { TaktBridge } from '@shared/ipc';
import type { HealthOutcome, LineOutcome, PullOutcome, PushOutcome } from '@shared/protocol';
import type { HeartbeatOutcome, SyncTransport } from './transport';

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
    // Main sends the heartbeat (it holds the token and knows the scanners); the renderer gives it the outbox.
    async heartbeat(body): Promise<HeartbeatOutcome> {
      const result = await bridge['sync:heartbeat']({ pending: body.pending, oldestPendingAt: body.oldestPendingAt });
      return result.ok
        ? result.value
        : { kind: 'network-error', message: `ipc ${result.error.code}: ${result.error.message}` };
    },
    async line(): Promise<LineOutcome> {
      const result = await bridge['line:read'](undefined);
      return result.ok
        ? result.value
        : { kind: 'network-error', message: `ipc ${result.error.code}: ${result.error.message}` };
    },
  };
}
