/** Reading the accounts store file (vault schema v6) as tests see it. */

/** The v6 file's accounts, each with the sealed secret its grant holds for it (`sealedToken`, null if none). */
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
