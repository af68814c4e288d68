/**
 * The API-token sign-in beside "Log in with Deriv": one at a time, its state for the renderer
 * (never a token), and a generation counter so that a check overtaken by a logout or a change of
 * server is dropped. The tokens are checked (pattern, then `authorize` each on its own) before
 * anything is held: a failed sign-in stores nothing and changes nothing already signed in.
 */
import {
  type ApiTokenAccount,
  ApiTokenError,
  checkApiTokens,
  type HeldCredential,
  missingReadScope,
  parseApiTokens,
  READ_SCOPE,
} from '../auth/api-token-login';
import type { EndpointSettings, NoticeInput, TokenLoginState } from '../model';

export interface ApiTokenHost {
  configured(): boolean;
  endpoint(): Pick<EndpointSettings, 'wsUrl' | 'appId' | 'language' | 'api'>;
  held(): readonly HeldCredential[];
  /** The tokens opened these accounts: hold them and hand them to the backend. */
  accept(accounts: ApiTokenAccount[]): void;
  notice(notice: NoticeInput): void;
  changed(): void;
  /** The check itself (the real one against Deriv, unless a test gives another). */
  check?: typeof checkApiTokens;
}

export class ApiTokenSignIn {
  private current: TokenLoginState = { status: 'idle' };
  private generation = 0;

  constructor(private readonly host: ApiTokenHost) {}

  get state(): TokenLoginState {
    return this.current;
  }

  async run(input: string): Promise<void> {
    if (this.current.status === 'checking') return;
    if (!this.host.configured()) {
      return this.fail('not_configured', 'Choose Demo mode or enter your Deriv app ID first.', null);
    }
    if (this.host.endpoint().api !== 'legacy') {
      // The current API has no API tokens: they would go to the legacy server the app does not speak.
      const message = "API tokens sign in to Deriv's legacy API; on the current API, log in or use a PAT.";
      return this.fail('wrong_api', message, null);
    }
    const generation = ++this.generation;
    try {
      const tokens = parseApiTokens(input);
      this.set({ status: 'checking' });
      const check = this.host.check ?? checkApiTokens;
      const { wsUrl, appId, language, api } = this.host.endpoint();
      const held = this.host.held().map(({ accountId, token }) => ({ accountId, token }));
      const accounts = await check(tokens, { endpoint: { wsUrl, appId, language }, held });
      if (generation !== this.generation) return; // logged out or moved to another server meanwhile
      const now = this.host.endpoint();
      if (now.wsUrl !== wsUrl || now.appId !== appId || now.api !== api) {
        // The app points elsewhere now (a settings change raced the check): these tokens were
        // checked against the old server and are not held, as a reset would have dropped them.
        return this.set({ status: 'idle' });
      }
      this.host.accept(accounts);
      // Balances and account details need `read`: say which scope to add, nothing else breaks.
      for (const a of accounts.filter((x) => missingReadScope(x.scopes)))
        this.host.notice({
          code: 'api_token_missing_scope',
          level: 'warning',
          params: { account: a.accountId, scope: READ_SCOPE },
        });
      this.set({ status: 'idle' });
    } catch (error) {
      if (generation !== this.generation) return;
      if (error instanceof ApiTokenError) return this.fail(error.code, error.message, error.position);
      // Not a token's fault (a bug, a bad endpoint): said without any input in it.
      this.fail('refused', error instanceof Error ? error.name : 'error', null);
    }
  }

  /** Drops a check in progress (its outcome is ignored) and clears a shown failure. */
  reset(): void {
    this.generation += 1;
    if (this.current.status !== 'idle') this.set({ status: 'idle' });
  }

  private fail(
    code: Extract<TokenLoginState, { status: 'failed' }>['error']['code'],
    message: string,
    position: number | null,
  ): void {
    this.set({ status: 'failed', error: { code, message, position } });
  }

  private set(state: TokenLoginState): void {
    this.current = state;
    this.host.changed();
  }
}
