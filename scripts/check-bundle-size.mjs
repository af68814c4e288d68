#!/usr/bin/env node
/**
 * The renderer's size budget: every JS and CSS file the production build emits into
 * out/renderer/assets, gzipped (level 9, as a server or asar would not do better), must add up to
 * at most 90 KB. Run after `npm run build`; exits 1 over budget or when there is no build.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET_BYTES = 90 * 1024;
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const assets = join(root, process.argv[2] ?? 'out/renderer/assets');

if (!existsSync(assets)) {
  console.error(`No renderer build at ${assets}: run \`npm run build\` first.`);
  process.exit(1);
}

const files = readdirSync(assets)
  .filter((f) => /\.(js|mjs|css)$/.test(f))
  .sort();
if (files.length === 0) {
  console.error(`No .js or .css files in ${assets}.`);
  process.exit(1);
}

const kb = (bytes) => `${(bytes / 1024).toFixed(2)} KB`;
let total = 0;
for (const file of files) {
  const raw = readFileSync(join(assets, file));
  const gz = gzipSync(raw, { level: 9 }).length;
  total += gz;
  console.log(`${file.padEnd(40)} ${kb(raw.length).padStart(11)} raw  ${kb(gz).padStart(10)} gzip`);
}
const verdict = total <= BUDGET_BYTES ? 'within' : 'OVER';
console.log(`renderer JS+CSS gzipped: ${kb(total)} (budget ${kb(BUDGET_BYTES)}, ${verdict})`);
process.exit(total <= BUDGET_BYTES ? 0 : 1);
