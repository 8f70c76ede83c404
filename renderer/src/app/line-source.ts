import type { LineOutcome } from '@shared/protocol';
import { getTerminalData } from '../data';
import { electronBridge } from '../platform/bridge';
import { createFetchTransport, createIpcTransport, type SyncTransport } from '../sync';

// Where the lead's Line view reads the board: with this terminal's token, like a push (Electron: main
// holds the token and reads over IPC; browser: fetch with the token from enrollment).

let transport: SyncTransport | null = null;

function lineTransport(): SyncTransport {
  const bridge = electronBridge();
  transport ??= bridge
    ? createIpcTransport(bridge)
    : createFetchTransport({
        baseUrl: window.location.origin,
        getToken: (terminalId) => getTerminalData().readToken(terminalId),
        // A lead waits at the screen: a hanging request must turn into "offline" quickly.
        timeoutMs: 8_000,
      });
  return transport;
}

export async function readLineFromServer(signal?: AbortSignal): Promise<LineOutcome> {
  const read = lineTransport().line;
  if (!read) return { kind: 'network-error', message: 'this transport cannot read the line' };
  return read(signal ? { signal } : {});
}
