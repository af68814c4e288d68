/**
 * The sign-in lifecycle, whatever the method: one attempt at a time and its one `LoginState`; the
 * login window (OAuth) with the backend warmed up while the user types, so the login ends in one
 * round trip; a PAT or pasted API tokens checked without a window. Each attempt has its own
 * `AbortSignal`: a cancel, a logout or a change of destination aborts it, and an aborted attempt's
 * outcome is dropped. The destination an attempt started for is kept with it: credentials issued by
 * one server (or for one app id) are never accepted once the app points elsewhere, whatever the
 * order in which commands interleave. The API the renderer signed in to is checked here, once,
 * against the settings the attempt starts with: the one "wrong API" rule.
 */
import {
  type ApiTokenAccount,
  ApiTokenError,
  checkApiTokens,
  type HeldCredential,
  parseApiTokens,
} from '../auth/api-token-login';
import { browserSignIn } from '../auth/front-channel';
import { loginErrorInfo, type LoginFailureInfo } from '../auth/login-failure';
import type { AccountsBackend } from '../backend/port';
import {
  type ApiTokenErrorInfo,
  type DerivApi,
  type LegacySettings,
  type LoginErrorCode,
  type LoginErrorInfo,
  type LoginMethod,
  loginPlaceOf,
  type LoginState,
  type Settings,
} from '../model';
import { type Destination, tokensWouldMove } from './destination';
import type { AnyLoginOutcome, CurrentLoginMethod } from './ports';

/** An attempt as the coordinator runs it (a demo credential already resolved to its PAT or tokens). */
export type LoginRequest =
  | { method: 'oauth' | 'browser'; reloginFor: string | null }
  | { method: 'pat'; token: string; appId: string; reloginFor: string | null }
  | { method: 'api_token'; tokens: string };

/**
 * What an attempt needs from outside: where credentials go, a clock, the login runners, the accounts
 * held and a backend to warm up. Nothing here is told what happened: that is a `LoginEvent`.
 */
export interface LoginPorts {
  /** Where credentials go right now (mode and settings); `unconfigured`: nowhere yet. */
  destination(): Destination;
  now(): number;
  /** Runs the OAuth login of the settings' API, or checks a PAT (current API, no window). */
  runLogin(opts: {
    settings: Settings;
    signal: AbortSignal;
    pat?: Extract<CurrentLoginMethod, { method: 'pat' }>;
    /** In the trader's browser rather than the login window (`browser` sign-in). */
    inBrowser?: boolean;
  }): Promise<AnyLoginOutcome>;
  /** The API-token check (tests may slow it down); the real one against Deriv's legacy server otherwise. */
  checkApiTokens?: typeof checkApiTokens;
  /** The accounts held now, with their tokens (an API token already held is refused). */
  held(): readonly HeldCredential[];
  /** A backend to warm up, or null (one is already running, or the endpoint is unusable). */
  warmBackend(): AccountsBackend | null;
}

/** What happened to an attempt, told to the coordinator's one listener as it happens. */
export type LoginEvent =
  /**
   * The login went through: its accounts are to be held and handed to the backend. The listener
   * answers why they were refused instead (nothing held, nothing stored), or null. Told before the
   * attempt ends, so the warm backend can still be taken.
   */
  | {
      type: 'accepted';
      outcome: Extract<AnyLoginOutcome, { ok: true }>;
      settings: Settings;
      reloginFor: string | null;
    }
  /** The pasted API tokens opened these accounts: to be held and handed to the backend. */
  | { type: 'api_tokens'; accounts: ApiTokenAccount[] }
  /**
   * A login that went through but is dropped (the app points elsewhere now, or it was cancelled or
   * logged out meanwhile): nothing will hold it, so what it holds at Deriv is to be let go.
   */
  | { type: 'dropped'; outcome: Extract<AnyLoginOutcome, { ok: true }>; settings: Settings }
  /** For main's log, in English (its detail never crosses IPC; the state carries the code). */
  | { type: 'failed'; method: LoginMethod; code: string; detail: string }
  /** `state` changed. */
  | { type: 'changed' };

/** The one listener: its answer counts for an `accepted` event only (a refusal, or null). */
export type LoginListener = (event: LoginEvent) => LoginErrorInfo | null | void;

export class LoginCoordinator {
  private current: LoginState = { status: 'idle' };
  /** The attempt in progress: aborting it drops its outcome. */
  private attempt: AbortController | null = null;
  private warm: AccountsBackend | null = null;

  constructor(
    private readonly ports: LoginPorts,
    private readonly onEvent: LoginListener,
  ) {}

  get state(): LoginState {
    return this.current;
  }

  /** Starts an attempt for `api` (the API the renderer signed in to); one at a time, a second is ignored. */
  async run(api: DerivApi, request: LoginRequest): Promise<void> {
    if (this.current.status === 'waiting') return;
    const startedFor = this.ports.destination();
    if (startedFor.mode === 'unconfigured') return this.fail(request, 'not_configured', 'nothing chosen yet');
    // The one "wrong API" rule: the renderer may have sent this before a settings change reached it.
    if (startedFor.settings.api !== api) {
      return this.fail(request, 'wrong_api', `a ${request.method} sign-in for the ${api} API`);
    }
    if (request.method === 'api_token') {
      // API tokens are the legacy API's: the validator allows them only there.
      const { settings } = startedFor;
      if (settings.api !== 'legacy') return this.fail(request, 'wrong_api', 'API tokens for the current API');
      return this.runApiTokens(startedFor, settings, request.tokens);
    }
    return this.runLogin(startedFor, request);
  }

  /** Ends an attempt in progress (the window closes; its outcome, if any, is dropped). */
  abort(): void {
    const attempt = this.attempt;
    if (!attempt) return;
    this.attempt = null;
    attempt.abort(new Error('cancelled'));
    if (this.current.status !== 'waiting') return;
    if (this.current.method === 'api_token') return this.set({ status: 'idle' });
    const { method, reloginFor } = this.current;
    this.set({ status: 'failed', method, error: loginErrorInfo('cancelled'), reloginFor });
  }

  /** As `abort`, and a shown API-token failure is cleared (logged out, or about to point elsewhere). */
  reset(): void {
    this.abort();
    if (this.current.status === 'failed' && this.current.method === 'api_token') this.set({ status: 'idle' });
  }

  /** The warmed-up backend, handed over once (to the session link). */
  takeWarm(): AccountsBackend | null {
    const warm = this.warm;
    this.warm = null;
    return warm;
  }

  async closeWarm(): Promise<void> {
    const unused = this.takeWarm();
    await unused?.close().catch(() => undefined);
  }

  private async runLogin(
    startedFor: Destination,
    asked: Exclude<LoginRequest, { method: 'api_token' }>,
  ): Promise<void> {
    const { settings } = startedFor;
    // "Log in" (and "Log in again") go where the trader chose for this API: in the browser, the
    // same code flow comes back through the browser (the legacy redirect is refused there, saying why).
    const request =
      asked.method === 'oauth' && loginPlaceOf(settings) === 'browser'
        ? { ...asked, method: 'browser' as const }
        : asked;
    const { reloginFor } = request;
    const attempt = this.begin();
    const flow = request.method !== 'pat' && settings.api === 'legacy' ? settings.flow : null;
    this.set({ status: 'waiting', method: request.method, flow, startedAt: this.ports.now(), reloginFor });
    // A cancelled login may not have reached its `finally` yet: its warm backend is closed here,
    // and that `finally` closes only its own.
    void this.closeWarm();
    const warm = this.ports.warmBackend();
    this.warm = warm;
    void warm?.preconnect?.();
    try {
      const pat =
        request.method === 'pat' ? { method: 'pat' as const, token: request.token, appId: request.appId } : null;
      const where = request.method === 'browser' ? { inBrowser: true } : {};
      const outcome = await this.ports.runLogin({ settings, signal: attempt.signal, ...(pat ? { pat } : where) });
      if (attempt.signal.aborted) {
        // Logged out, reconfigured or cancelled meanwhile.
        if (outcome.ok) this.onEvent({ type: 'dropped', outcome, settings });
        return;
      }
      if (!outcome.ok) return this.failWith(request, outcome.error, settings);
      if (tokensWouldMove(startedFor, this.ports.destination())) {
        // The app now points elsewhere (a mode or settings change ran while the window was up):
        // these tokens belong to the old destination and are dropped.
        this.onEvent({ type: 'dropped', outcome, settings });
        return this.set({
          status: 'failed',
          method: request.method,
          error: loginErrorInfo('cancelled', { settingsChanged: true }),
          reloginFor,
        });
      }
      // Authorizing goes on in the backend; the connection state shows its progress. Waiting here
      // for "online" would leave the login stuck while the network is down.
      const refused = this.onEvent({ type: 'accepted', outcome, settings, reloginFor }) ?? null;
      if (refused) return this.set({ status: 'failed', method: request.method, error: refused, reloginFor });
      this.set({ status: 'idle' });
    } catch (error) {
      if (attempt.signal.aborted) return;
      this.fail(request, 'authorize_failed', error instanceof Error ? error.message : String(error));
    } finally {
      this.end(attempt);
      // Unless handed over to the session link (or closed by a newer login), it was not used.
      if (warm !== null && this.warm === warm) await this.closeWarm();
    }
  }

  /**
   * Pasted API tokens: checked (pattern, then `authorize` each on its own) before anything is held,
   * so a failed sign-in stores nothing and changes nothing already signed in.
   */
  private async runApiTokens(startedFor: Destination, settings: LegacySettings, input: string): Promise<void> {
    const attempt = this.begin();
    try {
      const tokens = parseApiTokens(input);
      this.set({ status: 'waiting', method: 'api_token', flow: null, startedAt: this.ports.now(), reloginFor: null });
      const held = this.ports.held().map(({ accountId, token }) => ({ accountId, token }));
      const { wsUrl, appId, language } = settings;
      const check = this.ports.checkApiTokens ?? checkApiTokens;
      const accounts = await check(tokens, { endpoint: { wsUrl, appId, language }, held });
      if (attempt.signal.aborted) return; // logged out or moved to another server meanwhile
      if (tokensWouldMove(startedFor, this.ports.destination())) {
        // The app points elsewhere now (a settings change raced the check): these tokens were
        // checked against the old server and are not held, as a reset would have dropped them.
        return this.set({ status: 'idle' });
      }
      this.onEvent({ type: 'api_tokens', accounts });
      this.set({ status: 'idle' });
    } catch (error) {
      if (attempt.signal.aborted) return;
      if (error instanceof ApiTokenError) {
        this.onEvent({ type: 'failed', method: 'api_token', code: error.code, detail: error.message });
        return this.setTokenFailure({ code: error.code, params: { position: error.position } });
      }
      // Not a token's fault (a bug, a bad endpoint): said without any input in it.
      this.onEvent({
        type: 'failed',
        method: 'api_token',
        code: 'refused',
        detail: error instanceof Error ? error.name : 'error',
      });
      this.setTokenFailure({ code: 'refused', params: { position: null } });
    } finally {
      this.end(attempt);
    }
  }

  private begin(): AbortController {
    const attempt = new AbortController();
    this.attempt = attempt;
    return attempt;
  }

  private end(attempt: AbortController): void {
    if (this.attempt === attempt) this.attempt = null;
  }

  /** A failure of `code` for the request's method (both code sets share the ones used here). */
  private fail(
    request: LoginRequest,
    code: LoginErrorCode & ('not_configured' | 'wrong_api' | 'authorize_failed'),
    detail: string,
  ): void {
    this.onEvent({ type: 'failed', method: request.method, code, detail });
    if (request.method === 'api_token') {
      return this.setTokenFailure({ code: code === 'authorize_failed' ? 'refused' : code, params: { position: null } });
    }
    this.set({ status: 'failed', method: request.method, error: loginErrorInfo(code), reloginFor: request.reloginFor });
  }

  private failWith(
    request: Exclude<LoginRequest, { method: 'api_token' }>,
    failure: LoginFailureInfo,
    settings: Settings,
  ): void {
    this.onEvent({ type: 'failed', method: request.method, code: failure.code, detail: failure.message });
    const error = loginErrorInfo(failure.code, {
      providerError: failure.providerError,
      provider: failure.provider,
      browserReason: failure.browserReason,
      browser: browserSignIn(settings),
    });
    this.set({ status: 'failed', method: request.method, error, reloginFor: request.reloginFor });
  }

  private setTokenFailure(error: ApiTokenErrorInfo): void {
    this.set({ status: 'failed', method: 'api_token', error, reloginFor: null });
  }

  private set(state: LoginState): void {
    this.current = state;
    this.onEvent({ type: 'changed' });
  }
}
