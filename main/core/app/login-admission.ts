/**
 * The controller's login glue, kept apart so it only wires it: which login runs for the settings'
 * API (legacy redirect/OIDC, or the current API's OAuth or PAT), and what a successful login
 * changes among the held accounts and which account becomes active.
 */
import { type ApiTokenAccount, missingReadScope, READ_SCOPE } from '../auth/api-token-login';
import { loginErrorInfo } from '../auth/login-failure';
import {
  type LoginErrorInfo,
  MAX_ACCOUNTS_PER_SOCKET,
  type NoticeInput,
  type Settings,
  type SignInArgs,
} from '../model';
import { resolveDemoCredential } from './demo-credentials';
import type { HeldAccounts } from './held-accounts';
import type { LoginRequest } from './login-coordinator';
import type { AnyLoginOutcome, CurrentLoginMethod, RevokeOidc, RunCurrentLogin, RunLogin } from './ports';

/**
 * The login to run: a PAT goes to the current API's runner (the validator admits PATs for that API
 * only, and the coordinator checked that the settings speak it); the login window to the runner
 * of the settings' API (legacy redirect/OIDC, or the current API's OAuth + PKCE).
 */
export function runAnyLogin(
  runners: { runLogin: RunLogin; runCurrentLogin?: RunCurrentLogin | undefined },
  opts: { settings: Settings; signal: AbortSignal; pat?: CurrentLoginMethod; inBrowser?: boolean },
): Promise<AnyLoginOutcome> {
  const { settings, signal } = opts;
  const where = opts.inBrowser ? { inBrowser: true } : {};
  if (settings.api === 'legacy') {
    // A PAT is the current API's: the coordinator's API check keeps it from legacy settings.
    if (opts.pat)
      return Promise.resolve({ ok: false, error: { code: 'wrong_api', message: 'a PAT for the legacy API' } });
    return runners.runLogin({ settings, signal, ...where });
  }
  if (!runners.runCurrentLogin) {
    return Promise.resolve({
      ok: false,
      error: { code: 'not_configured', message: "no runner for Deriv's current API" },
    });
  }
  const login = opts.pat ?? { method: 'oauth' as const };
  return runners.runCurrentLogin({ settings, signal, login, ...(opts.pat ? {} : where) });
}

/**
 * The attempt a sign-in runs: a listed demo credential is resolved to its secret here, in main, and
 * runs as the PAT or API token it is (a refused id throws a typed `CommandFailure`, nothing runs).
 */
export function loginRequestOf(args: SignInArgs, demo: Parameters<typeof resolveDemoCredential>[0]): LoginRequest {
  switch (args.method) {
    case 'oauth':
    case 'browser':
      return { method: args.method, reloginFor: args.reloginFor ?? null };
    case 'pat':
      return { method: 'pat', token: args.token, appId: args.appId, reloginFor: null };
    case 'api_token':
      return { method: 'api_token', tokens: args.tokens };
    case 'demo': {
      const c = resolveDemoCredential(demo, args.id, args.api);
      return c.kind === 'pat'
        ? { method: 'pat', token: c.secret, appId: c.appId, reloginFor: null }
        : { method: 'api_token', tokens: c.secret };
    }
  }
}

/**
 * Holds the accounts pasted API tokens opened and names the one to make active (the first). A token
 * without `read` is held, with a warning naming the scope: balances and account details need it.
 */
export function admitApiTokens(
  held: HeldAccounts,
  accounts: ApiTokenAccount[],
  notice: (n: NoticeInput) => void,
): string | null {
  held.addApiTokens(accounts);
  for (const a of accounts.filter((x) => missingReadScope(x.scopes)))
    notice({ code: 'api_token_missing_scope', level: 'warning', params: { account: a.accountId, scope: READ_SCOPE } });
  return accounts[0]?.accountId ?? null;
}

export type Admission =
  /** `oidcAccessToken`: the refused login's OpenID Connect grant, to revoke at once (nothing keeps it). */
  | { ok: false; error: LoginErrorInfo; oidcAccessToken: string | null }
  | { ok: true; activeAccountId: string | null; oidcAccessToken: string | null };

/**
 * Adds a successful login's accounts to `held` and names the account to make active (the one being
 * logged in again, if the login has it). A legacy login past one socket's bound changes nothing.
 */
export function admitLogin(
  held: HeldAccounts,
  outcome: Extract<AnyLoginOutcome, { ok: true }>,
  reloginFor: string | null,
  activeAccountId: string | null,
): Admission {
  if ('credential' in outcome) {
    held.addCurrentLogin(outcome);
    const ids = outcome.accounts.map((a) => a.account_id);
    const wanted = reloginFor && ids.includes(reloginFor) ? reloginFor : null;
    // A demo account first, when the login has one (Deriv's advice for a first run).
    const first = outcome.accounts.find((a) => a.account_type === 'demo')?.account_id ?? ids[0] ?? null;
    return {
      ok: true,
      activeAccountId: wanted ?? (reloginFor ? activeAccountId : null) ?? first,
      oidcAccessToken: null,
    };
  }
  // One v3 connection opens a bounded number of accounts: a login past it is refused before
  // anything changes, rather than taking every held account offline.
  if (held.wouldHoldLegacy(outcome.accounts) > MAX_ACCOUNTS_PER_SOCKET) {
    return {
      ok: false,
      error: loginErrorInfo('too_many_accounts'),
      oidcAccessToken: outcome.oidcAccessToken ?? null,
    };
  }
  held.addLogin(outcome.accounts);
  const wanted = reloginFor && outcome.accounts.some((a) => a.accountId === reloginFor) ? reloginFor : null;
  const next = wanted ?? (reloginFor ? activeAccountId : null) ?? outcome.accounts[0]?.accountId ?? null;
  return { ok: true, activeAccountId: next, oidcAccessToken: outcome.oidcAccessToken ?? null };
}

/**
 * The error of a refused login, once its OpenID Connect grant is revoked: nothing holds a refused
 * login's grant, so it is revoked at once, or its tokens would stay live at Deriv.
 */
export function refuseLogin(
  admitted: Extract<Admission, { ok: false }>,
  issuer: string,
  revoke: RevokeOidc | undefined,
): LoginErrorInfo {
  if (admitted.oidcAccessToken) void revokeGrants(revoke, [{ accessToken: admitted.oidcAccessToken, issuer }]);
  return admitted.error;
}

/** A login that went through but is dropped (a `dropped` login event): its OpenID Connect grant is revoked at once. */
export function discardLogin(
  outcome: Extract<AnyLoginOutcome, { ok: true }>,
  issuer: string,
  revoke: RevokeOidc | undefined,
): void {
  const accessToken = 'oidcAccessToken' in outcome ? outcome.oidcAccessToken : undefined;
  if (accessToken) void revokeGrants(revoke, [{ accessToken, issuer }]);
}

/** Revokes OpenID Connect grants at their issuer; a failure is ignored (the tokens expire anyway). */
export async function revokeGrants(
  revoke: RevokeOidc | undefined,
  grants: readonly { accessToken: string; issuer: string }[],
): Promise<void> {
  if (revoke) await Promise.all(grants.map((g) => revoke(g.accessToken, g.issuer).catch(() => undefined)));
}

/** The OIDC issuer a legacy login's grant is revoked at; the current API's logins hold no OIDC grant. */
export function oidcIssuer(settings: Settings): string {
  return settings.api === 'legacy' ? settings.issuer : '';
}
