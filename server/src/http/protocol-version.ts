import type { FastifyRequest } from 'fastify';
import { PROTOCOL_VERSION, PROTOCOL_VERSION_HEADER } from '@shared/protocol';
import { ApiFailure } from './api-error';

/**
 * Refuses a push or pull sent in another protocol version than this server speaks, with a code the terminal
 * translates; its bookings stay pending until one side is updated. A request without the header comes from
 * a terminal older than the header, which spoke version 1: it counts as the current version.
 */
export function checkProtocolVersion(request: FastifyRequest): void {
  const sent = request.headers[PROTOCOL_VERSION_HEADER];
  if (sent === undefined || sent === String(PROTOCOL_VERSION)) return;
  const shown = (Array.isArray(sent) ? sent.join(', ') : sent).slice(0, 32);
  throw new ApiFailure(
    400,
    'protocol-mismatch',
    `this server speaks sync protocol ${PROTOCOL_VERSION}, the terminal sent "${shown}"; update the terminal or the server`,
  );
}
