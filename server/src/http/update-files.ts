import { resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

// Terminals update without internet: plant IT copies what `npm run dist` made (latest.yml,
// latest-linux.yml, the installers and their blockmaps) into one folder, and electron-updater's generic
// provider on each terminal reads it here. The files are no secret (the same installers IT hands out);
// electron-updater checks each download against the sha512 in latest*.yml.

export const UPDATES_PREFIX = '/updates/';

export async function installUpdateFiles(app: FastifyInstance, updatesDir: string): Promise<void> {
  await app.register(fastifyStatic, {
    root: resolve(updatesDir),
    prefix: UPDATES_PREFIX,
    decorateReply: false, // the renderer's static site owns reply.sendFile
    index: false,
    list: false,
    dotfiles: 'deny',
    cacheControl: false,
    wildcard: true,
    // A terminal must see a new latest*.yml at once; installers are immutable by name.
    setHeaders: (response, path) => {
      if (path.endsWith('.yml')) response.setHeader('cache-control', 'no-cache');
    },
  });
}
