/**
 * The built renderer for browser tests: rebuilt with the production settings
 * (electron.vite.config.ts's `rendererConfig`) when missing or older than its sources, so a clean
 * clone and an edited checkout both test current code, at the size it ships.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const repoRoot = join(import.meta.dirname, '../..');
export const rendererOut = join(repoRoot, 'out/renderer');

function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newest(join(path, name))), 0);
}

export async function ensureRendererBuilt(): Promise<string> {
  const index = join(rendererOut, 'index.html');
  const sources = Math.max(newest(join(repoRoot, 'renderer')), newest(join(repoRoot, 'main/ipc/contract.ts')));
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return rendererOut;
  const [{ build }, { rendererConfig }] = await Promise.all([import('vite'), import('../../electron.vite.config')]);
  // Under vitest NODE_ENV is "test", which Vite would bake in (React's development build).
  await build({
    ...rendererConfig,
    configFile: false,
    logLevel: 'warn',
    mode: 'production',
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  });
  return rendererOut;
}
