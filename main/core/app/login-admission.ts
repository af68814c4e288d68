/**
 * The controller's login glue, kept apart so it only wires it: which login runs for the settings'
 * API (legacy redirect/OIDC, or the current API's OAuth or PAT), and what a successful login
 * changes among the held accounts and which account becomes active.
 */
import { defaultLoginMessage } from '../auth/login-failure';
import { type EndpointSettings, type LoginErrorInfo, MAX_ACCOUNTS_PER_SOCKET } from '../model';
import type { HeldAccounts } from './held-accounts';
import type { AnyLoginOutcome, CurrentLoginMethod, RevokeOidc, RunCurrentLogin, RunLogin } from './ports';

/** The login of the settings' API: legacy redirect/OIDC, or the current API's OAuth or PAT. */
export function runAnyLogin(
  runners: { runLogin: RunLogin; runCurrentLogin?: RunCurrentLogin | undefined },
  opts: { settings: EndpointSettings; signal: AbortSignal; pat?: CurrentLoginMethod },
): Promise<AnyLoginOutcome> {
  if (opts.settings.api === 'legacy' && !opts.pat) return runners.runLogin(opts);
  if (opts.settings.api === 'legacy') {
    // A PAT is the current API's credential: it never goes to the legacy server.
    return Promise.resolve({ ok: false, error: { code: 'wrong_api', message: defaultLoginMessage('wrong_api') } });
  }
  const notSetUp = { code: 'not_configured' as const, message: "Choose Deriv's current API in Settings first." };
  if (opts.settings.api !== 'current' || !runners.runCurrentLogin)
    return Promise.resolve({ ok: false, error: notSetUp });
  const login = opts.pat ?? { method: 'oauth' as const };
  return runners.runCurrentLogin({ settings: opts.settings, signal: opts.signal, login });
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
      error: { code: 'too_many_accounts', message: defaultLoginMessage('too_many_accounts') },
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

/** A login that went through but is dropped (see `LoginHost.discard`): its OpenID Connect grant is revoked at once. */
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
