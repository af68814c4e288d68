/**
 * The fuses in electron-builder.yml, as electron-builder hands them to @electron/fuses, and as they
 * end up flipped in a binary. The Electron binary cannot be downloaded here, so the binary is a
 * stand-in holding a fuse wire in Electron's format (sentinel, version, length, one byte per fuse)
 * with Electron's default states; @electron/fuses flips it exactly as it would flip Electron.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { flipFuses, FuseV1Options, FuseVersion, getCurrentFuseWire } from '@electron/fuses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type BuilderConfig, builderFuseConfig, loadBuilderConfig } from './electron-builder-internals';

// Byte values of @electron/fuses' FuseState (its constants module is not exported).
const ENABLE = '1'.charCodeAt(0);
const DISABLE = '0'.charCodeAt(0);
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

/** What each fuse must be in the shipped app, by @electron/fuses' own names. */
const EXPECTED: Record<keyof typeof FuseV1Options & string, boolean> = {
  RunAsNode: false,
  EnableCookieEncryption: true,
  EnableNodeOptionsEnvironmentVariable: false,
  EnableNodeCliInspectArguments: false,
  EnableEmbeddedAsarIntegrityValidation: true,
  OnlyLoadAppFromAsar: true,
  LoadBrowserProcessSpecificV8Snapshot: false,
  GrantFileProtocolExtraPrivileges: false,
};

/** FuseV1Options is a numeric TS enum: its names are the keys whose values are numbers. */
const fuseNames = Object.keys(FuseV1Options).filter((k) => Number.isNaN(Number(k)));

let fuses: Record<string, boolean | undefined>;
let dir: string;
beforeAll(async () => {
  const config: BuilderConfig = await loadBuilderConfig();
  fuses = config.electronFuses ?? {};
  dir = await mkdtemp(join(tmpdir(), 'fuses-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('electronFuses', () => {
  it('names every fuse @electron/fuses knows, and only those', () => {
    // electron-builder's keys are the FuseV1Options names with a lower-case first letter.
    const asOptionNames = Object.keys(fuses).map((k) => k[0]!.toUpperCase() + k.slice(1));
    expect(asOptionNames.sort()).toEqual([...fuseNames].sort());
    expect(Object.keys(EXPECTED).sort()).toEqual([...fuseNames].sort());
  });

  it('becomes, through electron-builder, the @electron/fuses config that hardens the app', async () => {
    const fuseConfig = await builderFuseConfig(fuses);
    expect(fuseConfig.version).toBe(FuseVersion.V1);
    for (const [name, value] of Object.entries(EXPECTED)) {
      expect({ name, value: fuseConfig[FuseV1Options[name as keyof typeof FuseV1Options]] }).toEqual({ name, value });
    }
  });

  it('flips every fuse of a wire in Electron format to the intended state, leaving none inherited', async () => {
    // Electron's defaults: RunAsNode, NodeOptions, NodeCliInspect and GrantFileProtocol on, the rest off.
    const defaults = [1, 0, 1, 1, 0, 0, 0, 1].map((on) => (on ? ENABLE : DISABLE));
    const binary = Buffer.concat([
      Buffer.from('\x7fELF padding before the wire '),
      Buffer.from(SENTINEL),
      Buffer.from([Number(FuseVersion.V1), defaults.length, ...defaults]),
      Buffer.from(' padding after'),
    ]);
    const file = join(dir, 'electron');
    await writeFile(file, binary);

    const fuseConfig = await builderFuseConfig(fuses);
    // strictlyRequireAllFuses makes @electron/fuses throw if any fuse of the wire is left unset.
    await flipFuses(file, { ...fuseConfig, version: FuseVersion.V1, strictlyRequireAllFuses: true } as Parameters<
      typeof flipFuses
    >[1]);

    const wire = await getCurrentFuseWire(file);
    for (const [name, value] of Object.entries(EXPECTED)) {
      const state = (wire as unknown as Record<number, number>)[FuseV1Options[name as keyof typeof FuseV1Options]];
      expect({ name, state }).toEqual({ name, state: value ? ENABLE : DISABLE });
    }
  });
});
