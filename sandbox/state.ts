import { EventEmitter } from 'node:events';

import { SecretLog } from './secrets';
import type { SandboxAccount } from './types';
import { type DemoUser, makeToken, seededRandom } from './users';

export interface AccountRef {
  user: DemoUser;
  account: SandboxAccount;
}

export interface Faults {
  delayMs: number;
  refuse: boolean;
  rateLimit: boolean;
}

/**
 * Everything the HTTP pages, the OIDC glue and the WebSocket sessions share: who owns which
 * token, the live balances, the revoked tokens and the injected faults.
 */
export class SandboxState {
  readonly balanceChanges = new EventEmitter<{ change: [loginid: string] }>();
  readonly faults: Faults = { delayMs: 0, refuse: false, rateLimit: false };
  /** Every secret handed out (see secrets.ts). */
  readonly secrets = new SecretLog();
  private readonly byToken = new Map<string, AccountRef>();
  private readonly byLoginid = new Map<string, AccountRef>();
  private readonly revoked = new Set<string>();
  private readonly balances = new Map<string, number>();
  /** Tokens minted by the OIDC legacy-token exchange, grouped by the access token that asked. */
  private readonly issuedByGrant = new Map<string, string[]>();
  private readonly mint: () => number;

  constructor(
    readonly users: DemoUser[],
    seed: number,
  ) {
    this.mint = seededRandom(seed ^ 0x5eed);
    this.balanceChanges.setMaxListeners(0);
    for (const user of users) {
      for (const account of user.accounts) {
        const ref = { user, account };
        this.byToken.set(account.token, ref);
        this.secrets.add('legacy_token', account.token);
        this.byLoginid.set(account.loginid, ref);
      }
    }
    this.resetBalances();
  }

  /** The account a token opens, or undefined when unknown or revoked. */
  lookupToken(token: string): AccountRef | undefined {
    if (this.revoked.has(token)) return undefined;
    return this.byToken.get(token);
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
  issueTokens(user: DemoUser, grantKey: string): { account: SandboxAccount; token: string }[] {
    const issued = user.accounts
      .filter((a) => a.is_disabled === 0)
      .map((account) => {
        const token = makeToken(this.mint);
        this.secrets.add('legacy_token', token);
        this.byToken.set(token, { user, account });
        return { account, token };
      });
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
    this.revoked.clear();
    this.resetBalances();
  }
}
