import { EnrollResponseSchema } from '../../../../shared/protocol';
import { getTerminalData, type TerminalData } from '../../data';
import { apiErrorCode, joinUrl } from './fetch-transport';

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
  const fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), options.timeoutMs ?? 30_000);
  let response: Response;
  let body: unknown;
  try {
    response = await fetchImpl(joinUrl(baseUrl, '/api/v1/terminals/enroll'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ stationId, enrollmentCode }),
      signal: timeout.signal,
    });
    body = await response.json().catch(() => undefined);
  } catch {
    throw new EnrollmentError('network');
  } finally {
    clearTimeout(timer);
  }
  if (!response.ok) {
    const serverCode = apiErrorCode(body, response.status);
    if (response.status === 401 || response.status === 403) throw new EnrollmentError('invalid-code', serverCode);
    if (response.status === 400 || response.status === 404 || response.status === 422)
      throw new EnrollmentError('invalid-station', serverCode);
    throw new EnrollmentError('server', serverCode);
  }
  const parsed = EnrollResponseSchema.safeParse(body);
  if (!parsed.success) throw new EnrollmentError('bad-response');
  const data = options.data ?? getTerminalData();
  await data.saveIdentity({ terminalId: parsed.data.terminalId, stationId, token: parsed.data.token });
  return { terminalId: parsed.data.terminalId, stationId };
}
