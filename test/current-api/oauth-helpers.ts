import { createHash, randomBytes } from 'node:crypto';

import type { SandboxHandle } from '../../sandbox/index';
import { Browser, formOf } from '../sandbox/http-client';

export interface Pkce {
  verifier: string;
  challenge: string;
}

export function makePkce(): Pkce {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export interface AuthorizeParams {
  scope?: string;
  state?: string;
  pkce?: Pkce;
  redirectUri?: string;
  clientId?: string;
  /** Leave PKCE out of the request entirely. */
  noPkce?: boolean;
}

/** The authorization URL a client builds (with a URL builder, as the docs ask). */
export function authorizeUrl(sb: SandboxHandle, p: AuthorizeParams = {}): URL {
  const url = new URL(sb.newApi.authorizationEndpoint);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', p.clientId ?? sb.newApi.clientId);
  url.searchParams.set('redirect_uri', p.redirectUri ?? sb.newApi.redirectUrl);
  url.searchParams.set('scope', p.scope ?? 'trade account_manage');
  url.searchParams.set('state', p.state ?? 'st-' + randomBytes(8).toString('hex'));
  if (!p.noPkce) {
    url.searchParams.set('code_challenge', (p.pkce ?? makePkce()).challenge);
    url.searchParams.set('code_challenge_method', 'S256');
  }
  return url;
}

/** Drives the login page like a user: approve (with the user's password) or deny. Returns the callback URL. */
export async function loginAt(
  sb: SandboxHandle,
  url: URL,
  opts: { action?: 'approve' | 'deny'; userIndex?: number } = {},
): Promise<URL> {
  const browser = new Browser();
  const origin = new URL(sb.httpUrl).origin;
  let res = await browser.request(url.toString());
  const location = res.headers.get('location');
  await res.arrayBuffer();
  if (!location) throw new Error(`no redirect to the login page (HTTP ${res.status})`);
  const page = new URL(location, url);
  res = await browser.request(page.toString());
  const { action } = formOf(await res.text());
  const user = sb.newApi.users[opts.userIndex ?? 0]!;
  res = await browser.request(new URL(action, page).toString(), {
    form: { email: user.email, password: user.password, action: opts.action ?? 'approve' },
  });
  await res.arrayBuffer();
  const next = res.headers.get('location');
  if (!next) throw new Error(`login did not redirect (HTTP ${res.status})`);
  return browser.followUntilLeaving(new URL(next, page).toString(), origin);
}

export interface TokenAnswer {
  status: number;
  body: Record<string, unknown>;
}

export async function tokenRequest(sb: SandboxHandle, form: Record<string, string>): Promise<TokenAnswer> {
  const res = await fetch(sb.newApi.tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

export interface Tokens {
  accessToken: string;
  refreshToken: string | null;
  expiresIn: number;
  scope: string;
}

/** The whole code flow for a user: login, exchange; returns the tokens. */
export async function oauthTokens(sb: SandboxHandle, scope = 'trade account_manage', userIndex = 0): Promise<Tokens> {
  const pkce = makePkce();
  const callback = await loginAt(sb, authorizeUrl(sb, { scope, pkce }), { userIndex });
  const code = callback.searchParams.get('code');
  if (!code) throw new Error(`no code in the callback: ${callback.search}`);
  const { status, body } = await tokenRequest(sb, {
    grant_type: 'authorization_code',
    client_id: sb.newApi.clientId,
    code,
    redirect_uri: sb.newApi.redirectUrl,
    code_verifier: pkce.verifier,
  });
  if (status !== 200) throw new Error(`token exchange failed: ${status} ${String(body.error)}`);
  return {
    accessToken: String(body.access_token),
    refreshToken: typeof body.refresh_token === 'string' ? body.refresh_token : null,
    expiresIn: Number(body.expires_in),
    scope: String(body.scope),
  };
}

export { currentFault as control } from '../support/current-fault';

export interface RestAnswer {
  status: number;
  body: Record<string, unknown> & { data?: unknown; errors?: { status: number; code: string; message: string }[] };
  headers: Headers;
}

export async function rest(
  sb: SandboxHandle,
  method: 'GET' | 'POST',
  path: string,
  headers: Record<string, string>,
): Promise<RestAnswer> {
  const res = await fetch(`${sb.newApi.restUrl}${path}`, { method, headers });
  return { status: res.status, body: (await res.json()) as RestAnswer['body'], headers: res.headers };
}

/** An OTP socket URL for an account (throws on anything but 200). */
export async function otpUrl(sb: SandboxHandle, accountId: string, bearer: Record<string, string>): Promise<string> {
  const r = await rest(sb, 'POST', `/trading/v1/options/accounts/${accountId}/otp`, bearer);
  if (r.status !== 200) throw new Error(`otp: HTTP ${r.status}`);
  return (r.body.data as { url: string }).url;
}

export function patHeaders(sb: SandboxHandle, userIndex = 0): Record<string, string> {
  return { authorization: `Bearer ${sb.newApi.users[userIndex]!.pat}`, 'deriv-app-id': sb.newApi.appId };
}

/** The HTTP status of a refused upgrade, or 101 when the socket opened (then closed at once). */
export async function upgradeStatus(url: string): Promise<number> {
  const { default: WebSocket } = await import('ws');
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('open', () => {
      resolve(101);
      ws.terminate();
    });
    ws.once('error', (e) => {
      if (!/Unexpected server response/.test(e.message)) reject(e);
    });
  });
}
