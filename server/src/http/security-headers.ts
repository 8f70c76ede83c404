import type { FastifyInstance } from 'fastify';
import { CONTENT_SECURITY_POLICY } from '@shared/security/content-security-policy';

export function installSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('cross-origin-opener-policy', 'same-origin');
    // Sync answers are per terminal and change by the second; no proxy or browser may keep them.
    if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
  });
}
