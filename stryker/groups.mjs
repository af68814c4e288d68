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
    // The seeded properties of the newer commands' arguments (sign-in per API, settings per API, account ids).
    tests: [
      'test/ipc/dispatch.test.ts',
      'test/ipc/sign-in.property.test.ts',
      'test/ipc/settings.property.test.ts',
      'test/ipc/account-id.property.test.ts',
    ],
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
  // The current API's login: OAuth + PKCE and PAT sign-in, the state check both OAuth flows share,
  // and the login window's refusal rule. The sandbox-backed controller test drives the whole code
  // flow over real HTTP (a form-filling window, no browser).
  'current-login': {
    mutate: [
      'main/core/auth/current-flow.ts',
      'main/core/auth/callback-state.ts',
      'main/core/auth/authorize-refusal.ts',
    ],
    tests: [
      'test/auth/current-flow.test.ts',
      'test/auth/current-login.test.ts',
      'test/auth/authorize-refusal.test.ts',
      'test/auth/login-oidc.test.ts',
      'test/app/current-login.test.ts',
      'test/app/current-oauth-controller.test.ts',
    ],
  },
  refresher: {
    mutate: ['main/core/current-api/credential-refresher.ts'],
    tests: ['test/current-api/credential-refresher.test.ts'],
  },
  // The socket's pure state machine and its liveness rule (no socket in these tests).
  socket: {
    mutate: ['main/core/socket/liveness.ts', 'main/core/socket/machine.ts'],
    tests: ['test/socket/liveness.test.ts', 'test/socket/machine.test.ts'],
  },
  // The current API's REST wire: requests, answers, the OTP URL rule, the request budget, the
  // token endpoint and revocation.
  wire: {
    mutate: [
      'main/core/current-api/wire.ts',
      'main/core/current-api/wire-schema.ts',
      'main/core/current-api/rest-budget.ts',
    ],
    tests: [
      'test/current-api/wire.test.ts',
      'test/current-api/units.test.ts',
      'test/auth/current-login.test.ts',
      // The temporary legacy endpoints, the shapes of answers (exact balances), the REST base's
      // path, the shared budgets: each against the sandbox over real HTTP, a second or so.
      'test/current-api/wire-legacy.test.ts',
      'test/current-api/wire-shapes.test.ts',
      'test/current-api/rest-base-path.test.ts',
      'test/current-api/session-pacing.test.ts',
      // Discovery and revocation (wire.ts's last calls), against small local servers: ~5 s.
      'test/current-api/revocation.test.ts',
    ],
  },
  // Grants held and renewed: the vault's grant records (and the v5 → v6 migration that made them),
  // main's one-refresh-per-token registry.
  grants: {
    mutate: ['main/core/vault/grants.ts', 'main/core/vault/migrate-v6.ts', 'main/core/backend/grant-renewals.ts'],
    tests: [
      'test/vault/grant-records.test.ts',
      'test/vault/current-api.test.ts',
      'test/vault/migration-v6.test.ts',
      'test/vault/migration-v6-accounts.test.ts',
      'test/current-api/grant-renewals.test.ts',
      'test/app/account-views.test.ts',
    ],
  },
  // The accounts main holds per login (their renewals) and where a login lands.
  held: {
    mutate: ['main/core/app/held-accounts.ts', 'main/core/app/destination.ts'],
    tests: [
      'test/app/held-current.test.ts',
      'test/app/held-renewals.test.ts',
      'test/app/held-accounts.test.ts',
      'test/app/current-login.test.ts',
      'test/app/destination.test.ts',
      'test/app/login-coordinator.test.ts',
      'test/core/settings.test.ts',
    ],
  },
};

export function group(name) {
  const found = GROUPS[name];
  if (!found) throw new Error(`unknown mutation group "${name}" (one of ${Object.keys(GROUPS).join(', ')})`);
  return found;
}
