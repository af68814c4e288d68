/**
 * The built main process (`out/main`, `out/preload`, `out/renderer`) for the boot test: rebuilt with
 * `electron-vite build` (as `npm run build` does) when missing or older than its sources. CI builds
 * before `npm test`, so there it is only checked.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const repoRoot = join(import.meta.dirname, '../..');
export const mainOut = join(repoRoot, 'out/main/index.js');

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newest(join(path, name))), 0);
}

export function ensureMainBuilt(): string {
  const outputs = [mainOut, join(repoRoot, 'out/preload/preload.cjs'), join(repoRoot, 'out/renderer/index.html')];
  const sources = Math.max(
    ...['main', 'sandbox', 'renderer', 'electron.vite.config.ts', 'package.json'].map((p) => newest(join(repoRoot, p))),
  );
  if (outputs.every((file) => existsSync(file) && statSync(file).mtimeMs >= sources)) return mainOut;
  const result = spawnSync(process.platform === 'win32' ? 'npx.cmd' : 'npx', ['electron-vite', 'build'], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (result.status !== 0) throw new Error(`electron-vite build failed:\n${result.stdout}\n${result.stderr}`);
  return mainOut;
}
