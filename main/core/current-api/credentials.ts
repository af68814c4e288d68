/**
 * The credentials of a current-API session, one holder per distinct credential (several accounts
 * usually share one OAuth token or PAT). A holder runs every REST call with the credential it has
 * now, refreshes an OAuth token once on a 401 before giving up, and remembers a terminal refusal.
 */
import { type BackendAccount, BackendError, type Credential } from '../backend/port';
import { isAccountId } from '../model';
import { CredentialRefresher, type OAuthCredential, type RefresherOptions } from './credential-refresher';
import { faultOf } from './refusal';
import { bearerOf, WireError } from './wire';

const PAT_PATTERN = /^pat_[0-9a-f]{64}$/;
/** More accounts than any user has; a longer list is a bug upstream. */
export const MAX_ACCOUNTS = 100;

export interface HolderEvents {
  onRenewed(holder: CredentialHolder, credential: Credential, replaces: Credential): void;
  onTerminal(holder: CredentialHolder, error: WireError): void;
  /** The token endpoint refused this OAuth credential's refresh token for good (see `CredentialRefresher`). */
  onDead?(holder: CredentialHolder, credential: Credential): void;
  onBusy?(holder: CredentialHolder): void;
}

export class CredentialHolder {
  readonly accountIds: string[] = [];
  refusal: WireError | null = null;
  private credential: Credential;
  readonly refresher: CredentialRefresher | null;

  constructor(
    credential: Credential,
    refresherOptions: Omit<RefresherOptions, 'onRenewed' | 'onTerminal' | 'onDead' | 'onBusy'>,
    private readonly events: HolderEvents,
  ) {
    this.credential = credential;
    this.refresher =
      credential.kind === 'oauth'
        ? new CredentialRefresher(credential, {
            ...refresherOptions,
            onRenewed: (c, replaces) => {
              this.credential = c;
              this.events.onRenewed(this, c, replaces);
            },
            onTerminal: (e) => this.refuse(e),
            onDead: (c) => this.events.onDead?.(this, c),
            onBusy: () => this.events.onBusy?.(this),
          })
        : null;
  }

  /** Its OAuth token is being renewed right now. */
  get refreshing(): boolean {
    return this.refresher?.busy ?? false;
  }

  current(): Credential {
    return this.credential;
  }

  refuse(error: WireError): void {
    if (this.refusal) return;
    this.refusal = error;
    this.refresher?.stop();
    this.events.onTerminal(this, error);
  }

  /** Runs `fn` with the credential; on a 401 with a refreshable OAuth token, refreshes once and retries. */
  async use<T>(fn: (credential: Credential) => Promise<T>): Promise<T> {
    if (this.refusal) throw this.refusal;
    // A credential restored from the vault has no access token (none is stored): refresh first
    // rather than sending an empty bearer that can only be refused.
    if (this.credential.kind === 'oauth' && this.credential.accessToken === '' && this.refresher?.canRefresh())
      await this.refresher.refresh();
    const used = this.credential;
    try {
      return await fn(used);
    } catch (e) {
      if (!(e instanceof WireError)) throw e;
      if (e.code === 'unauthorized' && this.refresher?.canRefresh()) {
        // A refresh that already happened meanwhile is enough; otherwise one (coalesced) refresh.
        if (used === this.credential) await this.refresher.refresh();
        try {
          return await fn(this.credential);
        } catch (again) {
          if (again instanceof WireError && faultOf(again) === 'refused') this.refuse(again);
          throw again;
        }
      }
      if (faultOf(e) === 'refused') this.refuse(e);
      throw e;
    }
  }

  start(): void {
    this.refresher?.start();
  }

  stop(): void {
    this.refresher?.stop();
  }
}

function validCredential(c: Credential): boolean {
  if (c.kind === 'oauth')
    return (
      typeof c.accessToken === 'string' &&
      c.accessToken.length <= 4096 &&
      (c.refreshToken === null || (typeof c.refreshToken === 'string' && c.refreshToken.length > 0)) &&
      // No access token is the vault's restored form (it keeps only the refresh token): refreshable only.
      (c.accessToken.length > 0 || c.refreshToken !== null) &&
      (c.expiresAt === null || Number.isFinite(c.expiresAt))
    );
  if (c.kind === 'pat') return PAT_PATTERN.test(c.token) && typeof c.appId === 'string' && c.appId.length > 0;
  return false;
}

/** Checks an account list; throws a typed error naming no credential. */
export function validateAccounts(accounts: BackendAccount[]): void {
  if (!Array.isArray(accounts) || accounts.length === 0)
    throw new BackendError('invalid_accounts', 'The account list is empty.');
  if (accounts.length > MAX_ACCOUNTS)
    throw new BackendError('too_many_accounts', `At most ${MAX_ACCOUNTS} accounts can be opened.`);
  const seen = new Set<string>();
  for (const a of accounts) {
    if (typeof a?.accountId !== 'string' || !isAccountId(a.accountId))
      throw new BackendError('invalid_accounts', 'An account id is malformed.');
    if (seen.has(a.accountId))
      throw new BackendError('invalid_accounts', `The account ${a.accountId} is listed twice.`);
    seen.add(a.accountId);
    if (!a.credential || !validCredential(a.credential))
      throw new BackendError('invalid_accounts', `The credential of ${a.accountId} is not a current-API credential.`);
  }
}

/**
 * Same credential ⇔ same kind and same bearer string; an OAuth credential is named by its refresh
 * token when it has one (restored ones all have an empty access token until their first refresh).
 */
export function credentialKey(c: Credential): string {
  if (c.kind === 'oauth' && c.refreshToken) return `oauth-refresh:${c.refreshToken}`;
  return c.kind === 'token' ? `token:${c.token}` : `${c.kind}:${bearerOf(c)}`;
}

export type { OAuthCredential };
