import { EventEmitter } from 'node:events';

import { SecretLog } from './secrets';
import { API_SCOPES, type ApiScope, type SandboxAccount } from './types';
import { type DemoUser, makeToken, seededRandom } from './users';

export interface AccountRef {
  user: DemoUser;
  account: SandboxAccount;
}

/**
 * How a token was obtained. OAuth tokens are bound to the app_id that issued them (Deriv refuses
 * them on a socket opened with another app_id since 2022); API tokens work with any app_id.
 */
export type TokenGrant = { kind: 'oauth'; appId: string; scopes: ApiScope[] } | { kind: 'api'; scopes: ApiScope[] };
export interface TokenRecord extends AccountRef {
  grant: TokenGrant;
}

/** What `website_status` reports; `POST /__sandbox/status` changes it and subscribers get a push. */
export interface SiteStatus {
  site_status: 'up' | 'down' | 'updating';
  message?: string;
}

export interface Faults {
  delayMs: number;
  refuse: boolean;
  rateLimit: boolean;
  /** The legacy authorize page is retired: it redirects every request to this "home page" (null: off). */
  retiredHome: string | null;
}

/**
 * Everything the HTTP pages, the OIDC glue and the WebSocket sessions share: who owns which
 * token, the live balances, the revoked tokens and the injected faults.
 */
export class SandboxState {
  readonly balanceChanges = new EventEmitter<{ change: [loginid: string] }>();
  readonly faults: Faults = { delayMs: 0, refuse: false, rateLimit: false, retiredHome: null };
  readonly statusChanges = new EventEmitter<{ change: [] }>();
  private siteStatus: SiteStatus = { site_status: 'up' };
  /** Every secret handed out (see secrets.ts). */
  readonly secrets = new SecretLog();
  private readonly byToken = new Map<string, TokenRecord>();
  private readonly byLoginid = new Map<string, AccountRef>();
  private readonly revoked = new Set<string>();
  private readonly balances = new Map<string, number>();
  /** Tokens minted by the OIDC legacy-token exchange, grouped by the access token that asked. */
  private readonly issuedByGrant = new Map<string, string[]>();
  private readonly mint: () => number;

  constructor(
    readonly users: DemoUser[],
    seed: number,
    /** The app the users' published `account.token`s were issued to. */
    defaultAppId = '1089',
  ) {
    this.mint = seededRandom(seed ^ 0x5eed);
    this.balanceChanges.setMaxListeners(0);
    this.statusChanges.setMaxListeners(0);
    for (const user of users) {
      for (const account of user.accounts) {
        const ref = { user, account };
        this.byToken.set(account.token, {
          ...ref,
          grant: { kind: 'oauth', appId: defaultAppId, scopes: [...API_SCOPES] },
        });
        this.secrets.add('legacy_token', account.token);
        this.byLoginid.set(account.loginid, ref);
      }
      for (const api of user.apiTokens) {
        const account = user.accounts.find((a) => a.loginid === api.loginid);
        if (!account) continue;
        this.byToken.set(api.token, { user, account, grant: { kind: 'api', scopes: [...api.scopes] } });
        this.secrets.add('api_token', api.token);
      }
    }
    this.resetBalances();
  }

  /** The account a token opens, or undefined when unknown or revoked. */
  lookupToken(token: string): AccountRef | undefined {
    return this.tokenRecord(token);
  }

  /** The account a token opens and how it was granted, or undefined when unknown or revoked. */
  tokenRecord(token: string): TokenRecord | undefined {
    if (this.revoked.has(token)) return undefined;
    return this.byToken.get(token);
  }

  /** A fresh OAuth token for one account, bound to the app that asked (the legacy login page mints these). */
  mintOAuthToken(ref: AccountRef, appId: string): string {
    const token = makeToken(this.mint);
    this.secrets.add('legacy_token', token);
    this.byToken.set(token, { ...ref, grant: { kind: 'oauth', appId, scopes: [...API_SCOPES] } });
    return token;
  }

  /**
   * Deriv's `logout` revokes the OAuth tokens of that account for the app of the socket; API tokens
   * (made by the trader) stay valid.
   */
  revokeOAuth(loginid: string, appId?: string): number {
    let n = 0;
    for (const [token, record] of this.byToken) {
      if (record.account.loginid !== loginid.toUpperCase() || record.grant.kind !== 'oauth') continue;
      if (appId !== undefined && record.grant.appId !== appId) continue;
      if (!this.revoked.has(token)) n += 1;
      this.revoked.add(token);
    }
    return n;
  }

  websiteStatus(): SiteStatus {
    return { ...this.siteStatus };
  }

  setWebsiteStatus(status: SiteStatus): void {
    this.siteStatus = { ...status };
    this.statusChanges.emit('change');
  }

  isRevoked(token: string): boolean {
    return this.revoked.has(token) || !this.byToken.has(token);
  }

  revoke(token: string): boolean {
    if (!this.byToken.has(token)) return false;
    this.revoked.add(token);
    return true;
  }

  account(loginid: string): AccountRef | undefined {
    return this.byLoginid.get(loginid);
  }

  userByEmail(email: string): DemoUser | undefined {
    return this.users.find((u) => u.email.toLowerCase() === email.trim().toLowerCase());
  }

  balance(loginid: string): number {
    return this.balances.get(loginid) ?? 0;
  }

  setBalance(loginid: string, balance: number): boolean {
    if (!this.byLoginid.has(loginid) || !Number.isFinite(balance) || balance < 0) return false;
    this.balances.set(loginid, balance);
    this.balanceChanges.emit('change', loginid);
    return true;
  }

  /**
   * Fresh tokens for a user's enabled accounts (OIDC legacy-token exchange), so that revoking them
   * later does not break the users' published tokens.
   */
  issueTokens(user: DemoUser, grantKey: string, appId: string): { account: SandboxAccount; token: string }[] {
    const issued = user.accounts
      .filter((a) => a.is_disabled === 0)
      .map((account) => ({ account, token: this.mintOAuthToken({ user, account }, appId) }));
    this.issuedByGrant.set(grantKey, [...(this.issuedByGrant.get(grantKey) ?? []), ...issued.map((i) => i.token)]);
    return issued;
  }

  revokeIssued(grantKey: string): number {
    const tokens = this.issuedByGrant.get(grantKey) ?? [];
    for (const t of tokens) this.revoked.add(t);
    this.issuedByGrant.delete(grantKey);
    return tokens.length;
  }

  resetBalances(): void {
    for (const user of this.users) {
      for (const [loginid, balance] of Object.entries(user.initialBalances)) {
        const before = this.balances.get(loginid);
        this.balances.set(loginid, balance);
        if (before !== undefined && before !== balance) this.balanceChanges.emit('change', loginid);
      }
    }
  }

  reset(): void {
    this.faults.delayMs = 0;
    this.faults.refuse = false;
    this.faults.rateLimit = false;
    this.faults.retiredHome = null;
    this.revoked.clear();
    this.resetBalances();
    if (this.siteStatus.site_status !== 'up' || this.siteStatus.message !== undefined)
      this.setWebsiteStatus({ site_status: 'up' });
  }
}
