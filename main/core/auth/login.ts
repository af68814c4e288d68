/**
 * One login attempt, whichever flow the settings name: a typed outcome every time, with either all
 * the accounts or an error whose message is meant for the user (and never contains a token).
 */
import type { EndpointSettings, LoginErrorInfo } from '../model';
import type { AuthWindow } from './auth-window';
import { runLegacyFlow } from './legacy-flow';
import { failureFromSignal, LoginFailure, toLoginFailure } from './login-failure';
import { runOidcFlow } from './oidc-flow';
import { AuthError, type LoginAccount } from './redirect';

export type { AuthWindow } from './auth-window';
export { buildLegacyAuthorizeUrl } from './legacy-flow';
export { defaultLoginMessage, failureFromSignal, LoginFailure } from './login-failure';
export { revokeLegacyTokens } from './oidc-flow';
export { AuthError, type AuthErrorCode, type LoginAccount, parseLegacyRedirect, parseLegacyTokenMap } from './redirect';
export { isNavigationAllowed, isRedirectTarget } from './url-policy';

export type LoginOutcome =
  | {
      ok: true;
      accounts: LoginAccount[];
      flow: 'legacy' | 'oidc';
      oidcAccessToken?: string /* kept in main to revoke at logout */;
    }
  | { ok: false; error: LoginErrorInfo };

export const DEFAULT_LOGIN_TIMEOUT_MS = 5 * 60_000;

export interface RunLoginOptions {
  settings: EndpointSettings;
  window: AuthWindow;
  /** Abort to cancel the attempt (outcome `cancelled`). */
  signal?: AbortSignal;
  /** The whole attempt, user typing included; default 5 minutes (outcome `timeout`). */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export async function runLogin(opts: RunLoginOptions): Promise<LoginOutcome> {
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new LoginFailure('timeout')),
    opts.timeoutMs ?? DEFAULT_LOGIN_TIMEOUT_MS,
  );
  const cancel = (): void => controller.abort(new LoginFailure('cancelled'));
  if (opts.signal?.aborted) cancel();
  else opts.signal?.addEventListener('abort', cancel, { once: true });

  try {
    checkConfigured(opts.settings);
    const signal = controller.signal;
    // The race guarantees the attempt ends on abort even if a window implementation never settles.
    if (opts.settings.flow === 'oidc') {
      const result = await untilAborted(runOidcFlow(opts.settings, opts.window, signal, opts.fetch), signal);
      return { ok: true, flow: 'oidc', accounts: result.accounts, oidcAccessToken: result.accessToken };
    }
    const accounts = await untilAborted(runLegacyFlow(opts.settings, opts.window, signal), signal);
    return { ok: true, flow: 'legacy', accounts };
  } catch (error) {
    // A step that fails because of the abort (e.g. fetch's AbortError) reports the abort's reason.
    const failure =
      !(error instanceof LoginFailure || error instanceof AuthError) && controller.signal.aborted
        ? failureFromSignal(controller.signal)
        : toLoginFailure(error);
    return { ok: false, error: failure.toInfo() };
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', cancel);
  }
}

function checkConfigured(settings: EndpointSettings): void {
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
