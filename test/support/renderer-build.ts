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
  // Under vitest NODE_ENV is "test": Vite would bake it in, and @vitejs/plugin-react would emit the
  // development JSX runtime (`jsxDEV`) that production React lacks. Build as `npm run build` does.
  const before = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    const [{ build }, { rendererConfig }] = await Promise.all([import('vite'), import('../../electron.vite.config')]);
    await build({ ...rendererConfig, configFile: false, logLevel: 'warn', mode: 'production' });
  } finally {
    process.env.NODE_ENV = before;
  }
  return rendererOut;
}
