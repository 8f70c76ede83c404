import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendApiError } from './api-error';

function isApiPath(url: string): boolean {
  return url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');
}

/** The shift leads' board is its own page (renderer/board.html); its assets are relative to `/`, so only `/board`. */
function isBoardPath(url: string): boolean {
  return (url.split('?', 1)[0] ?? '') === '/board';
}

/** `/orders/FA1000001` is a client-side route; `/assets/app.js` is a file that is missing. */
function looksLikeFile(url: string): boolean {
  const path = url.split('?', 1)[0] ?? '';
  const lastSegment = path.slice(path.lastIndexOf('/') + 1);
  return lastSegment.includes('.');
}

/**
 * Serves the built renderer with a fallback to index.html for client-side routes. Without a build, the UI
 * paths answer 503 and say how to make one; the API is not affected either way.
 */
export async function installStaticSite(app: FastifyInstance, staticDir: string | undefined): Promise<void> {
  const root = staticDir === undefined ? undefined : resolve(staticDir);
  const hasBuild = root !== undefined && existsSync(join(root, 'index.html'));
  if (hasBuild) {
    await app.register(fastifyStatic, { root, index: ['index.html'], wildcard: true });
  } else {
    app.get('/', (_request, reply) => notBuilt(reply, root));
  }

  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    const isPage =
      (request.method === 'GET' || request.method === 'HEAD') && !isApiPath(request.url) && !looksLikeFile(request.url);
    if (!isPage)
      return sendApiError(reply, 404, 'not-found', `no such resource: ${request.method} ${request.url.slice(0, 200)}`);
    if (!hasBuild) return notBuilt(reply, root);
    const page = isBoardPath(request.url) ? 'board.html' : 'index.html';
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').sendFile(page);
  });
}

function notBuilt(reply: FastifyReply, root: string | undefined) {
  return sendApiError(
    reply,
    503,
    'renderer-not-built',
    `the terminal UI is not built${root ? ` (no index.html in ${root})` : ''}: run "npm run build", then restart the server`,
  );
}
