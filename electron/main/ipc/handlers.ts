import type { AppInfo } from '../../../shared/ipc/contract';
import type { ScanSourceStatus } from '../../../shared/scan/raw-scan';
import type { ServerClient, TransportOutcome } from '../terminal/server-client';
import type { IpcHandlers } from './dispatch';

export interface HandlerDeps {
  appInfo: () => AppInfo;
  /** Null until the terminal is configured and enrolled. */
  serverClient: () => ServerClient | null;
  scanSources: () => ScanSourceStatus[];
}

const NOT_READY: TransportOutcome<never> = { kind: 'http-error', status: 401, code: 'not-enrolled' };

export function createIpcHandlers(deps: HandlerDeps): IpcHandlers {
  return {
    'app:info': async () => deps.appInfo(),
    'sync:push': async (request) => (await deps.serverClient()?.push(request)) ?? NOT_READY,
    'sync:pull': async (query) => (await deps.serverClient()?.pull(query)) ?? NOT_READY,
    'sync:probe': async () => (await deps.serverClient()?.probe()) ?? NOT_READY,
    'scan:sources': async () => deps.scanSources(),
  };
}
