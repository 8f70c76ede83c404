import type { FastifyInstance } from 'fastify';
import { renderBarcodePage } from '../demo/barcode-page';
import { sendApiError } from '../http/api-error';

/**
 * The printable demo barcodes, only with --demo. Without it the route still answers (404), since the
 * renderer's client-side fallback would otherwise serve the terminal UI under this path.
 */
export function registerDemoRoutes(app: FastifyInstance, options: { demo: boolean; now: () => number }): void {
  app.get('/demo/barcodes', (request, reply) => {
    if (!options.demo)
      return sendApiError(reply, 404, 'not-found', `no such resource: GET ${request.url.slice(0, 200)}`);
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .send(renderBarcodePage(options.now()));
  });
}
