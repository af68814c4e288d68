/**
 * One login attempt, whichever flow the settings name: a typed outcome every time, with either all
 * the accounts or an error whose message is meant for the user (and never contains a token).
 */
import type { CurrentSettings, Language, LegacySettings } from '../model';
import { type Clock, systemClock } from '../socket/ports';
import type { AuthWindow } from './auth-window';
import { type CurrentLogin, runCurrentOAuthFlow, signInWithPat } from './current-flow';
import type { FrontChannel, SystemBrowser } from './front-channel';
import { runLegacyFlow } from './legacy-flow';
import { failureFromSignal, LoginFailure, type LoginFailureInfo, toLoginFailure } from './login-failure';
import { runOidcFlow } from './oidc-flow';
import { AuthError, type LoginAccount } from './redirect';
import type { SchemeCallbacks } from './scheme-callbacks';

export type { AuthWindow } from './auth-window';
export type { CurrentAccount } from './current-flow';
export { buildCurrentAuthorizeUrl, CURRENT_API_SCOPES, type CurrentLogin } from './current-flow';
export { browserTransport, loopbackRedirectPath, type SystemBrowser } from './front-channel';
export { buildLegacyAuthorizeUrl } from './legacy-flow';
export {
  defaultLoginMessage,
  failureFromSignal,
  loginErrorInfo,
  LoginFailure,
  type LoginFailureInfo,
} from './login-failure';
export { revokeLegacyTokens } from './oidc-flow';
export { AuthError, type AuthErrorCode, type LoginAccount, parseLegacyRedirect, parseLegacyTokenMap } from './redirect';
export { SchemeCallbacks } from './scheme-callbacks';
export { isNavigationAllowed, isRedirectTarget } from './url-policy';

export type LoginOutcome =
  | {
      ok: true;
      accounts: LoginAccount[];
      flow: 'legacy' | 'oidc';
      oidcAccessToken?: string /* kept in main to revoke at logout */;
    }
  | { ok: false; error: LoginFailureInfo };

export const DEFAULT_LOGIN_TIMEOUT_MS = 5 * 60_000;

export interface RunLoginOptions {
  settings: LegacySettings;
  window: AuthWindow;
  /**
   * Set to sign in in the trader's browser instead of the login window (code flows only, with a
   * loopback redirect): the authorization page is opened through this port.
   */
  browser?: SystemBrowser;
  /** Where the OS delivers a redirect in the app's own scheme (a sign-in in the browser, RFC 8252 §7.1). */
  callbacks?: SchemeCallbacks;
  /** Abort to cancel the attempt (outcome `cancelled`). */
  signal?: AbortSignal;
  /** The whole attempt, user typing included; default 5 minutes (outcome `timeout`). */
  timeoutMs?: number;
  /** The timer of that timeout (tests pass a manual clock). */
  clock?: Pick<Clock, 'setTimeout' | 'clearTimeout'>;
  fetch?: typeof fetch;
}

export async function runLogin(opts: RunLoginOptions): Promise<LoginOutcome> {
  return attempt(opts, async (signal) => {
    checkConfigured(opts.settings);
    // The race guarantees the attempt ends on abort even if a window implementation never settles.
    if (opts.settings.flow === 'oidc') {
      const front = frontChannel(opts, opts.settings.language);
      const result = await untilAborted(runOidcFlow(opts.settings, front, signal, opts.fetch), signal);
      return { ok: true, flow: 'oidc', accounts: result.accounts, oidcAccessToken: result.accessToken };
    }
    if (opts.browser) {
      // The legacy redirect carries the tokens in the address: the browser would keep them in its
      // history (RFC 8252 §8.2). It runs in the login window only.
      throw new LoginFailure(
        'browser_unavailable',
        'The legacy login sends the tokens in the address, which the browser would keep in its history: it runs in the app’s window only.',
        null,
        { browserReason: 'implicit_flow' },
      );
    }
    const accounts = await untilAborted(runLegacyFlow(opts.settings, opts.window, signal), signal);
    return { ok: true, flow: 'legacy', accounts };
  });
}

/** A login to Deriv's current API: OAuth + PKCE in the login window, or a PAT with its app id. */
export type CurrentLoginMethod = { method: 'oauth' } | { method: 'pat'; token: string; appId: string };

export type CurrentLoginOutcome = ({ ok: true } & CurrentLogin) | { ok: false; error: LoginFailureInfo };

export interface RunCurrentLoginOptions extends Omit<RunLoginOptions, 'settings'> {
  settings: CurrentSettings;
  login: CurrentLoginMethod;
  now?: () => number;
}

/** Same guarantees as `runLogin`: a typed outcome every time, cancel and timeout honoured. */
export async function runCurrentLogin(opts: RunCurrentLoginOptions): Promise<CurrentLoginOutcome> {
  return attempt(opts, async (signal) => {
    const fetchOpt = opts.fetch ? { fetch: opts.fetch } : {};
    const work =
      opts.login.method === 'pat'
        ? signInWithPat({
            restUrl: opts.settings.restUrl,
            token: opts.login.token,
            appId: opts.login.appId,
            signal,
            ...fetchOpt,
          })
        : runCurrentOAuthFlow(opts.settings, frontChannel(opts, opts.settings.language), signal, {
            ...fetchOpt,
            ...(opts.now ? { now: opts.now } : {}),
          });
    return { ok: true, ...(await untilAborted(work, signal)) };
  });
}

async function attempt<T extends { ok: true }>(
  opts: Pick<RunLoginOptions, 'signal' | 'timeoutMs' | 'clock'>,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T | { ok: false; error: LoginFailureInfo }> {
  const controller = new AbortController();
  const clock = opts.clock ?? systemClock;
  const timer = clock.setTimeout(
    () => controller.abort(new LoginFailure('timeout')),
    opts.timeoutMs ?? DEFAULT_LOGIN_TIMEOUT_MS,
  );
  const cancel = (): void => controller.abort(new LoginFailure('cancelled'));
  if (opts.signal?.aborted) cancel();
  else opts.signal?.addEventListener('abort', cancel, { once: true });

  try {
    return await work(controller.signal);
  } catch (error) {
    // A step that fails because of the abort (e.g. fetch's AbortError) reports the abort's reason.
    const failure =
      !(error instanceof LoginFailure || error instanceof AuthError) && controller.signal.aborted
        ? failureFromSignal(controller.signal)
        : toLoginFailure(error);
    return { ok: false, error: failure.toInfo() };
  } finally {
    clock.clearTimeout(timer);
    opts.signal?.removeEventListener('abort', cancel);
  }
}

function frontChannel(
  opts: Pick<RunLoginOptions, 'window' | 'browser' | 'callbacks'>,
  language: Language,
): FrontChannel {
  if (!opts.browser) return { kind: 'window', window: opts.window };
  return { kind: 'browser', browser: opts.browser, language, ...(opts.callbacks ? { callbacks: opts.callbacks } : {}) };
}

function checkConfigured(settings: LegacySettings): void {
  const urls =
    settings.flow === 'oidc' ? [settings.issuer, settings.redirectUrl] : [settings.oauthUrl, settings.redirectUrl];
  if (!settings.appId.trim() || urls.some((u) => !URL.canParse(u))) {
    throw new LoginFailure('not_configured');
  }
}

function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(failureFromSignal(signal));
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
