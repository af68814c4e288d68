import { fileURLToPath } from 'node:url';

import { defineConfig } from 'vitest/config';

// @ts-expect-error plain ESM module without types
import { group } from './groups.mjs';

/**
 * The tests of one mutation group (MUTATE_GROUP, see groups.mjs), for Stryker's vitest runner.
 * Same alias as the main config: tests never load the real `electron`.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const electronFake = fileURLToPath(new URL('../test/support/electron-fake.ts', import.meta.url));
const { tests, skipTests } = group(process.env.MUTATE_GROUP ?? 'redirect') as { tests: string[]; skipTests?: string };

export default defineConfig({
  root,
  resolve: { alias: { electron: electronFake } },
  test: {
    server: { deps: { inline: ['electron-store'] } },
    environment: 'node',
    setupFiles: ['test/support/property-seed.ts'],
    include: [...tests, 'stryker/modules-load.test.ts'],
    ...(skipTests ? { testNamePattern: `^(?!.*${skipTests})` } : {}),
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
