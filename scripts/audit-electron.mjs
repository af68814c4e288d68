#!/usr/bin/env node
/**
 * `npm run audit:electron`: Doyensec's electronegativity over main/ (or --input <dir>), assuming the
 * installed Electron version. Fails on any HIGH or MEDIUM finding that is not in the reviewed
 * allow-list (scripts/electronegativity-allowlist.json), and on allow-list entries that no longer
 * match a finding. The scan runs offline: the scanner would fetch translations and Electron's
 * release list (the latter without a timeout, so a firewalled CI could hang); its HTTP client is
 * replaced by one that fails at once, which skips only its "newer Electron has security fixes"
 * advice (keeping Electron current is the dependency updates' job).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const input = resolve(root, flag('--input', 'main'));
const allowListPath = resolve(root, flag('--allow-list', 'scripts/electronegativity-allowlist.json'));

const scannerDir = dirname(require.resolve('@doyensec/electronegativity/package.json'));
const gotPath = createRequire(join(scannerDir, 'package.json')).resolve('got');
const offline = () => Promise.reject(new Error('electronegativity runs offline here'));
const got = Object.assign(offline, { get: offline, head: offline });
got.default = got;
require.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: got };

const run = require('@doyensec/electronegativity');
const electronVersion = require('electron/package.json').version;
const { issues, errors } = await run(
  {
    input,
    isRelative: true,
    isVerbose: false,
    customScan: [],
    excludeFromScan: [],
    electronVersionOverride: electronVersion,
    parserPlugins: [],
  },
  false,
);

const GATED = new Set(['HIGH', 'MEDIUM']);
const findings = issues
  .filter((issue) => GATED.has(issue.severity.name))
  .map((issue) => ({
    check: issue.id,
    severity: issue.severity.name,
    confidence: issue.confidence.name,
    file: issue.file.split('\\').join('/'),
    line: issue.location.line,
    sample: String(issue.sample ?? '').trim(),
  }));
const allowList = JSON.parse(readFileSync(allowListPath, 'utf8')).entries;
const matches = (entry, finding) =>
  entry.check === finding.check && entry.file === finding.file && entry.sample === finding.sample;

const unreviewed = findings.filter((finding) => !allowList.some((entry) => matches(entry, finding)));
const stale = allowList.filter((entry) => !findings.some((finding) => matches(entry, finding)));

console.log(
  `electronegativity (Electron ${electronVersion}) over ${input}: ${issues.length} findings, ` +
    `${findings.length} HIGH/MEDIUM, ${findings.length - unreviewed.length} in the reviewed allow-list`,
);
for (const error of errors ?? []) console.log(`  could not parse ${error.file}: ${error.message ?? error.error ?? ''}`);
for (const f of unreviewed) {
  console.log(`  NEW ${f.severity}/${f.confidence} ${f.check} ${f.file}:${f.line}  ${f.sample}`);
}
for (const e of stale) console.log(`  STALE allow-list entry (matches no finding): ${e.check} ${e.file}  ${e.sample}`);
const unparsed = errors ?? [];
if (unparsed.length > 0) {
  console.log(`${unparsed.length} file(s) could not be parsed, so they were not checked: fix the parse error.`);
}
if (unreviewed.length > 0 || stale.length > 0 || unparsed.length > 0) {
  console.log(
    'Fix the finding, make the secure setting visible where the window is created, or add it to the allow-list with a reason.',
  );
  process.exit(1);
}
