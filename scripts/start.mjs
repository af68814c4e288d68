#!/usr/bin/env node
// `npm start`: build the app and run it in Electron (`--dev`: the electron-vite dev server with
// hot reload). Electron's binary is fetched on first launch; where that cannot happen we say so in
// one sentence instead of letting a download stack trace through.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const dev = process.argv.includes('--dev');

function electronBinary() {
  // Resolving the `electron` package is what triggers the download; do it in a child so its
  // stack trace can be swallowed and replaced with advice.
  const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], {
    encoding: 'utf8',
    timeout: 10 * 60_000,
  });
  return probe.status === 0 && probe.stdout ? probe.stdout : null;
}

if (!electronBinary()) {
  console.error(
    'Cannot start: the Electron binary is not installed and could not be downloaded from this machine — ' +
      'run `npm start` on a computer with internet access (it downloads Electron once), or set ' +
      'ELECTRON_OVERRIDE_DIST_PATH to the folder of an unpacked Electron ' +
      require('electron/package.json').version +
      '.',
  );
  process.exit(1);
}

const cli = require.resolve('electron-vite/bin/electron-vite.js');
// Nothing configured yet → start on the embedded demo sandbox (an installed app asks instead).
const env = { ...process.env, DERIV_DESKTOP_DEFAULT_MODE: process.env.DERIV_DESKTOP_DEFAULT_MODE ?? 'demo' };
const args = dev ? ['dev'] : ['preview', '--skipBuild'];
if (!dev) {
  const build = spawnSync(process.execPath, [cli, 'build'], { stdio: 'inherit', env });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const child = spawn(process.execPath, [cli, ...args], { stdio: 'inherit', env });
child.on('exit', (code) => process.exit(code ?? 0));
