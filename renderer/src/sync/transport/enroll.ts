import { createSyncClient, type SyncFailure } from '@shared/protocol';
import { getTerminalData, type TerminalData } from '../../data';
import { browserFetch } from './fetch-transport';

// Browser-mode enrollment: trade the plant's enrollment code for a terminal id and token, kept locally.
// (In Electron, main enrolls and keeps the token; the renderer only saves the terminal id, see README.)

export type EnrollmentErrorCode = 'invalid-code' | 'invalid-station' | 'network' | 'server' | 'bad-response';

export class EnrollmentError extends Error {
  override readonly name = 'EnrollmentError';
  readonly code: EnrollmentErrorCode;
  /** The server's error code, when it sent one. */
  readonly serverCode: string | undefined;
  readonly messageKey: string;

  constructor(code: EnrollmentErrorCode, serverCode?: string) {
    super(`enrollment failed: ${code}${serverCode ? ` (${serverCode})` : ''}`);
    this.code = code;
    this.serverCode = serverCode;
    this.messageKey = `enrollment.errors.${code}`;
  }
}

export interface EnrollOptions {
  fetch?: typeof fetch;
  data?: TerminalData;
  timeoutMs?: number;
}

export async function enrollTerminal(
  baseUrl: string,
  stationId: string,
  enrollmentCode: string,
  options: EnrollOptions = {},
): Promise<{ terminalId: string; stationId: string }> {
  const client = createSyncClient({
    baseUrl,
    fetch: options.fetch ?? browserFetch,
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  });
  const outcome = await client.enroll({ stationId, enrollmentCode });
  if (outcome.kind !== 'ok') throw enrollmentErrorOf(outcome);
  const data = options.data ?? getTerminalData();
  await data.saveIdentity({ terminalId: outcome.value.terminalId, stationId, token: outcome.value.token });
  return { terminalId: outcome.value.terminalId, stationId };
}

function enrollmentErrorOf(failure: SyncFailure): EnrollmentError {
  if (failure.kind === 'network-error') return new EnrollmentError('network');
  const { status, code } = failure;
  if (status >= 200 && status < 300) return new EnrollmentError('bad-response');
  if (status === 401 || status === 403) return new EnrollmentError('invalid-code', code);
  if (status === 400 || status === 404 || status === 422) return new EnrollmentError('invalid-station', code);
  return new EnrollmentError('server', code);
}
