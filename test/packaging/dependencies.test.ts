/**
 * package.json "dependencies" is the real runtime set: no build or test tool in it, and nothing in
 * the production tree electron-builder would ship needs compiling against Electron (which is why
 * electron-builder.yml sets npmRebuild: false).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import { collectProductionModules, repoRoot } from './electron-builder-internals';

const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
  name: string;
  dependencies?: Record<string, string>;
};
const prodDeps = Object.keys(pkg.dependencies ?? {});

/** Packages (or scopes) that only build, type-check, test or package the app. */
const BUILD_OR_TEST_ONLY = [
  /^electron$/,
  /^electron-(builder|vite)$/,
  /^@electron\//,
  /^vite$/,
  /^@vitejs\//,
  /^vitest$/,
  /^typescript$/,
  /^tsx$/,
  /^@types\//,
  /^playwright/,
  /^jsdom$/,
  /^fast-check$/,
  /^@testing-library\//,
  /^axe-core$/,
  /^@resvg\//,
  /^png2icons$/,
  /^react(-dom)?$/,
  /^@deriv\/api-types$/,
  /^eslint/,
  /^prettier$/,
];

let modules: Array<{ name: string; dir: string }>;
beforeAll(async () => {
  modules = await collectProductionModules(pkg.name);
}, 60_000);

function hasNativeCode(dir: string): boolean {
  if (existsSync(join(dir, 'binding.gyp'))) return true;
  const stack = [dir];
  while (stack.length > 0) {
    const current = stack.pop()!;
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      if (entry.name === 'node_modules') continue; // nested packages are listed on their own
      if (entry.isDirectory()) stack.push(join(current, entry.name));
      else if (entry.name.endsWith('.node')) return true;
    }
  }
  return false;
}

describe('production dependencies', () => {
  it('contain no build-only or test-only package', () => {
    expect(prodDeps.filter((d) => BUILD_OR_TEST_ONLY.some((re) => re.test(d)))).toEqual([]);
  });

  it('are each collected by electron-builder for shipping', () => {
    const names = new Set(modules.map((m) => m.name));
    expect(prodDeps.filter((d) => !names.has(d))).toEqual([]);
  });

  it('need no native rebuild (no binding.gyp, no .node binary anywhere in the shipped tree)', () => {
    expect(modules.filter((m) => hasNativeCode(m.dir)).map((m) => m.name)).toEqual([]);
  });
});
