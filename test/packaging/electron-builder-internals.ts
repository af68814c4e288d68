/**
 * electron-builder's own machinery, loaded from the installed app-builder-lib, for the packaging
 * tests: its configuration loader and schema validator, its `files` matcher, its production
 * node_modules collector and the fuse configuration it hands to @electron/fuses.
 *
 * Several of these are internal (not in app-builder-lib's public index). They are used on purpose:
 * the point of the tests is that the config passes the checks electron-builder itself runs, and that
 * the file set is chosen by the same code. The narrow interfaces below name only what is used, so an
 * electron-builder upgrade that moves them fails here loudly instead of silently checking nothing.
 */
import type { Stats } from 'node:fs';
import { copyFile, lstat, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

// app-builder-lib is electron-builder's engine; resolve it the way electron-builder does.
const requireFromRoot = createRequire(join(repoRoot, 'package.json'));
const requireFromBuilder = createRequire(requireFromRoot.resolve('electron-builder/package.json'));
const appBuilderLibDir = dirname(requireFromBuilder.resolve('app-builder-lib/package.json'));
const load = <T>(subpath: string): T => requireFromBuilder(join(appBuilderLibDir, subpath)) as T;
const builderUtil = createRequire(join(appBuilderLibDir, 'package.json'))('builder-util') as {
  DebugLogger: new (enabled?: boolean) => object;
  TmpDir: new (label: string) => { cleanup(): Promise<void> };
};

/** The subset of electron-builder's Configuration these tests read. */
export interface BuilderConfig {
  appId?: string;
  productName?: string;
  artifactName?: string;
  directories?: { buildResources?: string; output?: string };
  files?: Array<string | { from?: string; to?: string; filter?: string | string[] }>;
  asar?: boolean | object;
  protocols?: unknown;
  electronFuses?: Record<string, boolean | undefined>;
  linux?: Record<string, unknown> & { target?: unknown; desktop?: { entry?: Record<string, unknown> } };
  deb?: Record<string, unknown>;
  mac?: Record<string, unknown> & { target?: unknown };
  dmg?: Record<string, unknown>;
  win?: Record<string, unknown> & { target?: unknown };
  nsis?: Record<string, unknown>;
  [key: string]: unknown;
}

const configModule = load<{
  getConfig(projectDir: string, configPath: string | null): Promise<BuilderConfig>;
  validateConfiguration(config: unknown, debugLogger: object): Promise<void>;
}>('out/util/config/config.js');

/** Loads electron-builder.yml with electron-builder's own loader (YAML parsing, `extends`). */
export function loadBuilderConfig(configPath = 'electron-builder.yml'): Promise<BuilderConfig> {
  return configModule.getConfig(repoRoot, configPath);
}

/** electron-builder's validation: its deprecation checks plus ajv against its scheme.json. */
export function validateBuilderConfig(config: unknown): Promise<void> {
  return configModule.validateConfiguration(config, new builderUtil.DebugLogger(false));
}

export const builderVersion = (requireFromBuilder(join(appBuilderLibDir, 'package.json')) as { version: string })
  .version;

// ---- the files electron-builder would put in the app --------------------------------------------

interface FileMatcher {
  from: string;
  to: string;
  patterns: string[];
  createFilter(): (file: string, stat: Stats) => boolean;
}
const fileMatcherModule = load<{
  getMainFileMatchers(
    appDir: string,
    destination: string,
    macroExpander: (pattern: string) => string,
    platformSpecificBuildOptions: object,
    platformPackager: object,
    outDir: string,
    isElectronCompile: boolean,
  ): FileMatcher[];
  getNodeModuleFileMatcher(
    appDir: string,
    destination: string,
    macroExpander: (pattern: string) => string,
    platformSpecificBuildOptions: object,
    packager: object,
  ): FileMatcher;
  copyFiles(matchers: FileMatcher[], transformer: null, isUseHardLink: boolean): Promise<void>;
  excludedExts: string;
  FileMatcher: new (from: string, to: string, macroExpander: (p: string) => string, patterns: string[]) => FileMatcher;
}>('out/fileMatcher.js');

interface NodeModuleInfo {
  name: string;
  version: string;
  dir: string;
  dependencies?: NodeModuleInfo[];
}
const collectorModule = load<{
  getCollectorByPackageManager(
    pm: string,
    rootDir: string,
    tmp: object,
  ): { getNodeModules(o: { packageName: string }): Promise<{ nodeModules: NodeModuleInfo[] }> };
}>('out/node-module-collector/index.js');
const copyHelperModule = load<{
  NodeModuleCopyHelper: new (
    matcher: FileMatcher,
    packager: object,
  ) => { collectNodeModules(dep: NodeModuleInfo, excludedExts: string[], destination: string): Promise<string[]> };
}>('out/util/NodeModuleCopyHelper.js');

/** A production package electron-builder would ship, where it would put it inside the app. */
export interface ShippedModule {
  name: string;
  version: string;
  /** Path inside the app, e.g. `node_modules/koa/node_modules/http-errors`. */
  appPath: string;
}

/**
 * The production node_modules tree electron-builder would ship: its npm collector (production
 * dependencies only, hoisted the way it hoists them), flattened with each package's place in the app.
 */
export async function collectProductionModules(packageName: string): Promise<Array<ShippedModule & { dir: string }>> {
  const tmp = new builderUtil.TmpDir('packaging-test');
  try {
    const collector = collectorModule.getCollectorByPackageManager('npm', repoRoot, tmp);
    const { nodeModules } = await collector.getNodeModules({ packageName });
    const out: Array<ShippedModule & { dir: string }> = [];
    const walk = (dep: NodeModuleInfo, appPath: string): void => {
      out.push({ name: dep.name, version: dep.version, dir: dep.dir, appPath });
      for (const child of dep.dependencies ?? []) walk(child, `${appPath}/node_modules/${child.name}`);
    };
    for (const dep of nodeModules) walk(dep, `node_modules/${dep.name}`);
    return out;
  } finally {
    await tmp.cleanup();
  }
}

/**
 * Stages the app directory the way electron-builder assembles it before packing app.asar: the
 * `files` globs applied by its main file matcher (with its default exclusions), then every production
 * module copied through its NodeModuleCopyHelper with the exclusions from `files`.
 * `platform` picks the platform section whose `files` (if any) add to the top-level ones, as
 * electron-builder does per platform.
 */
export async function stageApp(
  config: BuilderConfig,
  stagingDir: string,
  packageName: string,
  platform: 'linux' | 'mac' | 'win' = 'linux',
): Promise<{ modules: ShippedModule[] }> {
  const platformOptions = (config[platform] ?? {}) as object;
  const identity = (pattern: string): string => pattern;
  const packagerInfo = {
    projectDir: repoRoot,
    buildResourcesDir: resolve(repoRoot, config.directories?.buildResources ?? 'build'),
    config,
    isPrepackedAppAsar: false,
    debugLogger: new builderUtil.DebugLogger(false),
    appInfo: { type: 'module' },
    getWorkspaceRoot: () => Promise.resolve(repoRoot),
  };
  const outDir = resolve(repoRoot, config.directories?.output ?? 'dist');
  const matchers = fileMatcherModule.getMainFileMatchers(
    repoRoot,
    stagingDir,
    identity,
    platformOptions,
    { info: packagerInfo },
    outDir,
    false,
  );
  await fileMatcherModule.copyFiles(matchers, null, false);

  const nodeModuleMatcher = fileMatcherModule.getNodeModuleFileMatcher(
    repoRoot,
    stagingDir,
    identity,
    platformOptions,
    packagerInfo,
  );
  // Same list as app-builder-lib's getNodeModuleExcludedExts on a non-Windows platform.
  const excludedExts = [
    '.o',
    '.obj',
    ...fileMatcherModule.excludedExts.split(',').map((e) => `.${e}`),
    '.pdb',
    '.dll',
    '.exe',
  ];
  const modules = await collectProductionModules(packageName);
  for (const mod of modules) {
    const dep: NodeModuleInfo = { name: mod.name, version: mod.version, dir: mod.dir };
    // As in app-builder-lib's computeNodeModuleFileSets: one matcher per module, rooted at it.
    const matcher = new fileMatcherModule.FileMatcher(
      mod.dir,
      join(stagingDir, mod.appPath),
      identity,
      nodeModuleMatcher.patterns,
    );
    const helper = new copyHelperModule.NodeModuleCopyHelper(matcher, packagerInfo);
    const files = await helper.collectNodeModules(dep, excludedExts, mod.appPath);
    for (const file of files) {
      const stat = await lstat(file);
      if (!stat.isFile()) continue;
      const target = join(stagingDir, mod.appPath, relative(mod.dir, file));
      await mkdir(dirname(target), { recursive: true });
      await copyFile(file, target);
    }
  }
  return { modules: modules.map(({ name, version, appPath }) => ({ name, version, appPath })) };
}

// ---- fuses ------------------------------------------------------------------------------------

const platformPackagerModule = load<{
  PlatformPackager: { prototype: { generateFuseConfig(fuses: object): Promise<Record<string, unknown>> } };
}>('out/index.js'); // public export; loading platformPackager.js first trips a require cycle

/** The exact config object electron-builder passes to @electron/fuses' flipFuses for these fuses. */
export function builderFuseConfig(fuses: object): Promise<Record<string, unknown>> {
  // generateFuseConfig reads nothing from the packager instance.
  return platformPackagerModule.PlatformPackager.prototype.generateFuseConfig.call({}, fuses);
}
