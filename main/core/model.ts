/**
 * The app's domain model, defined once (with `model/connection.ts` and `model/notices.ts`, which it
 * re-exports): the value sets, the limits, the rules on addresses and ids,
 * and the types every layer shares. The IPC contract, the validators, the vault schema and the
 * renderer derive from it (`z.enum(LANGUAGES)`, `isSecureOrLoopback` …), so a value one part
 * accepts can never be refused by another.
 *
 * It imports nothing: the sandboxed preload bundles the contract, which re-exports from here. No
 * wire type of either Deriv API is part of it: what a server said of the accounts is a typed record
 * (`AccountFacts`) plus the raw answer.
 */

import type { Amount } from './model/amount';
import type { ConnectionState } from './model/connection';
import type { DemoCredential, DemoUser } from './model/demo';
import type { MigrationView } from './model/migration';
import type { Notice } from './model/notices';
import type { Preferences } from './model/preferences';
import type { CurrentSettings, LegacySettings, Settings } from './model/settings';
import type { BrowserUnavailableReason, LoginMethod, LoginState } from './model/sign-in';

export * from './model/account-id';
export * from './model/amount';
export * from './model/api-tokens';
export * from './model/connection';
export * from './model/demo';
export * from './model/migration';
export * from './model/notices';
export * from './model/preferences';
export * from './model/settings';
export * from './model/sign-in';

// ── value sets ───────────────────────────────────────────────────────────────────────────────

export const LANGUAGES = ['en', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];

/** How the login window signs in: Deriv's legacy redirect, or OIDC (code + PKCE). */
export const LOGIN_FLOWS = ['legacy', 'oidc'] as const;
export type LoginFlow = (typeof LOGIN_FLOWS)[number];

/**
 * Where a code flow's login page is shown: the app's login window, or the trader's own browser
 * (RFC 8252: their password manager, passkeys and Deriv session work there). A choice per API,
 * remembered with the settings; unset reads as `window`.
 */
export const LOGIN_PLACES = ['window', 'browser'] as const;
export type LoginPlace = (typeof LOGIN_PLACES)[number];

export const APP_MODES = ['unconfigured', 'demo', 'deriv'] as const;
export type AppMode = (typeof APP_MODES)[number];

/** Deriv's two APIs: the v3 WebSocket API with legacy tokens, and the current (new) API. */
export const DERIV_APIS = ['legacy', 'current'] as const;
export type DerivApi = (typeof DERIV_APIS)[number];

// ── limits ───────────────────────────────────────────────────────────────────────────────────

/**
 * Accounts one login redirect (or legacy tokens answer) may list. Deriv sends one per account of
 * the user, a handful in practice; anything past this is a hostile or broken URL, refused whole.
 */
export const MAX_ACCOUNTS_PER_REDIRECT = 100;

/**
 * Accounts the vault keeps. Higher than one redirect's limit because logins add up (one user's
 * real and demo logins, re-logins for other users); bounded so a hostile file cannot balloon memory.
 */
export const MAX_STORED_ACCOUNTS = 200;

/** Deriv's own limit for one socket: one token in `authorize` plus up to 25 in `tokens`. */
export const MAX_ACCOUNTS_PER_SOCKET = 26;

// ── rules ────────────────────────────────────────────────────────────────────────────────────

/** A Deriv app_id: a positive whole number (Deriv assigns them from 1 up), at most 10 digits. */
export const APP_ID_PATTERN = /^[1-9][0-9]{0,9}$/;
export const isAppId = (value: string): boolean => APP_ID_PATTERN.test(value);

/**
 * The current API's app id, which is also its OAuth `client_id` and the `Deriv-App-ID` of PATs.
 * Deriv issues it in its dashboard and does not document a format (and legacy numeric app_ids do
 * not work there), so the rule is only what can travel safely in a header and a query string.
 */
export const CLIENT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const isClientId = (value: string): boolean => CLIENT_ID_PATTERN.test(value);

const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]', '::1'];

function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** This machine (the demo sandbox, a developer's local server). */
export function isLoopbackUrl(url: string): boolean {
  const parsed = parseUrl(url);
  return parsed !== null && LOOPBACK_HOSTS.includes(parsed.hostname);
}

/**
 * Deriv's own domains: its sockets, REST API, login pages and authorization server are these or
 * their subdomains (`ws.derivws.com`, `api.derivws.com`, `oauth.deriv.com`, `auth.deriv.com`, the
 * defaults of both APIs). The one rule for "is this Deriv?": an address elsewhere (not loopback
 * either) is only used once the user said yes to it in main (see `app/confirmations.ts`).
 * @see https://developers.deriv.com/llms/authentication.md (api.derivws.com; auth.deriv.com in oauth.md)
 * @see https://api.deriv.com (the legacy v3 API: ws.derivws.com, oauth.deriv.com)
 */
export const DERIV_DOMAINS = ['deriv.com', 'derivws.com'] as const;

/** An address on one of Deriv's own domains (any scheme: the address rule decides that). */
export function isDerivUrl(url: string): boolean {
  const host = parseUrl(url)?.hostname.toLowerCase().replace(/\.$/, '');
  return host !== undefined && DERIV_DOMAINS.some((d) => host === d || host.endsWith(`.${d}`));
}

/**
 * The one address rule. Where tokens and the login page may travel: encrypted transport
 * (https/wss), or plain http/ws only to this machine (the demo sandbox). Main enforces it wherever
 * settings enter (IPC, disk, environment) and again where a socket or login window is opened; the
 * renderer explains it as you type.
 */
export function isSecureOrLoopback(url: string, kind: 'http' | 'ws'): boolean {
  const parsed = parseUrl(url);
  if (parsed === null) return false;
  if (parsed.protocol === `${kind === 'http' ? 'https' : 'wss'}:`) return true;
  return parsed.protocol === `${kind}:` && LOOPBACK_HOSTS.includes(parsed.hostname);
}

/**
 * The one redirect-URL rule. The login window can only intercept a redirect it can match by origin
 * and path with a `webRequest` pattern: https anywhere, or plain http to this machine. A custom
 * scheme has origin `'null'` (it could never match, the login would only time out), and a plain
 * http redirect to another host would carry the tokens in clear text.
 */
export const isInterceptableRedirectUrl = (url: string): boolean => isSecureOrLoopback(url, 'http');

/**
 * The app's private-use URI scheme (RFC 8252 §7.1): a domain name in reverse order, the app id
 * electron-builder.yml gives the app (and registers as the scheme's handler, `protocols`). A
 * redirect back in it reaches the app through the OS (`second-instance`, `open-url`), never a
 * window, so it serves a sign-in in the trader's browser only.
 * @see https://www.rfc-editor.org/rfc/rfc8252#section-7.1
 */
export const APP_SCHEME = 'com.derivdesktop.login';

/** A URL in the app's own scheme with a path (`com.derivdesktop.login:/oauth2/callback`), nothing else. */
export function isAppSchemeUrl(url: string): boolean {
  const parsed = parseUrl(url);
  return (
    parsed !== null &&
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.host === '' &&
    parsed.pathname.startsWith('/') &&
    !parsed.pathname.startsWith('//')
  );
}

/**
 * The redirect URLs a trader may register and save: one the login window can intercept, or the
 * app's own scheme (a sign-in in the browser, RFC 8252 §7.1). Any other custom scheme is refused.
 */
export const isRegistrableRedirectUrl = (url: string): boolean =>
  isInterceptableRedirectUrl(url) || isAppSchemeUrl(url);

/**
 * The HTTPS bounce page (bounce/desktop-login-bounce.html), for an authorization server that takes
 * only https redirect URLs: the app's publisher hosts it at a registered address ending in this
 * name; it forwards the answer to the app (loopback port or the app's scheme) named in `state`.
 */
export const BOUNCE_PAGE_NAME = 'desktop-login-bounce.html';

/** A registered https redirect URL that is the bounce page (by its file name), not a page of its own. */
export function isBouncePageUrl(url: string): boolean {
  const parsed = parseUrl(url);
  return parsed !== null && parsed.protocol === 'https:' && parsed.pathname.endsWith(`/${BOUNCE_PAGE_NAME}`);
}

/**
 * Where the bounce page forwards the answer, written in a fixed-format tail of `state` (`.p<port>`:
 * `http://127.0.0.1:<port>/callback`; `.s`: `com.derivdesktop.login:/callback`), so the page needs no
 * configuration and can forward nowhere else. The page checks the same pattern (a test runs it
 * against `bounceState`'s output).
 */
export const BOUNCE_CALLBACK_PATH = '/callback';
export const BOUNCE_STATE_PATTERN = /^[A-Za-z0-9_-]{22,128}\.(?:p([1-9][0-9]{0,4})|s)$/;

/** The loopback address a sign-in in the browser listens on (RFC 8252 §8.3: the IP literal, not "localhost"). */
export const LOOPBACK_IP = '127.0.0.1';

/**
 * How a sign-in in the browser gets its redirect back, from the redirect URL registered for the
 * app: a loopback one (`http://127.0.0.1[:port]/path`: the authorization server then accepts any
 * port, §7.3) on a one-shot listener at that path; one in the app's scheme (§7.1) from the OS; the
 * HTTPS bounce page (`…/desktop-login-bounce.html`), which forwards to a loopback listener named in
 * `state`. Null for any other: the browser's redirect could not come back to the app.
 */
export type BrowserTransport =
  | { kind: 'loopback'; path: string }
  | { kind: 'scheme'; path: string }
  | { kind: 'bounce' };

export function browserTransport(registered: string): BrowserTransport | null {
  const path = loopbackRedirectPath(registered);
  if (path !== null) return { kind: 'loopback', path };
  if (isAppSchemeUrl(registered)) return { kind: 'scheme', path: new URL(registered).pathname };
  return isBouncePageUrl(registered) ? { kind: 'bounce' } : null;
}

/** The path of a loopback redirect URL (`http://127.0.0.1[:port]/path`), null for any other. */
export function loopbackRedirectPath(registered: string): string | null {
  const url = parseUrl(registered);
  if (url?.protocol !== 'http:' || url.hostname !== LOOPBACK_IP || url.username || url.password) return null;
  return url.pathname;
}

/**
 * Whether these settings can sign in in the browser (offered beside a window the provider
 * refused), or why not: the legacy redirect never does, and the registered redirect must be one
 * the browser can come back through.
 */
export function browserSignIn(settings: Settings): 'offered' | BrowserUnavailableReason {
  if (settings.api === 'legacy' && settings.flow === 'legacy') return 'implicit_flow';
  const registered = settings.api === 'legacy' ? settings.redirectUrl : settings.clientRedirectUrl;
  return browserTransport(registered) === null ? 'no_browser_redirect' : 'offered';
}

/** Why the user or main refused a redirect URL: shown in validator errors and notices. */
export const REDIRECT_URL_RULE = `an https:// redirect URL (http:// only on this computer, or ${APP_SCHEME}:/… for the browser), as registered for the app_id`;

// ── domain types ─────────────────────────────────────────────────────────────────────────────

/**
 * How an account's credential was obtained: an OAuth login (Deriv's page), or an API token the
 * trader made in Deriv's settings and pasted here (logging out does not delete it at Deriv).
 */
export const ACCOUNT_SOURCES = ['oauth', 'api_token'] as const;
export type AccountSource = (typeof ACCOUNT_SOURCES)[number];

/** Scope names of Deriv API tokens (as `authorize` reports them); bounded where they enter. */
export const MAX_SCOPES = 20;

/** What the app knows of an account apart from its credential and live state (flags from the server). */
export interface AccountRecord {
  /** Which Deriv API the account's credential belongs to. */
  api: DerivApi;
  /** How its credential was obtained. */
  source: AccountSource;
  /** What an API token may do (`read`, `trade` …), as Deriv said at sign-in; null for OAuth logins. */
  scopes: string[] | null;
  /** The v3 loginid, or the current API's `account_id`. */
  accountId: string;
  currency: string;
  isVirtual: boolean;
  isDisabled: boolean;
  landingCompanyName: string | null;
  accountType: string | null;
}

/** An account's last known balance and when it was received (epoch ms): kept with the non-secret account records. */
export interface LastBalance {
  amount: Amount;
  at: number;
}

export interface AccountView extends AccountRecord {
  /**
   * The balance as exact decimal text (`Amount`, never a float): the live figure, else the last one
   * known (kept across restarts) while the account's login is usable; null when there is none.
   */
  balance: Amount | null;
  /** When the figure shown was received from the server (epoch ms; restored from disk after a restart); null without one. */
  balanceAt: number | null;
  /** The figure is this session's live one (the server's, connection online); false for a last known one. */
  balanceLive: boolean;
  /** The token for this account was accepted in the current session. */
  authorized: boolean;
  /** The token was refused or could not be decrypted: the user must log in again for it. */
  needsLogin: boolean;
  needsLoginReason: NeedsLoginReason | null;
  /** With `scope_missing`: the scope the credential lacks (e.g. `trade`); null otherwise. */
  missingScope: string | null;
  /** The app id a current-API PAT was made for (not a secret; a re-login pre-fills it); else null. */
  appId: string | null;
  /**
   * The login (grant) that opens it: accounts with the same id are logged out together on the
   * current API (`logout({ loginId })`). Not a secret: a random id main gave the login. Null when
   * no login opens it any more.
   */
  loginId: string | null;
  /**
   * A current-API OAuth login only (else null): what logging out of it does at Deriv. `revoked`:
   * its authorization server offers revocation and is asked to end the session; `at_expiry`: none
   * is known (a logout still looks once more), the session may stay valid there until it expires.
   */
  sessionEnd: SessionEnd | null;
}

/**
 * One login as the trader reads it: one sign-in (Deriv's login page, an API token pasted, a
 * personal token) and the accounts it gives. What the dashboard groups accounts by, and where a
 * login's one problem and one set of actions live. No secret: the id is random, `appId` is public.
 */
export interface LoginView {
  /** The grant's id (`AccountView.loginId`). */
  loginId: string;
  api: DerivApi;
  /**
   * How it was made: `oauth` (Deriv's login page, in the login window or the trader's browser: the
   * same grant either way), `api_token` (legacy, pasted), `pat` (current, pasted).
   */
  method: Exclude<LoginMethod, 'browser'>;
  /** A personal token's app id (it is used with that app only); null for the other methods. */
  appId: string | null;
  /** Its accounts, in the order of `AppState.accounts`. */
  accountIds: string[];
  /**
   * Why the login as a whole needs a new sign-in: every account it gives that is not disabled needs
   * one, for this reason (that of the first). Null while at least one of them opens: then any
   * account-level problem is the account's (`AccountView.needsLoginReason`), not the login's.
   */
  needsLoginReason: NeedsLoginReason | null;
  /** What logging out of it does at Deriv (`AccountView.sessionEnd`), the same for all its accounts. */
  sessionEnd: SessionEnd | null;
}

/** A login's id (`AccountView.loginId`, the vault's grant id): random, never derived from a secret. */
export const LOGIN_ID_PATTERN = /^[A-Za-z0-9-]{1,64}$/;

export const SESSION_ENDS = ['revoked', 'at_expiry'] as const;
export type SessionEnd = (typeof SESSION_ENDS)[number];

/**
 * Why an account needs a new login: its credential was refused (`token_refused`), the saved one
 * could not be read (`decrypt_failed`), its session ended and cannot be renewed (`session_expired`:
 * the refresh token is dead), it lacks a scope the app needs (`scope_missing`), or the saved
 * addresses no longer are those its secret was sealed for (`destination_changed`: not sent there).
 * `renewal_lost`: the session expired because a renewal's answer was lost (the server had rotated
 * the refresh token; the one the app holds is spent).
 */
export const NEEDS_LOGIN_REASONS = [
  'token_refused',
  'decrypt_failed',
  'session_expired',
  'scope_missing',
  'destination_changed',
  'renewal_lost',
] as const;
export type NeedsLoginReason = (typeof NEEDS_LOGIN_REASONS)[number];

/** A typed record of what the server said of one account; null where that API does not say. */
export interface AccountFacts {
  accountId: string;
  currency: string | null;
  isVirtual: boolean | null;
  isDisabled: boolean | null;
  landingCompanyName: string | null;
  /** e.g. v3 `account_type` (`trading`, `wallet`) or the current API's `demo` / `real`. */
  accountType: string | null;
  /** What the credential may do (v3 `scopes`); null when the server does not say. */
  scopes: string[] | null;
  /** The current API's account `status`; null on v3. */
  status: string | null;
}

/** What the server said of the open accounts: typed facts plus its answer whole (no secrets in it). */
export interface AccountDetails {
  api: DerivApi;
  /** The account the answer is about first (v3: the one whose token went first). */
  primaryAccountId: string;
  facts: AccountFacts[];
  /** The server's answer as received (v3 `authorize`, current API account list), for the raw-JSON view. */
  raw: unknown;
  receivedAt: number;
}

export interface PersistenceState {
  /** `safeStorage` backend name on Linux (`basic_text`, `gnome_libsecret` …), or the platform's. */
  backend: string;
  /** False when encryption is not real (Linux `basic_text`): tokens are kept in memory only unless the user agrees. */
  encryptionAvailable: boolean;
  /** Null: not asked yet (or not needed); true/false: the user's answer to storing tokens without real encryption. */
  plaintextConsent: boolean | null;
  /** Whether tokens of the current accounts are on disk right now. */
  tokensPersisted: boolean;
}

export interface AppState {
  mode: AppMode;
  /** The settings the app speaks now. */
  settings: Settings;
  /** Each API's settings as remembered (the active one is `settings`): the Settings screen's other choice. */
  settingsByApi: { legacy: LegacySettings; current: CurrentSettings };
  /** Demo mode: the API it speaks, its users and its credentials (by id, no secret); null outside demo mode. */
  demo: { api: DerivApi; users: DemoUser[]; credentials: DemoCredential[] } | null;
  /** The one sign-in state, whatever the method (OAuth, PAT or API tokens). */
  login: LoginState;
  connection: ConnectionState;
  /** A credential is being renewed (OAuth refresh): discreet, never makes the data stale. */
  refreshing: boolean;
  accounts: AccountView[];
  /** The logins that give those accounts, in the order their first account appears in `accounts`. */
  logins: LoginView[];
  activeAccountId: string | null;
  /** What the server said of the open accounts (either API); null until it has spoken. */
  details: AccountDetails | null;
  persistence: PersistenceState;
  notices: Notice[];
  /** Where the held legacy accounts went on Deriv's current platform; null when there is nothing to show. */
  migration: MigrationView | null;
  /** How the trader likes the screen (theme, hidden accounts, nicknames, order): `savePreferences`. */
  preferences: Preferences;
}
