// Prints the mutation score per module from Stryker's JSON reports (reports/mutation/<group>.json),
// as the Markdown table MUTATION.md carries, then every surviving or uncovered mutant.
// Score = (killed + timeout) / (killed + timeout + survived + no coverage), as Stryker counts it.
import { readFileSync } from 'node:fs';

const paths = process.argv.slice(2);
const files = Object.assign({}, ...paths.map((p) => JSON.parse(readFileSync(p, 'utf8')).files));
const rows = [];
const alive = [];
for (const [file, { mutants, source }] of Object.entries(files)) {
  const count = (...statuses) => mutants.filter((m) => statuses.includes(m.status)).length;
  const detected = count('Killed', 'Timeout');
  const undetected = count('Survived', 'NoCoverage');
  const total = detected + undetected;
  rows.push({ file, total, detected, undetected, score: total ? (100 * detected) / total : 100 });
  const lines = source.split('\n');
  for (const m of mutants.filter((x) => x.status === 'Survived' || x.status === 'NoCoverage')) {
    const line = lines[m.location.start.line - 1]?.trim() ?? '';
    alive.push(
      `${file}:${m.location.start.line} [${m.status}] ${m.mutatorName}: ${JSON.stringify(m.replacement ?? '')} in \`${line.slice(0, 110)}\``,
    );
  }
}
rows.sort((a, b) => a.file.localeCompare(b.file));
console.log('| module | mutants | killed (incl. timeout) | survived + no coverage | score |');
console.log('|---|---:|---:|---:|---:|');
for (const r of rows)
  console.log(`| ${r.file} | ${r.total} | ${r.detected} | ${r.undetected} | ${r.score.toFixed(1)}% |`);
const all = rows.reduce((a, r) => ({ t: a.t + r.total, d: a.d + r.detected }), { t: 0, d: 0 });
console.log(`| **all** | ${all.t} | ${all.d} | ${all.t - all.d} | ${((100 * all.d) / all.t).toFixed(1)}% |`);
console.log(`\nSurvivors (${alive.length}):`);
for (const a of alive) console.log(`- ${a}`);
