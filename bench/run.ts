/**
 * `npm run bench`: runs every module in bench/ that exports `run()` and prints one report.
 * Modules without a `run` export (standalone scripts such as sandbox-load.ts) are listed and
 * skipped: importing them would run them with their own argument handling and output.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

interface Row {
  name: string;
  value: string;
  target?: string;
  pass?: boolean;
}
interface Section {
  title: string;
  rows: Row[];
  notes?: string[];
}

const here = dirname(fileURLToPath(import.meta.url));
const EXPORTS_RUN = /export\s+(async\s+)?function\s+run\s*\(|export\s+const\s+run\s*=/;

function isSection(value: unknown): value is Section {
  return typeof value === 'object' && value !== null && Array.isArray((value as Section).rows);
}

function print(name: string, result: unknown): void {
  if (typeof result === 'string') {
    console.log(`\n## ${name}\n${result}`);
    return;
  }
  const sections = Array.isArray(result) ? result : [result];
  for (const section of sections) {
    if (!isSection(section)) {
      console.log(`\n## ${name}\n${JSON.stringify(section, null, 2)}`);
      continue;
    }
    console.log(`\n## ${section.title}`);
    for (const row of section.rows) {
      const verdict = row.pass === undefined ? '' : row.pass ? '  ✔' : '  ✘ MISSED';
      const target = row.target ? `  [target ${row.target}]` : '';
      console.log(`- ${row.name}: ${row.value}${target}${verdict}`);
    }
    for (const note of section.notes ?? []) console.log(`  note: ${note}`);
  }
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const files = readdirSync(here)
    .filter((f) => /\.(ts|mts|js|mjs)$/.test(f) && !/^run\.[a-z]+$/.test(f) && !f.endsWith('.d.ts'))
    .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
    .sort();
  console.log(
    `# npm run bench — ${new Date().toISOString()} — node ${process.version}, ${process.platform}/${process.arch}`,
  );
  let failed = false;
  for (const file of files) {
    const source = readFileSync(join(here, file), 'utf8');
    if (!EXPORTS_RUN.test(source)) {
      console.log(`\n(skipped ${file}: no run() export; run it on its own with \`npx tsx bench/${file}\`)`);
      continue;
    }
    const mod = (await import(pathToFileURL(join(here, file)).href)) as { run?: () => unknown };
    if (typeof mod.run !== 'function') continue;
    try {
      print(file, await mod.run());
    } catch (error) {
      failed = true;
      console.error(`\n## ${file}: FAILED — ${(error as Error).stack ?? String(error)}`);
    }
  }
  if (failed) process.exitCode = 1;
}

void main();
