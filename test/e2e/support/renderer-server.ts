/**
 * The built renderer, served from loopback with the app's production CSP header, so the journeys
 * prove the UI works under the policy it ships with. Builds the renderer first when the build is
 * missing or older than its sources.
 */
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contentSecurityPolicy } from '../../../main/core/shell/security-policy';
import { mimeTypeFor, resolveStaticPath } from '../../../main/core/shell/static-files';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const rendererOut = join(repoRoot, 'out/renderer');

function newestSource(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((newest, entry) => {
    const path = join(dir, entry.name);
    return Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }, 0);
}

/** Same Vite settings as electron.vite.config.ts's renderer, so the journeys test current code. */
export async function ensureRendererBuilt(): Promise<void> {
  const index = join(rendererOut, 'index.html');
  if (existsSync(index) && statSync(index).mtimeMs >= newestSource(join(repoRoot, 'renderer'))) return;
  const [{ build }, { default: react }] = await Promise.all([import('vite'), import('@vitejs/plugin-react')]);
  await build({
    configFile: false,
    logLevel: 'warn',
    root: join(repoRoot, 'renderer'),
    base: './',
    plugins: [react()],
    build: { outDir: rendererOut, emptyOutDir: true },
  });
}

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
