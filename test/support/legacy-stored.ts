/**
 * A trader's legacy login as an earlier run of the app left it in the vault: one legacy OAuth
 * grant with the sandbox user's published token per enabled account (issued to the sandbox's
 * default app id). The store is written through the real vault; a restart then restores it.
 */
import type { Vault } from '../../main/core/vault/index';
import type { SandboxHandle, SandboxUser } from '../../sandbox/index';

/** Stores the user's legacy login; returns its loginids, in order. */
export async function storeLegacyLogin(vault: Vault, sandbox: SandboxHandle, user: SandboxUser): Promise<string[]> {
  const accounts = user.accounts.filter((a) => a.is_disabled === 0);
  await vault.saveGrant(
    {
      id: 'legacy-login',
      api: 'legacy',
      source: 'oauth',
      destination: { appId: sandbox.appId, urls: [sandbox.wsUrl] },
      credential: { kind: 'tokens', tokens: Object.fromEntries(accounts.map((a) => [a.loginid, a.token])) },
    },
    accounts.map((a) => ({ accountId: a.loginid, currency: a.currency, isVirtual: a.is_virtual === 1 })),
  );
  return accounts.map((a) => a.loginid);
}
