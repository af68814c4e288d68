import type { IncomingMessage, ServerResponse } from 'node:http';

import { readBody, redirect, sendHtml } from './http-util';
import { errorPage, loginPage } from './pages';
import type { SandboxState } from './state';
import type { SandboxAccount } from './types';
import { publicUser } from './users';

export type AppRegistry = ReadonlyMap<string, string>;

const PASSED_THROUGH = ['app_id', 'l', 'brand', 'state'] as const;

/** `acct1/token1/cur1 …` in the order Deriv uses, appended to a redirect URL. */
export function withAccounts(
  redirectUrl: string,
  accounts: { account: SandboxAccount; token: string }[],
  state: string | null,
): string {
  const url = new URL(redirectUrl);
  accounts.forEach(({ account, token }, i) => {
    url.searchParams.append(`acct${i + 1}`, account.loginid);
    url.searchParams.append(`token${i + 1}`, token);
    url.searchParams.append(`cur${i + 1}`, account.currency);
  });
  if (state !== null) url.searchParams.append('state', state);
  return url.toString();
}

export function denied(redirectUrl: string, state: string | null): string {
  const url = new URL(redirectUrl);
  url.searchParams.append('error', 'access_denied');
  url.searchParams.append('error_description', 'The user denied access to the application.');
  if (state !== null) url.searchParams.append('state', state);
  return url.toString();
}

/** The legacy `/oauth2/authorize` login and consent page: GET shows it, POST answers it. */
export async function handleLegacyAuthorize(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  state: SandboxState,
  apps: AppRegistry,
): Promise<void> {
  if (state.faults.retiredHome !== null) {
    redirect(res, state.faults.retiredHome);
    return;
  }
  const params = req.method === 'POST' ? new URLSearchParams(await readBody(req)) : url.searchParams;
  const appId = params.get('app_id') ?? '';
  const redirectUrl = apps.get(appId);
  if (!redirectUrl) {
    sendHtml(res, 400, errorPage(400, 'Unknown application', `No application is registered with app_id "${appId}".`));
    return;
  }
  const oauthState = params.get('state');
  const hidden: Record<string, string> = {};
  for (const key of PASSED_THROUGH) {
    const value = params.get(key);
    if (value !== null) hidden[key] = value;
  }
  const page = (status: number, error?: string, email?: string) =>
    sendHtml(
      res,
      status,
      loginPage({
        action: '/oauth2/authorize',
        appName: `App ${appId}`,
        hidden,
        users: state.users.map(publicUser),
        ...(error ? { error } : {}),
        ...(email ? { email } : {}),
      }),
    );

  if (req.method !== 'POST') {
    page(200);
    return;
  }
  if (params.get('action') === 'deny') {
    redirect(res, denied(redirectUrl, oauthState));
    return;
  }
  const email = params.get('email') ?? '';
  const user = state.userByEmail(email);
  if (!user || user.password !== (params.get('password') ?? '')) {
    page(401, 'Wrong email or password.', email);
    return;
  }
  // Deriv leaves disabled accounts out of the redirect; they still show in authorize's account_list.
  // Each login mints fresh tokens bound to this app_id; earlier ones stay valid until logout or revoke.
  const accounts = user.accounts
    .filter((a) => a.is_disabled === 0)
    .map((account) => ({ account, token: state.mintOAuthToken({ user, account }, appId) }));
  redirect(res, withAccounts(redirectUrl, accounts, oauthState));
}
