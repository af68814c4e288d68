/**
 * The built renderer, served from loopback with the app's production CSP header, so the journeys
 * prove the UI works under the policy it ships with. Builds the renderer first when the build is
 * missing or older than its sources.
 */
import { createReadStream, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { contentSecurityPolicy } from '../../../main/core/shell/security-policy';
import { mimeTypeFor, resolveStaticPath } from '../../../main/core/shell/static-files';
import { ensureRendererBuilt, rendererOut } from '../../support/renderer-build';

export { ensureRendererBuilt };

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export interface RendererServer {
  origin: string;
  url: string;
  close(): Promise<void>;
}

export async function serveRenderer(): Promise<RendererServer> {
  const server: Server = createServer((req, res) => {
    const url = req.url ?? '/';
    if (url === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    const file = resolveStaticPath(rendererOut, `http://renderer${url}`, 'renderer');
    if (!file || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': mimeTypeFor(file), 'content-security-policy': contentSecurityPolicy() });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: `${origin}/index.html`,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
