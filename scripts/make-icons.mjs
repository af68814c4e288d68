#!/usr/bin/env node
// Renders the one source image, build/icon.svg, into every icon electron-builder needs:
//   build/icons/<N>x<N>.png  Linux icon set (electron-builder reads the size from the file name)
//   build/icon.png           1024 px, the fallback electron-builder uses when a platform icon is absent
//   build/icon.icns          macOS
//   build/icon.ico           Windows (BMP for 16–48 px, PNG above: what Windows executables embed best)
// The outputs are committed build inputs; rerun `npm run icons` after editing the SVG.
// `npm run icons -- --check` regenerates in memory and fails if a committed file is stale or missing.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { Resvg } from '@resvg/resvg-js';
import png2icons from 'png2icons';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const buildDir = join(root, 'build');
const source = join(buildDir, 'icon.svg');

/** Sizes of the Linux PNG set: the freedesktop hicolor sizes plus 1024 for HiDPI docks. */
export const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];

function renderPng(svg, size) {
  // Each size is rendered from the vector so small icons stay sharp instead of being downscaled.
  const resvg = new Resvg(svg, { fitTo: { mode: 'width', value: size }, background: 'rgba(0,0,0,0)' });
  return Buffer.from(resvg.render().asPng());
}

/** @returns {Map<string, Buffer>} absolute output path → file bytes */
export function makeIcons(svg = readFileSync(source)) {
  const outputs = new Map();
  for (const size of PNG_SIZES) {
    outputs.set(join(buildDir, 'icons', `${size}x${size}.png`), renderPng(svg, size));
  }
  const master = outputs.get(join(buildDir, 'icons', '1024x1024.png'));
  outputs.set(join(buildDir, 'icon.png'), master);

  png2icons.clearCache();
  const icns = png2icons.createICNS(master, png2icons.BICUBIC2, 0);
  const ico = png2icons.createICO(master, png2icons.BICUBIC2, 0, false, true);
  if (icns === null || ico === null) throw new Error('png2icons could not convert build/icon.svg');
  outputs.set(join(buildDir, 'icon.icns'), icns);
  outputs.set(join(buildDir, 'icon.ico'), ico);
  return outputs;
}

function main() {
  const check = process.argv.includes('--check');
  const outputs = makeIcons();
  const stale = [];
  for (const [file, bytes] of outputs) {
    const name = relative(root, file);
    if (check) {
      if (!existsSync(file) || !readFileSync(file).equals(bytes)) stale.push(name);
      continue;
    }
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, bytes);
    console.log(`${name}  ${bytes.length} bytes`);
  }
  if (stale.length > 0) {
    console.error(`Icons out of date with build/icon.svg (run \`npm run icons\`):\n  ${stale.join('\n  ')}`);
    process.exit(1);
  }
  if (check) console.log(`${outputs.size} icon files match build/icon.svg`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
