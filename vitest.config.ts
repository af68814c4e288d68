import { fileURLToPath } from 'node:url';

import { defineConfig } from 'vitest/config';

// Tests never load the real `electron` module: its binary cannot run here, and the core must not
// need it. Every import of 'electron' resolves to a recording fake instead. (The `electron` project
// runs the built app in the real binary, a process of its own, where one is installed.)
const electronFake = fileURLToPath(new URL('./test/support/electron-fake.ts', import.meta.url));

export default defineConfig({
  resolve: { alias: { electron: electronFake } },
  test: {
    // electron-store imports 'electron' from node_modules; inlining it lets the alias reach it.
    server: { deps: { inline: ['electron-store'] } },
    // Seeded properties: the same cases on every run (see the file).
    setupFiles: ['test/support/property-seed.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/renderer/**', 'test/e2e/**', 'test/electron-app/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'renderer',
          environment: 'jsdom',
          include: ['test/renderer/**/*.test.{ts,tsx}'],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 60_000,
          // One Chromium at a time on a 2-core machine keeps the journeys stable.
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          // The built app in the real Electron binary (test/support/electron-app.ts): skipped with
          // one sentence where there is none, a failure then under REQUIRE_ELECTRON=1.
          name: 'electron',
          environment: 'node',
          include: ['test/electron-app/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
