// The security-critical modules, in groups, each with only the tests that guard it: Stryker runs
// one group at a time (`npm run mutate`, or `node scripts/mutate.mjs <group>…`), so each mutant
// re-runs a few fast test files instead of the suite. Tests that launch Chromium or fork processes
// stay out (they cover the same code through slower paths); see MUTATION.md.
export const GROUPS = {
  redirect: {
    mutate: ['main/core/auth/redirect.ts', 'main/core/auth/url-policy.ts'],
    tests: ['test/auth/redirect.test.ts', 'test/auth/url-policy.test.ts'],
  },
  login: {
    mutate: ['main/core/auth/legacy-flow.ts', 'main/core/auth/oidc-flow.ts', 'main/core/auth/login.ts'],
    tests: ['test/auth/login.test.ts', 'test/auth/login-oidc.test.ts'],
  },
  ipc: {
    mutate: ['main/ipc/validators.ts', 'main/ipc/dispatch.ts'],
    tests: ['test/ipc/dispatch.test.ts'],
  },
  shell: {
    mutate: ['main/core/shell/security-policy.ts', 'main/core/shell/static-files.ts'],
    tests: ['test/shell/security-policy.test.ts'],
  },
  vault: {
    mutate: ['main/core/vault/schema.ts', 'main/core/vault/migrations.ts', 'main/core/vault/store-recovery.ts'],
    tests: [
      'test/vault/schema.test.ts',
      'test/vault/recovery-details.test.ts',
      'test/vault/migrations.test.ts',
      'test/vault/store-recovery.test.ts',
      'test/vault/vault.test.ts',
    ],
    // The crash test forks a writer process per run: minutes per mutant, and it guards conf's
    // atomic write more than these modules. It runs in the normal suite.
    skipTests: 'SIGKILL',
  },
  deriv: {
    mutate: ['main/core/legacy-api/token-triage.ts', 'main/core/legacy-api/redact.ts'],
    tests: ['test/legacy-api/token-triage.test.ts', 'test/legacy-api/redact.test.ts'],
  },
};

export function group(name) {
  const found = GROUPS[name];
  if (!found) throw new Error(`unknown mutation group "${name}" (one of ${Object.keys(GROUPS).join(', ')})`);
  return found;
}
