import fs from 'node:fs/promises';
import { protocol } from 'electron';
import { APP_SCHEME } from './security/app-origin';
import { resolveAssetPath, mimeTypeFor } from './security/asset-path';
import { CONTENT_SECURITY_POLICY } from '@shared/security/content-security-policy';

/** Must run before `app.ready`: a standard, secure scheme gets its own origin (and so its own IndexedDB). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

export function serveRendererFrom(rootDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const filePath = resolveAssetPath(request.url, rootDir);
    if (!filePath) return new Response('Not found', { status: 404 });
    try {
      const body = await fs.readFile(filePath);
      return new Response(body, {
        headers: {
          'content-type': mimeTypeFor(filePath),
          'content-security-policy': CONTENT_SECURITY_POLICY,
          'x-content-type-options': 'nosniff',
        },
      });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}
