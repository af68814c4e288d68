/**
 * The logins (grants) main holds and the accounts they open, kept pure so that `HeldAccounts` only
 * wires them: what each sign-in becomes (a legacy OAuth login: one grant with a token per account;
 * each pasted API token: a grant of its own; a current-API login: one grant for its accounts), how a
 * new grant is merged in (its accounts are now its own: a newer login replaces an older one for an
 * account, and a grant left without accounts is forgotten), and logging out of one account.
 */
import { randomUUID } from 'node:crypto';

import type { ApiTokenAccount } from '../auth/api-token-login';
import type { CurrentLogin } from '../auth/current-flow';
import type { LoginAccount } from '../auth/redirect';
import type { BackendGrant, DerivApi } from '../backend/port';
import { accountSourceOf, type Grant, opens } from '../grant';
import type { AccountRecord } from '../model';
import { recordOfCurrentAccount } from './current-login';
import { type Destination, grantDestination, mayGoNow } from './destination';

/** An account main holds: its record and the grant that opens it (the secret is the grant's). */
export interface HeldAccount extends AccountRecord {
  /** Null when no grant opens it (restored without one: it needs a new login). */
  grantId: string | null;
  /**
   * Why its login cannot open it any more: the stored secret no longer decrypts (the keyring
   * changed), the login's session ended for good (its refresh token was refused), or the saved
   * addresses are not those its secret was sealed for (it is not sent there), or a renewal's
   * answer was lost (its refresh token is spent).
   */
  problem: 'decrypt_failed' | 'session_expired' | 'destination_changed' | 'renewal_lost' | null;
}

export interface Held {
  readonly grants: readonly Grant[];
  readonly accounts: readonly HeldAccount[];
}

/** A sign-in's grant and the records of the accounts it opens (in its order). */
export interface NewGrant {
  grant: Grant;
  records: AccountRecord[];
}

/**
 * Merges a grant in: its accounts (by id) are now its own, with these records, in place or
 * appended; the grants that held them before lose them, and are forgotten once they have none.
 */
export function withGrant(held: Held, { grant, records }: NewGrant): Held {
  const ids = new Set(grant.accountIds);
  const accounts = [...held.accounts];
  for (const record of records) {
    const next: HeldAccount = { ...record, grantId: grant.id, problem: null };
    const at = accounts.findIndex((a) => a.accountId === record.accountId);
    if (at >= 0) accounts[at] = next;
    else accounts.push(next);
  }
  const grants = held.grants.map((g) => without(g, ids)).filter((g): g is Grant => g !== null);
  return { grants: [...grants, grant], accounts };
}

/** Logs out of one account: its grant no longer opens it (and is forgotten if it opens nothing else). */
export function withoutAccount(held: Held, accountId: string): Held {
  return {
    accounts: held.accounts.filter((a) => a.accountId !== accountId),
    grants: held.grants.map((g) => without(g, new Set([accountId]))).filter((g): g is Grant => g !== null),
  };
}

/**
 * Restored logins checked against where the app would send them now (see `mayGoNow`): a login
 * whose secret was sealed for other addresses (the store's settings were changed by another
 * program) keeps its accounts, but its secret is not used and they need a login. Nothing is
 * checked while nothing is chosen (`unconfigured`: nothing is sent anywhere). Returns the accounts
 * whose saved login is not used for that reason (those the vault found moved included).
 */
export function withDestinationsChecked(held: Held, where: Destination): { held: Held; moved: string[] } {
  const moved = new Set(
    where.mode === 'unconfigured'
      ? []
      : // The other API's logins go nowhere now (and a change of API logs out first): not checked.
        held.grants
          .filter((g) => g.credential !== null && g.api === where.settings.api && !mayGoNow(g, where))
          .map((g) => g.id),
  );
  const accounts = held.accounts.map((a) =>
    a.grantId !== null && moved.has(a.grantId) ? { ...a, problem: 'destination_changed' as const } : a,
  );
  return {
    held: { grants: held.grants.map((g) => (moved.has(g.id) ? { ...g, credential: null } : g)), accounts },
    moved: accounts.filter((a) => a.problem === 'destination_changed').map((a) => a.accountId),
  };
}

/** The grant without these accounts; null when none is left. */
function without(grant: Grant, ids: ReadonlySet<string>): Grant | null {
  if (!grant.accountIds.some((id) => ids.has(id))) return grant;
  const kept = restricted(
    grant,
    grant.accountIds.filter((id) => !ids.has(id)),
  );
  return kept.accountIds.length === 0 ? null : kept;
}

/**
 * The grant for these of its accounts only: a legacy login keeps their tokens only; a current-API
 * login's one secret opens them all.
 */
export function restricted(grant: Grant, accountIds: readonly string[]): Grant {
  const credential =
    grant.credential?.kind === 'tokens'
      ? {
          kind: 'tokens' as const,
          tokens: Object.fromEntries(Object.entries(grant.credential.tokens).filter(([id]) => accountIds.includes(id))),
        }
      : grant.credential;
  return { ...grant, accountIds: [...accountIds], credential };
}

/**
 * What a backend of `api` opens: its grants with a usable secret, each with the accounts it can
 * open now, in the accounts' order. The first account's token carries the legacy balance stream,
 * which needs `read`: logins whose accounts lack it go last.
 */
export function openable(held: Held, api: DerivApi): BackendGrant[] {
  const record = (id: string) => held.accounts.find((a) => a.accountId === id);
  const canRead = (g: Grant) => g.accountIds.every((id) => record(id)?.scopes?.includes('read') ?? true);
  const at = (g: Grant) => Math.min(...g.accountIds.map((id) => held.accounts.findIndex((a) => a.accountId === id)));
  const ofApi = held.grants.filter((g) => g.api === api && g.credential !== null).sort((a, b) => at(a) - at(b));
  return [...ofApi.filter(canRead), ...ofApi.filter((g) => !canRead(g))]
    .map((g) => ({ id: g.id, credential: g.credential!, accountIds: g.accountIds.filter((id) => opens(g, id)) }))
    .filter((g) => g.accountIds.length > 0);
}

/**
 * A legacy OAuth login (the redirect, or OpenID Connect's legacy tokens): one grant with a token per
 * account. An account already held keeps the flags the server gave for it; a new one gets defaults.
 */
export function legacyLoginGrant(held: Held, login: readonly LoginAccount[], where: Destination): NewGrant {
  const records = login.map((account): AccountRecord => {
    const previous = held.accounts.find((a) => a.accountId === account.accountId);
    return {
      api: 'legacy',
      source: 'oauth',
      scopes: null,
      accountId: account.accountId,
      currency: account.currency || previous?.currency || '',
      isVirtual: previous?.isVirtual ?? /^VR/.test(account.accountId),
      isDisabled: previous?.isDisabled ?? false,
      landingCompanyName: previous?.landingCompanyName ?? null,
      accountType: previous?.accountType ?? null,
    };
  });
  const credential = { kind: 'tokens' as const, tokens: Object.fromEntries(login.map((a) => [a.accountId, a.token])) };
  return {
    grant: {
      id: randomUUID(),
      api: 'legacy',
      source: 'oauth',
      destination: grantDestination(where, credential),
      credential,
      accountIds: login.map((a) => a.accountId),
    },
    records,
  };
}

/** Pasted API tokens: each is a grant of its own, for the one account its `authorize` opened. */
export function apiTokenGrants(accounts: readonly ApiTokenAccount[], where: Destination): NewGrant[] {
  return accounts.map((account) => {
    const credential = { kind: 'tokens' as const, tokens: { [account.accountId]: account.token } };
    return {
      grant: {
        id: randomUUID(),
        api: 'legacy',
        source: 'api_token',
        destination: grantDestination(where, credential),
        credential,
        accountIds: [account.accountId],
      },
      records: [
        {
          api: 'legacy',
          source: 'api_token',
          scopes: [...account.scopes],
          accountId: account.accountId,
          currency: account.currency,
          isVirtual: account.isVirtual,
          isDisabled: account.isDisabled,
          landingCompanyName: account.landingCompanyName,
          accountType: account.accountType,
        },
      ],
    };
  });
}

/** A current-API login (OAuth or PAT): one grant for the accounts its list gave. */
export function currentLoginGrant(login: CurrentLogin, where: Destination): NewGrant {
  const source = login.credential.kind === 'pat' ? 'pat' : 'oauth';
  return {
    grant: {
      id: randomUUID(),
      api: 'current',
      source,
      // The app the grant was issued to, as the login says (OAuth: the client id; PAT: its app id).
      destination: { ...grantDestination(where, login.credential), appId: login.appId },
      credential: login.credential,
      accountIds: login.accounts.map((a) => a.account_id),
    },
    records: login.accounts.map((a) => recordOfCurrentAccount(a, accountSourceOf(source))),
  };
}
