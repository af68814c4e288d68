/** `npm start` where Electron's binary cannot be had: one clear sentence, no stack trace. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const binaryInstalled = existsSync(join(root, 'node_modules/electron/path.txt'));

describe.skipIf(binaryInstalled)('npm start without the Electron binary', () => {
  it('prints one sentence saying what to do and exits non-zero', () => {
    const run = spawnSync(process.execPath, [join(root, 'scripts/start.mjs')], {
      cwd: root,
      encoding: 'utf8',
      timeout: 120_000,
      // An unreachable mirror makes the download fail fast even on a connected machine.
      env: {
        ...process.env,
        ELECTRON_MIRROR: 'http://127.0.0.1:9/',
        electron_config_cache: join(root, 'node_modules/.cache/no-electron'),
      },
    });
    expect(run.status).toBe(1);
    const lines = run.stderr
      .trim()
      .split('\n')
      .filter((l) => !/npm warn/.test(l));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Cannot start: the Electron binary is not installed/);
    expect(lines[0]).toMatch(/ELECTRON_OVERRIDE_DIST_PATH/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
