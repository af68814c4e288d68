/**
 * The one error type a login attempt ends with, carrying a code from the domain model so the
 * renderer can react to it (retry button, settings link …) without parsing text. Its message is
 * main's English detail, for logs and tests: what crosses IPC is `loginErrorInfo(code)`.
 */
import {
  type BrowserUnavailableReason,
  type IdentityProvider,
  type LoginErrorCode,
  type LoginErrorInfo,
  MAX_ACCOUNTS_PER_SOCKET,
} from '../model';
import { AuthError } from './redirect';

/** A failed attempt as main knows it: the code, and an English detail that stays in main. */
export interface LoginFailureInfo {
  code: LoginErrorCode;
  message: string;
  /** `provider_error`: the OAuth error code the provider answered with, if any. */
  providerError?: string;
  /** `provider_refuses_window`: the identity provider that refused the window. */
  provider?: IdentityProvider;
  /** `browser_unavailable`: why. */
  browserReason?: BrowserUnavailableReason;
}

/** What the renderer is told of a failure: its code and typed parameters, never a sentence. */
export function loginErrorInfo(
  code: LoginErrorCode,
  opts: {
    settingsChanged?: boolean;
    providerError?: string | undefined;
    provider?: IdentityProvider | undefined;
    /** Whether the login can go on in the browser (a code flow with a loopback redirect), or why not. */
    browser?: 'offered' | BrowserUnavailableReason | undefined;
    browserReason?: BrowserUnavailableReason | undefined;
  } = {},
): LoginErrorInfo {
  if (code === 'cancelled') return { code, params: { settingsChanged: opts.settingsChanged ?? false } };
  if (code === 'provider_error') return { code, params: { error: opts.providerError ?? null } };
  if (code === 'provider_refuses_window') {
    return { code, params: { provider: opts.provider ?? 'google', browser: opts.browser ?? 'offered' } };
  }
  if (code === 'browser_unavailable') return { code, params: { reason: opts.browserReason ?? 'implicit_flow' } };
  return { code, params: {} };
}

export class LoginFailure extends Error {
  override readonly name = 'LoginFailure';
  readonly code: LoginErrorCode;

  constructor(
    code: LoginErrorCode,
    message: string = defaultLoginMessage(code),
    /** `provider_error`: the OAuth error code the provider answered with, when it is an identifier. */
    readonly providerError: string | null = null,
    /** `provider_refuses_window` / `browser_unavailable`: their typed detail. */
    readonly detail: { provider?: IdentityProvider; browserReason?: BrowserUnavailableReason } = {},
  ) {
    super(message);
    this.code = code;
  }

  toInfo(): LoginFailureInfo {
    const info: LoginFailureInfo = { code: this.code, message: this.message, ...this.detail };
    return this.providerError ? { ...info, providerError: this.providerError } : info;
  }
}

/** User-facing text for each code: says what happened and what to do. Never carries a token. */
export function defaultLoginMessage(code: LoginErrorCode): string {
  switch (code) {
    case 'cancelled':
      return 'Login was cancelled. Choose Log in to try again.';
    case 'timeout':
      return 'Login took too long and was stopped. Choose Log in to try again.';
    case 'network_error':
      return 'The Deriv login page could not be reached. Check your internet connection (or that demo mode is running) and try again.';
    case 'blocked_navigation':
      return 'The login page sent the window to a site that is neither the login page nor the redirect URL in Settings, so the login was stopped. Check the redirect URL registered for your app ID.';
    case 'window_failed':
      return 'The login window could not be set up. Check the redirect URL in Settings and try again.';
    case 'provider_error':
      return 'Deriv refused the login. Please try again; if it keeps happening, check the app ID in the settings.';
    case 'state_mismatch':
      return 'The login response does not belong to this login attempt. Please log in again.';
    case 'no_accounts':
      return 'Deriv did not return any account. Please log in again.';
    case 'invalid_token':
      return 'Deriv returned a token the app cannot use. Please log in again.';
    case 'malformed':
      return 'The login response from Deriv could not be understood. Please log in again.';
    case 'authorize_failed':
      return 'Deriv did not accept the login. Please log in again.';
    case 'not_configured':
      return 'The app is not set up yet: choose demo mode or enter your Deriv app ID and redirect URL in the settings.';
    case 'legacy_retired':
      return "Deriv's legacy login is no longer available (it sent the login window to another page). Choose Deriv's current API in Settings and log in again.";
    case 'missing_app_id':
      return 'A personal access token needs the app ID it was made for. Enter the app ID and try again.';
    case 'scope_missing':
      return 'The token does not have the "trade" scope the app needs. Make a token with the trade scope and try again.';
    case 'rate_limited':
      return 'Deriv is receiving too many requests with this login. Wait a minute and try again.';
    case 'unknown_client':
      return "Deriv's login server refused this app ID: it is not registered there, or the redirect URL is not exactly the one registered for it. Check the app ID and the redirect URL in Settings.";
    case 'too_many_accounts':
      return `This login would open more accounts than one Deriv connection can hold (${MAX_ACCOUNTS_PER_SOCKET}). Log out of some accounts first.`;
    case 'wrong_api':
      return 'The sign-in named another Deriv API than the settings speak (they changed meanwhile); nothing ran.';
    case 'provider_refuses_window':
      return 'The login page sent the window to a sign-in provider that does not allow signing in inside apps, so it was stopped before it loaded. Continue in your browser, or sign in another way.';
    case 'browser_unavailable':
      return 'This login cannot run in the browser with these settings.';
  }
}

/** Anything a login step may throw, as a LoginFailure (unknown errors become `malformed`, without their text). */
export function toLoginFailure(error: unknown): LoginFailure {
  if (error instanceof LoginFailure) return error;
  if (error instanceof AuthError) return new LoginFailure(error.code, error.message, error.providerError);
  return new LoginFailure('malformed');
}

/** The failure a window reports when its signal aborts: the flow puts a LoginFailure in `reason`. */
export function failureFromSignal(signal: AbortSignal): LoginFailure {
  return signal.reason instanceof LoginFailure ? signal.reason : new LoginFailure('cancelled');
}

/**
 * The login window met an identity provider that refuses embedded browsers: stopped before its
 * page loaded (only the provider's name is kept, never the address: its query may carry state).
 */
export function providerRefusesWindow(provider: IdentityProvider): LoginFailure {
  return new LoginFailure(
    'provider_refuses_window',
    `The login page sent the window to ${provider}'s sign-in, which does not allow signing in inside apps; it was stopped before it loaded.`,
    null,
    { provider },
  );
}
