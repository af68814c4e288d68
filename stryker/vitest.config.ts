import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The tests that guard the security-critical modules, and only those, for Stryker (`npm run
 * mutate`): with per-test coverage each mutant runs just the tests that reach it, so a run takes
 * minutes. Same alias as the main config: tests never load the real `electron`.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const electronFake = fileURLToPath(new URL('../test/support/electron-fake.ts', import.meta.url));

export const MUTATION_TESTS = [
  'test/auth/redirect.test.ts',
  'test/auth/url-policy.test.ts',
  'test/auth/login.test.ts',
  'test/auth/login-sandbox.test.ts',
  'test/ipc/dispatch.test.ts',
  'test/shell/security-policy.test.ts',
  'test/vault/migrations.test.ts',
  'test/vault/store-recovery.test.ts',
  'test/vault/vault.test.ts',
  'test/vault/garbage.property.test.ts',
  'test/deriv/token-triage.test.ts',
  'test/deriv/redact.test.ts',
];

export default defineConfig({
  root,
  resolve: { alias: { electron: electronFake } },
  test: {
    server: { deps: { inline: ['electron-store'] } },
    environment: 'node',
    include: MUTATION_TESTS,
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
