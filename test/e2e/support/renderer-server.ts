/**
 * The built renderer, served from loopback with the app's production CSP header, so the journeys
 * prove the UI works under the policy it ships with. Builds the renderer first when the build is
 * missing or older than its sources.
 */
import { createReadStream, existsSync, readdirSync, readFileSync, utimesSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contentSecurityPolicy } from '../../../main/core/shell/security-policy';
import { mimeTypeFor, resolveStaticPath } from '../../../main/core/shell/static-files';
import { ensureRendererBuilt as buildRendererIfStale, rendererOut } from '../../support/renderer-build';

/**
 * The shared build helper, run with NODE_ENV=production: under vitest NODE_ENV is "test", and
 * @vitejs/plugin-react then emits the development JSX runtime (`jsxDEV`) while React itself is
 * built for production, so the page dies with "jsxDEV is not a function" before rendering.
 */
export async function ensureRendererBuilt(): Promise<void> {
  const before = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await buildRendererIfStale();
    // A build left by another test run without that setting cannot render: mark it stale.
    if (hasDevJsxRuntime()) {
      utimesSync(join(rendererOut, 'index.html'), new Date(0), new Date(0));
      await buildRendererIfStale();
    }
  } finally {
    process.env.NODE_ENV = before;
  }
}

function hasDevJsxRuntime(): boolean {
  const assets = join(rendererOut, 'assets');
  if (!existsSync(assets)) return false;
  return readdirSync(assets).some((name) => name.endsWith('.js') && readFileSync(join(assets, name), 'utf8').includes('jsxDEV'));
}

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
