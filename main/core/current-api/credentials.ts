/**
 * The credentials of a current-API session, one holder per grant (a login's accounts share its
 * OAuth grant or PAT). A holder runs every REST call with the credential it has now, refreshes an
 * OAuth token once on a 401 before giving up, and remembers a terminal refusal.
 */
import { BackendError, type BackendGrant, type Credential } from '../backend/port';
import { isAccountId } from '../model';
import { CredentialRefresher, type OAuthCredential, type RefresherOptions } from './credential-refresher';
import { faultOf } from './refusal';
import { WireError } from './wire';

const PAT_PATTERN = /^pat_[0-9a-f]{64}$/;
/** More accounts than any user has; a longer list is a bug upstream. */
export const MAX_ACCOUNTS = 100;

export class CredentialHolder {
  readonly accountIds: readonly string[];
  refusal: WireError | null = null;
  private credential: Credential;
  readonly refresher: CredentialRefresher | null;

  constructor(
    grant: BackendGrant,
    refresherOptions: Omit<RefresherOptions, 'grantId' | 'onTerminal' | 'onBusy'>,
    private readonly events: {
      onTerminal(holder: CredentialHolder, error: WireError): void;
      onBusy?(holder: CredentialHolder): void;
    },
  ) {
    this.accountIds = [...grant.accountIds];
    this.credential = grant.credential;
    const renew = refresherOptions.renew;
    this.refresher =
      grant.credential.kind === 'oauth'
        ? new CredentialRefresher(grant.credential, {
            ...refresherOptions,
            grantId: grant.id,
            // The renewed credential is this holder's at once (main holds and seals it through `renew`).
            renew: (id, replaces, exchange) =>
              renew(id, replaces, exchange).then((c) => {
                this.credential = c;
                return c;
              }),
            onTerminal: (e) => this.refuse(e),
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

/** Checks the grants and their accounts; throws a typed error naming no credential. */
export function validateGrants(grants: BackendGrant[]): void {
  if (!Array.isArray(grants)) throw new BackendError('invalid_accounts', 'The account list is empty.');
  const count = grants.reduce((n, g) => n + (Array.isArray(g?.accountIds) ? g.accountIds.length : 0), 0);
  if (count === 0) throw new BackendError('invalid_accounts', 'The account list is empty.');
  if (count > MAX_ACCOUNTS)
    throw new BackendError('too_many_accounts', `At most ${MAX_ACCOUNTS} accounts can be opened.`);
  const seen = new Set<string>();
  const grantIds = new Set<string>();
  for (const g of grants) {
    if (typeof g?.id !== 'string' || g.id.length === 0 || grantIds.has(g.id))
      throw new BackendError('invalid_accounts', 'A login is named twice, or not at all.');
    grantIds.add(g.id);
    if (!Array.isArray(g.accountIds)) throw new BackendError('invalid_accounts', 'A login lists no accounts.');
    for (const id of g.accountIds) {
      if (typeof id !== 'string' || !isAccountId(id))
        throw new BackendError('invalid_accounts', 'An account id is malformed.');
      if (seen.has(id)) throw new BackendError('invalid_accounts', `The account ${id} is listed twice.`);
      seen.add(id);
      if (!g.credential || !validCredential(g.credential))
        throw new BackendError('invalid_accounts', `The credential of ${id} is not a current-API credential.`);
    }
  }
}

export type { OAuthCredential };
