/**
 * The committed icons are what scripts/make-icons.mjs makes from build/icon.svg, at the sizes each
 * platform needs, in formats their readers accept (checked by parsing the headers here).
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { describe, expect, it } from 'vitest';

import { repoRoot } from './electron-builder-internals';

const build = (name: string): Buffer => readFileSync(join(repoRoot, 'build', name));
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  expect(png.toString('latin1', 12, 16)).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('app icon', () => {
  it('has the Linux PNG set, each file the size its name says', () => {
    for (const size of [16, 24, 32, 48, 64, 128, 256, 512, 1024]) {
      expect(pngSize(build(`icons/${size}x${size}.png`))).toEqual({ width: size, height: size });
    }
    expect(pngSize(build('icon.png'))).toEqual({ width: 1024, height: 1024 });
  });

  it('has a Windows .ico with 16 to 256 px images', () => {
    const ico = build('icon.ico');
    expect(ico.readUInt16LE(0)).toBe(0); // reserved
    expect(ico.readUInt16LE(2)).toBe(1); // 1 = icon
    const count = ico.readUInt16LE(4);
    const sizes: number[] = [];
    for (let i = 0; i < count; i++) {
      const entry = 6 + i * 16;
      const width = ico[entry] === 0 ? 256 : ico[entry]!; // 0 means 256
      const length = ico.readUInt32LE(entry + 8);
      const offset = ico.readUInt32LE(entry + 12);
      expect(offset + length).toBeLessThanOrEqual(ico.length);
      sizes.push(width);
    }
    expect(sizes).toEqual(expect.arrayContaining([16, 24, 32, 48, 64, 128, 256]));
  });

  it('has a macOS .icns with retina images up to 1024 px', () => {
    const icns = build('icon.icns');
    expect(icns.toString('latin1', 0, 4)).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const types: string[] = [];
    for (let at = 8; at < icns.length; ) {
      const length = icns.readUInt32BE(at + 4);
      expect(length).toBeGreaterThan(8);
      types.push(icns.toString('latin1', at, at + 4));
      at += length;
    }
    // ic07 128, ic08 256, ic09 512, ic10 1024 (512@2x), ic11–ic14 the @2x variants.
    expect(types).toEqual(expect.arrayContaining(['ic07', 'ic08', 'ic09', 'ic10', 'ic11', 'ic12', 'ic13', 'ic14']));
  });

  it('is up to date with build/icon.svg (make-icons --check regenerates and compares)', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['scripts/make-icons.mjs', '--check'], {
      cwd: repoRoot,
    });
    expect(stdout).toMatch(/12 icon files match build\/icon\.svg/);
  });
});
