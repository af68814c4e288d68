/** Serves the built renderer from `app://renderer/` with the CSP header, instead of file://. */
import { readFile } from 'node:fs/promises';

import { protocol } from 'electron';

import { APP_HOST, APP_SCHEME, contentSecurityPolicy } from '../core/shell/security-policy';
import { mimeTypeFor, resolveStaticPath } from '../core/shell/static-files';

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

export function serveRenderer(rendererRoot: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveStaticPath(rendererRoot, request.url, APP_HOST);
    if (!file) return new Response('Not found', { status: 404 });
    try {
      const body = await readFile(file);
      return new Response(body, {
        headers: {
          'content-type': mimeTypeFor(file),
          'content-security-policy': contentSecurityPolicy(),
          'x-content-type-options': 'nosniff',
        },
      });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}
