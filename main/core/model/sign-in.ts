/**
 * Signing in as the domain model states it: the ways each API signs in, the one command that
 * starts a sign-in, the one state the renderer shows of it, and why one failed. A failure is a code
 * with typed parameters, never a sentence: the renderer words it in the trader's language (EN/FR,
 * typed against these tables). Part of `model.ts`; imports no code.
 */
import type { DerivApi, LoginFlow } from '../model';
import type { ApiTokenErrorCode } from './api-tokens';

/**
 * The ways each API signs in. `oauth`: Deriv's login page in the login window (legacy redirect or
 * OIDC as the settings say; the current API's OAuth + PKCE). `browser`: the same code flow in the
 * trader's own browser (RFC 8252), its redirect back on a loopback port, in the app's own scheme or
 * through the bounce page; never the legacy redirect. `pat`: a personal access token with the
 * app id it was made for (current API). `api_token`: legacy API tokens, pasted. `demo`: one of demo
 * mode's listed credentials, named by its id (a PAT or an API token, of the API the demo speaks).
 * The IPC validator derives the `signIn` argument from this table, so a sign-in with a method its
 * API lacks cannot be sent.
 */
export const SIGN_IN_METHODS = {
  legacy: ['oauth', 'browser', 'api_token', 'demo'],
  current: ['oauth', 'browser', 'pat', 'demo'],
} as const satisfies Record<DerivApi, readonly string[]>;
export type SignInMethod = (typeof SIGN_IN_METHODS)[DerivApi][number];

/** What each method needs besides the API it is for. */
interface SignInFields {
  /** `reloginFor`: the account a "Log in again" is for (it becomes active again once back). */
  oauth: { reloginFor?: string };
  browser: { reloginFor?: string };
  /** The PAT crosses IPC once, renderer → main, as the user typed it; main never sends it back. */
  pat: { token: string; appId: string };
  /** One or more API tokens, as pasted (separated by spaces, commas or new lines). */
  api_token: { tokens: string };
  /** An id from `AppState.demo.credentials`; main resolves it to the secret (never the other way). */
  demo: { id: string };
}

/**
 * The argument of `signIn`: the API the renderer signs in to (the settings' API as it last saw it)
 * and a method that API has. Main refuses it, typed (`wrong_api`), when the settings changed API
 * meanwhile: the one "wrong API" rule.
 */
export type SignInArgs = {
  [A in DerivApi]: {
    [M in (typeof SIGN_IN_METHODS)[A][number]]: { api: A; method: M } & SignInFields[M];
  }[(typeof SIGN_IN_METHODS)[A][number]];
}[DerivApi];

/** How a sign-in in progress (or failed) works: `demo` runs as the PAT or API token it names. */
export type LoginMethod = Exclude<SignInMethod, 'demo'>;

export const LOGIN_ERROR_CODES = [
  'cancelled',
  'timeout',
  'provider_error',
  'network_error',
  'blocked_navigation',
  'window_failed',
  'state_mismatch',
  'no_accounts',
  'invalid_token',
  'malformed',
  'authorize_failed',
  'not_configured',
  /** Deriv's legacy login sent the window to a page that is neither a login page nor the redirect. */
  'legacy_retired',
  /** A PAT was given without the app id it was made for. */
  'missing_app_id',
  /** The credential lacks a scope the app needs (`trade`). */
  'scope_missing',
  /** Deriv answered 429: too many requests with this credential for now. */
  'rate_limited',
  /** The login would hold more accounts than one connection can open: refused, nothing changed. */
  'too_many_accounts',
  /** The authorization server refused the client id (or its redirect URL) with an error page instead of a login page. */
  'unknown_client',
  /** The sign-in named another API than the settings speak (they changed meanwhile): nothing ran. */
  'wrong_api',
  /** The login window was sent to an identity provider that refuses embedded browsers: stopped before it loaded. */
  'provider_refuses_window',
  /** A sign-in in the browser that cannot run with these settings (`reason` says why). */
  'browser_unavailable',
] as const;
export type LoginErrorCode = (typeof LOGIN_ERROR_CODES)[number];

type NoParams = Record<string, never>;

/**
 * The federated identity providers that refuse to sign anyone in inside an embedded browser (an
 * Electron window included), by the host name the login window would be sent to. Google: "403
 * disallowed_useragent" since 4 January 2021; Facebook ended embedded-browser login in 2021; Apple's
 * sign-in is meant for the system browser. The login window stops a navigation to any of them
 * before it loads (`provider_refuses_window`).
 * @see https://developers.googleblog.com/2020/08/guidance-for-our-effort-to-block-less-secure-browser-and-apps.html
 * @see https://www.rfc-editor.org/rfc/rfc8252#section-8.12
 */
export const EMBEDDED_LOGIN_REFUSERS = {
  'accounts.google.com': 'google',
  'www.facebook.com': 'facebook',
  'm.facebook.com': 'facebook',
  'appleid.apple.com': 'apple',
} as const satisfies Record<string, string>;
export type IdentityProvider = (typeof EMBEDDED_LOGIN_REFUSERS)[keyof typeof EMBEDDED_LOGIN_REFUSERS];

/**
 * Why a sign-in in the browser is not offered: `implicit_flow`, the legacy redirect carries the
 * tokens in the address, which the browser would keep in its history (RFC 8252 §8.2);
 * `no_browser_redirect`, the redirect URL registered for the app is none the browser's redirect
 * can come back to the app through: a loopback one (`http://127.0.0.1/…`, RFC 8252 §7.3), one in
 * the app's own scheme (§7.1) or the HTTPS bounce page (`isBouncePageUrl`).
 */
export type BrowserUnavailableReason = 'implicit_flow' | 'no_browser_redirect';

/** An OAuth error code as a login failure may carry it: an identifier, never a sentence. */
export const OAUTH_ERROR_CODE_PATTERN = /^[a-z0-9_.-]{1,64}$/;

/** The parameters of each login failure (none is a secret, none a sentence). */
export type LoginErrorParams = {
  [K in Exclude<
    LoginErrorCode,
    'cancelled' | 'provider_error' | 'provider_refuses_window' | 'browser_unavailable'
  >]: NoParams;
} & {
  /**
   * `provider`: who refused the window. `browser`: whether the same login can go on in the
   * trader's browser (a code flow), or why not.
   */
  provider_refuses_window: { provider: IdentityProvider; browser: 'offered' | BrowserUnavailableReason };
  browser_unavailable: { reason: BrowserUnavailableReason };
  /**
   * `error`: the OAuth error code the provider answered with (RFC 6749 §4.1.2.1, e.g.
   * `access_denied`), an identifier shown as is; null when it gave none (an HTTP status …).
   */
  provider_error: { error: string | null };
  /** `settingsChanged`: stopped because the settings changed (not by the trader). */
  cancelled: { settingsChanged: boolean };
};

/** Why an OAuth or PAT sign-in failed: a code and its parameters (main's English detail stays in its log). */
export type LoginErrorInfo = { [K in LoginErrorCode]: { code: K; params: LoginErrorParams[K] } }[LoginErrorCode];

/** Why an API-token sign-in failed. `position`: the token at fault (1-based, in the order pasted). */
export interface ApiTokenErrorInfo {
  code: ApiTokenErrorCode;
  params: { position: number | null };
}

/**
 * The one sign-in state, whatever the method. `waiting`: the login window is open (`oauth`), or a
 * PAT or API tokens are being checked (no window); `browser`: the authorization page is open in the
 * trader's browser and a loopback port waits for its redirect. `reloginFor`: the account a "Log in again" is
 * for, so Retry targets it again. `flow`: how the login window signs in (legacy API only; null on
 * the current API and without a window).
 */
export type LoginState =
  | { status: 'idle' }
  | { status: 'waiting'; method: LoginMethod; flow: LoginFlow | null; startedAt: number; reloginFor: string | null }
  | { status: 'failed'; method: 'oauth' | 'browser' | 'pat'; error: LoginErrorInfo; reloginFor: string | null }
  | { status: 'failed'; method: 'api_token'; error: ApiTokenErrorInfo; reloginFor: null };

/**
 * Why a command was refused, when it did not change a sign-in state: a code and its parameters.
 * `invalid_argument`: the argument broke the contract (`fields`: the paths at fault).
 * `unknown_account`: no such account in this session. `link_not_allowed`: a page not on the list of
 * pages the app opens. `demo_*`: a demo credential outside demo mode, unknown, or of the other API.
 * `not_confirmed`: main asked the user (a native dialog) and the answer was not yes: nothing changed
 * (`question`: server addresses outside Deriv, or tokens kept on disk without real encryption).
 * `failed`: anything else (main logs the detail, in English).
 */
export interface CommandErrorParams {
  invalid_argument: { command: string; fields: string[] };
  forbidden_sender: NoParams;
  unknown_command: { command: string };
  unknown_account: { accountId: string };
  link_not_allowed: NoParams;
  demo_not_running: NoParams;
  demo_unknown_credential: NoParams;
  demo_other_api: { api: DerivApi };
  /** Retiring the legacy login: Deriv has not said the move is complete (or none is held). */
  migration_not_complete: NoParams;
  not_confirmed: { question: ConfirmQuestion };
  failed: NoParams;
}
export type CommandErrorCode = keyof CommandErrorParams;

/**
 * What only the user may allow, asked in main (never by the renderer alone): pointing a server
 * address at a host that is neither Deriv's nor this computer, and keeping tokens on disk without
 * real encryption.
 */
export const CONFIRM_QUESTIONS = ['foreign_address', 'plaintext_storage'] as const;
export type ConfirmQuestion = (typeof CONFIRM_QUESTIONS)[number];
export const COMMAND_ERROR_CODES = [
  'invalid_argument',
  'forbidden_sender',
  'unknown_command',
  'unknown_account',
  'link_not_allowed',
  'demo_not_running',
  'demo_unknown_credential',
  'demo_other_api',
  'migration_not_complete',
  'not_confirmed',
  'failed',
] as const satisfies readonly CommandErrorCode[];
// Compile-time proof that the list names every code.
const everyCommandErrorListed: [Exclude<CommandErrorCode, (typeof COMMAND_ERROR_CODES)[number]>] extends [never]
  ? true
  : never = true;
void everyCommandErrorListed;

export type CommandError = { [K in CommandErrorCode]: { code: K; params: CommandErrorParams[K] } }[CommandErrorCode];
