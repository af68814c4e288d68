/**
 * Logins (grants) in the vault: what of each survives a restart (a legacy login's token per
 * account, a current-API login's refresh token or PAT), sealed with the `SecretCipher` together
 * with the grant's API and destination, and how a grant is opened again and handed back. An access
 * token is never kept: after a restart the backend refreshes it first.
 */
import type { Credential } from '../backend/port';
import { CREDENTIAL_SECRET_PATTERN, TOKEN_PATTERN } from '../deriv-patterns';
import type { Grant, GrantDestination, GrantSource } from '../grant';
import type { CurrentCredential, StoredGrant } from './schema';
import type { Binding, HeldSecret, Sealer } from './sealing';

interface GrantBase {
  id: string;
  source: GrantSource;
  destination: GrantDestination;
  /** When its secret was last replaced (clock ms); 0 when unknown (migrated). */
  updatedAt: number;
}

/** A grant in the vault's memory, with its secrets in clear and sealed. */
export type MemoryGrant = GrantBase &
  (
    | { api: 'legacy'; /** One token per account id. */ tokens: Map<string, HeldSecret> }
    | { api: 'current'; /** The refresh token (OAuth) or the PAT. */ secret: HeldSecret }
  );

/** Every secret of a grant, with the name used for it in notices and logs (never the secret). */
export function secretsOf(grant: MemoryGrant): [string, HeldSecret][] {
  return grant.api === 'legacy' ? [...grant.tokens] : [[grant.id, grant.secret]];
}

/** What of a current-API credential outlives the process: the refresh token or the PAT. */
export function durableSecretOf(credential: CurrentCredential): string | null {
  return credential.kind === 'oauth' ? credential.refreshToken : credential.token;
}

/** What the grant's secrets are sealed with: its API and destination. */
export function bindingOf(grant: Pick<MemoryGrant, 'api' | 'destination'>): Binding {
  return { api: grant.api, destination: grant.destination };
}

/**
 * Opens a stored grant: each secret is unsealed and checked for its form and for the API and
 * destination the store names for the grant (a grant not yet `bound` may hold bare secrets).
 */
export async function unsealGrant(stored: StoredGrant, sealer: Sealer): Promise<MemoryGrant> {
  const base = { id: stored.id, source: stored.source, destination: stored.destination, updatedAt: stored.updatedAt };
  const binding = bindingOf(stored);
  const open = (name: string, sealed: string | null, form: RegExp): Promise<HeldSecret> | HeldSecret =>
    sealed === null
      ? { plain: null, sealed: null, problem: null }
      : sealer.unseal(name, sealed, form, binding, { bareAllowed: !stored.bound });
  if (stored.api === 'current') {
    return { ...base, api: 'current', secret: await open(stored.id, stored.sealedSecret, CREDENTIAL_SECRET_PATTERN) };
  }
  const entries = Object.entries(stored.sealedTokens);
  const opened = await Promise.all(entries.map(([id, sealed]) => open(id, sealed, TOKEN_PATTERN)));
  return { ...base, api: 'legacy', tokens: new Map(entries.map(([id], i) => [id, opened[i]!])) };
}

/** The grant as written: sealed secrets only when they may persist. */
export function storedGrantOf(grant: MemoryGrant, mayPersist: boolean): StoredGrant {
  const { id, source, destination, updatedAt } = grant;
  // An undecryptable blob is kept: it is unreadable to us too, and opens again if the keyring returns.
  const kept = (s: HeldSecret) => (s.problem !== null || mayPersist ? s.sealed : null);
  // Bound unless a bare secret is kept (one that has not opened since an earlier version sealed it).
  const bound = !secretsOf(grant).some(([, s]) => s.bare === true && kept(s) !== null);
  return grant.api === 'current'
    ? { id, api: 'current', source, destination, updatedAt, bound, sealedSecret: kept(grant.secret) }
    : {
        id,
        api: 'legacy',
        source,
        destination,
        updatedAt,
        bound,
        sealedTokens: Object.fromEntries([...grant.tokens].map(([accountId, s]) => [accountId, kept(s)])),
      };
}

/**
 * The grant handed back at restore, with what opens its accounts, or a null credential when
 * nothing usable survived. A restored OAuth credential has no access token and has expired
 * (`expiresAt: 0`): the backend refreshes it before its first request.
 */
export function restoredGrant(grant: MemoryGrant, accountIds: string[]): Grant {
  const { id, api, source, destination } = grant;
  return {
    id,
    api,
    source,
    destination: { ...destination, urls: [...destination.urls] },
    accountIds,
    credential: credentialOf(grant),
  };
}

function credentialOf(grant: MemoryGrant): Credential | null {
  if (grant.api === 'legacy') {
    const tokens = [...grant.tokens].filter(([, s]) => s.plain !== null).map(([id, s]) => [id, s.plain!] as const);
    return tokens.length > 0 ? { kind: 'tokens', tokens: Object.fromEntries(tokens) } : null;
  }
  const secret = grant.secret.plain;
  if (secret === null) return null;
  return grant.source === 'pat'
    ? { kind: 'pat', token: secret, appId: grant.destination.appId }
    : { kind: 'oauth', accessToken: '', refreshToken: secret, expiresAt: 0 };
}

/** Why an account of this grant cannot be opened from what was stored, if it cannot. */
export function problemOf(grant: MemoryGrant | undefined, accountId: string): HeldSecret['problem'] {
  if (!grant) return null;
  return grant.api === 'legacy' ? (grant.tokens.get(accountId)?.problem ?? null) : grant.secret.problem;
}
