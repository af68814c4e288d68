// StrykerJS over one group of security-critical modules (MUTATE_GROUP, see groups.mjs and
// MUTATION.md). Run through scripts/mutate.mjs (`npm run mutate`). Concurrency 1 by default (a shared 2-core machine);
// MUTATE_CONCURRENCY=2 on a quiet one.
import { group } from './groups.mjs';

const name = process.env.MUTATE_GROUP ?? 'redirect';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'vitest',
  vitest: { configFile: 'stryker/vitest.config.ts', related: false },
  coverageAnalysis: 'perTest',
  concurrency: Number(process.env.MUTATE_CONCURRENCY ?? 1),
  timeoutMS: 10_000,
  mutate: group(name).mutate,
  ignorePatterns: ['out', 'dist', 'build', 'docs', 'test-results', 'reports', 'bench', '.stryker-tmp'],
  incremental: true,
  incrementalFile: `reports/mutation/${name}-incremental.json`,
  reporters: ['clear-text', 'progress-append-only', 'json'],
  jsonReporter: { fileName: `reports/mutation/${name}.json` },
  thresholds: { high: 90, low: 85, break: null },
  tempDirName: `.stryker-tmp/${name}`,
  cleanTempDir: 'always',
};
