/** The renderer's size budget in the bench report: the same check CI runs after the build. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export function run(): string {
  const check = spawnSync(process.execPath, [join(import.meta.dirname, '../scripts/check-bundle-size.mjs')], {
    encoding: 'utf8',
  });
  return (
    (check.stdout + check.stderr).trim() +
    (check.status === 0 ? '' : '\n(over budget or no build: run `npm run build` first)')
  );
}
