/** Reading the accounts store file (vault schema v7) as tests see it. */
import type { SecretCipher } from '../../main/core/vault/ports';

/** What a sealed blob of a v7 store holds: the secret with the API and destination it may be sent to. */
export interface SealedPayload {
  api: 'legacy' | 'current';
  destination: { demo?: true; appId: string; urls: string[] };
  secret: string;
}

/** Opens a sealed blob as the vault does, with the keyring's cipher. */
export async function openSealed(cipher: SecretCipher, blob: string): Promise<SealedPayload> {
  return JSON.parse(await cipher.decrypt(blob)) as SealedPayload;
}

/** The file's accounts, each with the sealed secret its grant holds for it (`sealedToken`, null if none). */
export function sealedAccounts(doc: Record<string, unknown>): { accountId: string; sealedToken: string | null }[] {
  const grants = (doc.grants ?? []) as Array<{
    id: string;
    sealedTokens?: Record<string, string | null>;
    sealedSecret?: string | null;
  }>;
  const accounts = (doc.accounts ?? []) as Array<{ accountId: string; grantId: string | null }>;
  return accounts.map((a) => {
    const grant = grants.find((g) => g.id === a.grantId);
    const sealed = grant?.sealedTokens ? (grant.sealedTokens[a.accountId] ?? null) : (grant?.sealedSecret ?? null);
    return { accountId: a.accountId, sealedToken: sealed };
  });
}
