/**
 * electron-builder.yml is checked by electron-builder's own validator (the one `electron-builder`
 * runs before building), and the release decisions in it are pinned: targets, per-user install,
 * hardened runtime with a minimal entitlements file, the icon set and the one OS protocol (the app's
 * own scheme, for a sign-in's redirect from the browser).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import { APP_SCHEME } from '../../main/core/model';
import {
  type BuilderConfig,
  builderVersion,
  loadBuilderConfig,
  repoRoot,
  validateBuilderConfig,
} from './electron-builder-internals';

let config: BuilderConfig;
beforeAll(async () => {
  config = await loadBuilderConfig();
});

/** Target names of a platform section, whether written as strings or `{ target, arch }`. */
function targetNames(section: { target?: unknown } | undefined): string[] {
  const raw = section?.target;
  const list = Array.isArray(raw) ? (raw as unknown[]) : raw === undefined ? [] : [raw];
  return list.map((t) => (typeof t === 'string' ? t : String((t as { target: unknown }).target)));
}

describe(`electron-builder.yml against electron-builder ${builderVersion}'s own validation`, () => {
  it('passes', async () => {
    await expect(validateBuilderConfig(config)).resolves.toBeUndefined();
  });

  // The validator must actually bite, or "passes" above means nothing.
  it.each([
    ['an unknown top-level key', (c: BuilderConfig) => ({ ...c, asarr: true }), /unknown property 'asarr'/],
    ['a wrong type', (c: BuilderConfig) => ({ ...c, asar: 'yes' }), /asar/],
    [
      'an unknown fuse',
      (c: BuilderConfig) => ({ ...c, electronFuses: { ...c.electronFuses, runAsNodeX: false } }),
      /configuration\.electronFuses/,
    ],
    [
      'an option in the wrong section',
      (c: BuilderConfig) => ({ ...c, nsis: { ...c.nsis, hardenedRuntime: true } }),
      /configuration\.nsis/,
    ],
  ])('rejects a copy with %s', async (_what, mutate, message) => {
    await expect(validateBuilderConfig(mutate(structuredClone(config)))).rejects.toThrow(message);
  });
});

describe('release settings', () => {
  it('identifies the app', () => {
    expect(config.appId).toMatch(/^[a-z][a-z0-9]*(\.[a-z][a-z0-9-]*){2,}$/);
    expect(config.productName).toBe('Deriv Desktop Login');
    // Artifact names without spaces, distinct per OS and architecture.
    expect(config.artifactName).toMatch(/\$\{os\}/);
    expect(config.artifactName).toMatch(/\$\{arch\}/);
    expect(config.artifactName).not.toMatch(/\s/);
    expect(config.directories).toEqual({ buildResources: 'build', output: 'dist' });
    expect(config.asar).toBe(true);
  });

  it('ships only the built app and package.json (production node_modules are added by electron-builder)', () => {
    // electron-builder's loader normalises `files` to file sets; the root set has no from/to.
    const patterns = (config.files ?? []).flatMap((f) =>
      typeof f === 'string' ? [f] : f.from === undefined && f.to === undefined ? [f.filter ?? []].flat() : [],
    );
    expect(patterns.filter((p) => !p.startsWith('!')).sort()).toEqual(['out/**', 'package.json']);
    expect(patterns).toContain('!**/*.map');
    // Nothing besides the root file set: no extra sources copied from elsewhere.
    expect(
      (config.files ?? []).filter((f) => typeof f !== 'string' && (f.from !== undefined || f.to !== undefined)),
    ).toEqual([]);
  });

  it('builds AppImage and deb for Linux, with a Finance desktop entry and a maintainer', () => {
    expect(targetNames(config.linux).sort()).toEqual(['AppImage', 'deb']);
    expect(config.linux?.category).toBe('Finance');
    expect(config.linux?.maintainer).toMatch(/^.+ <[^@\s]+@[^@\s]+>$/);
    const entry = config.linux?.desktop?.entry ?? {};
    // electron-builder's schema does not type desktop entry values; every value must be a string.
    for (const value of Object.values(entry)) expect(typeof value).toBe('string');
    expect(String(entry.Categories).split(';')).toContain('Finance');
  });

  it('builds dmg and zip for macOS with the hardened runtime and the entitlements file in build/', () => {
    expect(targetNames(config.mac).sort()).toEqual(['dmg', 'zip']);
    expect(config.mac?.hardenedRuntime).toBe(true);
    expect(config.mac?.entitlements).toBe('build/entitlements.mac.plist');
    expect(config.mac?.entitlementsInherit).toBe('build/entitlements.mac.plist');
  });

  it('grants only allow-jit in the entitlements (what V8 needs under the hardened runtime)', () => {
    const plist = readFileSync(join(repoRoot, 'build/entitlements.mac.plist'), 'utf8');
    expect(plist).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>/);
    const withoutComments = plist.replace(/<!--[\s\S]*?-->/g, '');
    const granted = [...withoutComments.matchAll(/<key>([^<]+)<\/key>\s*<true\/>/g)].map((m) => m[1]);
    const keys = [...withoutComments.matchAll(/<key>([^<]+)<\/key>/g)].map((m) => m[1]);
    expect(keys).toEqual(['com.apple.security.cs.allow-jit']);
    expect(granted).toEqual(['com.apple.security.cs.allow-jit']);
  });

  it('builds a per-user NSIS installer with shortcuts for Windows', () => {
    expect(targetNames(config.win)).toEqual(['nsis']);
    expect(config.nsis?.perMachine).toBe(false);
    expect(config.nsis?.allowElevation).toBe(false);
    expect(config.nsis?.createDesktopShortcut).toBe(true);
    expect(config.nsis?.createStartMenuShortcut).toBe(true);
  });

  it('registers the app’s own scheme (APP_SCHEME, the reverse of appId) as its one OS-level protocol; never app://', () => {
    expect(config.protocols).toEqual([{ name: 'Deriv Desktop Login sign-in', schemes: [APP_SCHEME] }]);
    // RFC 8252 §7.1: a reverse domain name the publisher controls: the app's own id.
    expect(APP_SCHEME).toBe(config.appId);
    for (const section of [config.mac, config.win, config.linux]) expect(section?.protocols).toBeUndefined();
  });

  it('points every platform at an icon that exists', () => {
    expect(existsSync(join(repoRoot, String(config.mac?.icon)))).toBe(true);
    expect(existsSync(join(repoRoot, String(config.win?.icon)))).toBe(true);
    expect(existsSync(join(repoRoot, String(config.linux?.icon), '512x512.png'))).toBe(true);
  });
});
