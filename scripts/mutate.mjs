// `npm run mutate [group…]`: StrykerJS over each group of security-critical modules in turn (all
// groups by default), then the per-module summary for MUTATION.md. Groups: stryker/groups.mjs.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

import { GROUPS } from '../stryker/groups.mjs';

const names = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(GROUPS);
const reports = [];
for (const name of names) {
  if (!GROUPS[name]) throw new Error(`unknown group ${name}`);
  const present = GROUPS[name].mutate.filter((f) => existsSync(f));
  if (!present.length) {
    console.log(`\n== ${name}: none of ${GROUPS[name].mutate.join(', ')} exists; skipped`);
    continue;
  }
  console.log(`\n== ${name}: ${present.join(', ')}`);
  const run = spawnSync('npx', ['stryker', 'run', 'stryker/stryker.config.mjs'], {
    stdio: 'inherit',
    env: { ...process.env, MUTATE_GROUP: name },
  });
  if (run.status !== 0) process.exit(run.status ?? 1);
  reports.push(`reports/mutation/${name}.json`);
}
spawnSync('node', ['scripts/mutation-summary.mjs', ...reports], { stdio: 'inherit' });
