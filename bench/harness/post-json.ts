import http from 'node:http';
import { PROTOCOL_VERSION_HEADER } from '@shared/protocol/routes';
import { PROTOCOL_VERSION } from '@shared/protocol/sync';

/**
 * One JSON POST over `agent` (keep-alive, so the benches measure the server and not connection set-up),
 * with the protocol version a terminal sends; answers the status and the whole body as text.
 */
export function postJson(
  agent: http.Agent,
  url: string,
  body: string,
  token?: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          [PROTOCOL_VERSION_HEADER]: String(PROTOCOL_VERSION),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}
