/**
 * A login, as main holds it: one Deriv sign-in (OAuth, a pasted API token or a PAT) that gives some
 * accounts. The code calls it a grant (what Deriv granted); the trader, the screen and the docs call
 * it a login. Its credential is a secret: a grant lives in main only (held accounts, the vault, the
 * backend port) and never crosses IPC.
 *
 * - a legacy OAuth login is one grant holding one token per account it gives;
 * - a legacy API token is one grant for its one account;
 * - a current-API OAuth login is one grant with its refresh token (and access token in memory);
 * - a current-API PAT is one grant with the PAT and its app id.
 *
 * A grant expires, is renewed, logged in again and logged out as one; a renewal replaces one grant
 * by its id.
 */
import type { BackendGrant, Credential, DerivApi } from './backend/port';
import type { AccountSource, GrantDestination, SecretKind } from './model';

/** Where the grant's secret may be sent (the model's rule, `secretDestination`); sealed with it. */
export type { GrantDestination };

/** How a login was made: Deriv's OAuth page, an API token pasted (legacy), a PAT pasted (current). */
export const GRANT_SOURCES = ['oauth', 'api_token', 'pat'] as const;
export type GrantSource = (typeof GRANT_SOURCES)[number];

export interface Grant extends Omit<BackendGrant, 'credential'> {
  api: DerivApi;
  source: GrantSource;
  destination: GrantDestination;
  /** Null when nothing usable survived a restart (its accounts need a new login). */
  credential: Credential | null;
}

/** The source an account of this grant shows (a PAT is pasted like an API token). */
export function accountSourceOf(source: GrantSource): AccountSource {
  return source === 'pat' ? 'api_token' : source;
}

/** What of a grant decides where its secret goes (for `secretDestination`). */
export function secretKindOf(grant: Pick<Grant, 'api' | 'source' | 'destination'>): SecretKind {
  if (grant.api === 'legacy') return { api: 'legacy' };
  return grant.source === 'pat'
    ? { api: 'current', kind: 'pat', appId: grant.destination.appId }
    : { api: 'current', kind: 'oauth' };
}

/** The token of one account of a legacy grant, if it has a usable one. */
export function tokenOf(grant: Pick<Grant, 'credential'> | undefined, accountId: string): string | null {
  return grant?.credential?.kind === 'tokens' ? (grant.credential.tokens[accountId] ?? null) : null;
}

/** Whether the grant can open this account now (a legacy grant: its token for it survived). */
export function opens(grant: Pick<Grant, 'credential'> | undefined, accountId: string): boolean {
  if (!grant?.credential) return false;
  return grant.credential.kind !== 'tokens' || tokenOf(grant, accountId) !== null;
}
