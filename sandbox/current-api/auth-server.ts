import { generateKeyPair, type JsonWebKey, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import type { KoaLikeContext } from 'oidc-provider';

import { appendBounded } from '../bounded-log';
import { applicationType } from '../client-type';
import { BodyTooLarge, readBody, sendHtml, sendJson } from '../http-util';
import { memoryAdapterFactory } from '../oidc-store';
import { errorPage, loginPage } from '../pages';
import type { CurrentApiState } from './state';
import type { CurrentUser } from './users';

/** The authorization server's path prefix on the sandbox host (Deriv's is the host auth.deriv.com). */
export const AUTH_PREFIX = '/auth';
const INTERACTION = `${AUTH_PREFIX}/interaction/`;
/** The one resource server: the REST API. Access tokens are issued for it, opaque, with its scopes. */
const API_RESOURCE = 'https://api.derivws.com';
export const CURRENT_SCOPES = ['trade', 'account_manage', 'payment', 'application_read'] as const;

export interface CredentialOwner {
  user: CurrentUser;
  scopes: string[];
  grantId: string | undefined;
}

export interface AuthServer {
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean>;
  /** The user and scopes of a live access token, or undefined (unknown, expired, revoked). */
  accessToken(value: string): Promise<CredentialOwner | undefined>;
  /** Revokes the grant of an access or refresh token: both stop working. */
  revoke(value: string): Promise<boolean>;
}

let signingKey: Promise<JsonWebKey> | undefined;
function rsaKey(): Promise<JsonWebKey> {
  signingKey ??= new Promise((resolve, reject) =>
    generateKeyPair('rsa', { modulusLength: 2048 }, (err, _pub, privateKey) => {
      if (err) reject(err);
      else resolve({ ...privateKey.export({ format: 'jwk' }), kid: 'sandbox-current', alg: 'RS256', use: 'sig' });
    }),
  );
  return signingKey;
}

/**
 * The current API's OAuth 2.0 authorization server (code + PKCE S256, refresh tokens), a second
 * oidc-provider instance mounted under `/auth` so that it does not meet the legacy OIDC provider
 * at `/oauth2/*`. Lifetimes are read from the state's limits at issue time, so tests can shorten them.
 */
export async function createAuthServer(opts: {
  issuer: string;
  clientId: string;
  redirectUrl: string;
  state: CurrentApiState;
}): Promise<AuthServer> {
  const { default: Provider } = await import('oidc-provider');
  const { state } = opts;
  const AdapterClass = memoryAdapterFactory();
  const provider = new Provider(opts.issuer, {
    adapter: AdapterClass,
    clients: [
      {
        client_id: opts.clientId,
        token_endpoint_auth_method: 'none',
        redirect_uris: [opts.redirectUrl],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        application_type: applicationType(opts.redirectUrl),
      },
    ],
    jwks: { keys: [await rsaKey()] },
    cookies: {
      keys: [randomBytes(32).toString('base64url')],
      names: { session: '_current_session', interaction: '_current_interaction', resume: '_current_resume' },
    },
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      // RFC 7009 §2.1: a token is revoked only for the client it was issued to.
      revocation: {
        enabled: true,
        allowedPolicy: (_ctx: unknown, client: { clientId: string }, token: { clientId?: string }) =>
          token.clientId === client.clientId,
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => API_RESOURCE,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({
          scope: CURRENT_SCOPES.join(' '),
          accessTokenFormat: 'opaque',
          accessTokenTTL: state.limits.accessTokenTtlSec,
        }),
      },
    },
    issueRefreshToken: (_ctx: unknown, client: { grantTypeAllowed(g: string): boolean }) =>
      client.grantTypeAllowed('refresh_token'),
    expiresWithSession: () => false,
    routes: {
      authorization: '/oauth2/auth',
      token: '/oauth2/token',
      jwks: '/oauth2/jwks',
      revocation: '/oauth2/revoke',
      end_session: '/oauth2/session/end',
      userinfo: '/oauth2/userinfo',
    },
    ttl: {
      AccessToken: () => state.limits.accessTokenTtlSec,
      AuthorizationCode: 60,
      Grant: () => state.limits.refreshTokenTtlSec,
      Interaction: 3600,
      Session: 86_400,
      RefreshToken: () => state.limits.refreshTokenTtlSec,
    },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `${INTERACTION}${interaction.uid}` },
    findAccount: (_ctx: unknown, id: string) =>
      state.userByEmail(id) ? { accountId: id, claims: () => ({ sub: id }) } : undefined,
    renderError: (ctx: KoaLikeContext, out: { error?: string; error_description?: string }) => {
      ctx.type = 'html';
      ctx.body = errorPage(ctx.status, 'Sign-in error', `${out.error ?? 'error'}: ${out.error_description ?? ''}`);
    },
  });
  // Deriv's tokens and codes carry Ory's prefixes (`ory_at_…`, `ory_rt_…`, `ory_ac_…` in Deriv's own
  // client's examples): the sandbox mints the same, so the app meets their length and alphabet.
  // An opaque token's value is its id, so the prefix is part of what the client holds and sends.
  const prefixes = [
    [provider.AccessToken, 'ory_at_'],
    [provider.RefreshToken, 'ory_rt_'],
    [provider.AuthorizationCode, 'ory_ac_'],
  ] as const;
  for (const [model, prefix] of prefixes) {
    const generate = model.prototype.generateTokenId;
    model.prototype.generateTokenId = function (this: unknown) {
      return prefix + generate.call(this);
    };
  }
  provider.on('access_token.saved', (t: unknown) => {
    const jti = (t as { jti: string }).jti;
    state.secrets.add('access_token', jti);
    state.issuedAccessTokens.add(jti);
  });
  provider.on('refresh_token.saved', (t: unknown) => state.secrets.add('refresh_token', (t as { jti: string }).jti));
  provider.on('authorization_code.saved', (t: unknown) => state.secrets.add('oidc_code', (t as { jti: string }).jti));
  // The test's record of the token endpoint: a refresh shows up here as a `refresh_token` grant.
  const grantType = (ctx: unknown) =>
    String((ctx as { oidc?: { params?: { grant_type?: unknown } } }).oidc?.params?.grant_type);
  // And which refresh token each refresh presented, so a soak can check that none is sent twice.
  const presented = (ctx: unknown) => {
    const token = (ctx as { oidc?: { params?: { refresh_token?: unknown } } }).oidc?.params?.refresh_token;
    return typeof token === 'string' ? token : null;
  };
  const record = (ctx: unknown, error: string | null) => {
    appendBounded(state.grants, { type: grantType(ctx), error });
    const token = grantType(ctx) === 'refresh_token' ? presented(ctx) : null;
    if (token !== null) appendBounded(state.refreshes, { token, error });
  };
  // The revocation endpoint (RFC 7009, oidc-provider's `revocation` feature at `/auth/oauth2/revoke`):
  // a grant ended by it is refused from then on (its refresh token answers `invalid_grant`).
  const revokedNow = new WeakSet<object>();
  provider.on('grant.revoked', (ctx: unknown, grantId: unknown) => {
    state.revokedGrants.add(String(grantId));
    revokedNow.add(ctx as object);
  });
  const params = (ctx: unknown) => (ctx as { oidc?: { params?: Record<string, unknown> } }).oidc?.params ?? {};
  const recordRevocation = (ctx: unknown) => {
    const { token, token_type_hint: hint } = params(ctx);
    if (typeof token !== 'string') return;
    appendBounded(state.revocations, {
      token,
      hint: typeof hint === 'string' ? hint : null,
      revoked: revokedNow.has(ctx as object),
    });
  };
  provider.use(async (ctx, next) => {
    await next();
    const route = (ctx as { oidc?: { route?: string } }).oidc?.route;
    if (route === 'revocation' && (ctx as { status: number }).status === 200) recordRevocation(ctx);
  });
  provider.on('grant.success', (ctx: unknown) => record(ctx, null));
  // The verifier the app presented with a code: a secret of the app's that must leave main only here.
  provider.on('grant.success', (ctx: unknown) => {
    const { code_verifier: verifier } = params(ctx);
    if (typeof verifier === 'string') state.secrets.add('pkce_verifier', verifier);
  });
  provider.on('grant.error', (ctx: unknown, e: unknown) =>
    record(ctx, String((e as { error?: unknown }).error ?? 'error')),
  );
  const callback = provider.callback();

  const interaction = async (req: IncomingMessage, res: ServerResponse, uid: string) => {
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== uid) {
      sendHtml(res, 400, errorPage(400, 'Sign-in error', 'This sign-in page has expired; start again.'));
      return;
    }
    const page = (status: number, error?: string, email?: string) =>
      sendHtml(
        res,
        status,
        loginPage({
          action: `${INTERACTION}${uid}`,
          appName: `App ${String(details.params.client_id ?? '')}`,
          hidden: {},
          users: state.users.map((u) => ({ email: u.email, password: u.password, accounts: [], apiTokens: [] })),
          ...(error ? { error } : {}),
          ...(email ? { email } : {}),
        }),
      );
    if (req.method !== 'POST') return page(200);
    const form = new URLSearchParams(await readBody(req));
    if (form.get('action') === 'deny') {
      await provider.interactionFinished(
        req,
        res,
        { error: 'access_denied', error_description: 'User cancelled' },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    const email = form.get('email') ?? '';
    const user = state.userByEmail(email);
    if (!user || user.password !== (form.get('password') ?? '')) return page(401, 'Wrong email or password.', email);
    const grant = new provider.Grant({ accountId: user.email, clientId: String(details.params.client_id) });
    grant.addResourceScope(API_RESOURCE, String(details.params.scope ?? ''));
    const grantId = await grant.save();
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: user.email }, consent: { grantId } },
      { mergeWithLastSubmission: false },
    );
  };

  const mounted = (req: IncomingMessage, url: URL) => {
    // Mounted like Express would: oidc-provider derives its mount path from originalUrl vs url.
    (req as IncomingMessage & { originalUrl?: string }).originalUrl = req.url;
    req.url = (req.url ?? '/').slice(AUTH_PREFIX.length) || '/';
    void url;
  };

  return {
    async handle(req, res, url) {
      const path = url.pathname;
      if (path !== AUTH_PREFIX && !path.startsWith(`${AUTH_PREFIX}/`)) return false;
      if (path.startsWith(INTERACTION)) {
        try {
          await interaction(req, res, path.slice(INTERACTION.length));
        } catch (e) {
          const status = e instanceof BodyTooLarge ? 413 : 400;
          if (!res.headersSent)
            sendHtml(res, status, errorPage(status, 'Sign-in error', 'The sign-in session is missing or has expired.'));
        }
        return true;
      }
      // The `token-fail` fault: the token endpoint is down (503) before the provider reads the request,
      // so nothing is spent or recorded: a transient failure the client must retry, never a refusal.
      if (state.faults.tokenFailing && path === `${AUTH_PREFIX}/oauth2/token`) {
        state.faults.tokenFailures += 1;
        sendJson(res, 503, { error: 'temporarily_unavailable', error_description: 'Service unavailable' });
        return true;
      }
      // The `token-answer-lost` fault: the provider does its work (a refresh rotates the refresh
      // token, recorded in `refreshes`), but the connection is cut where its answer would be sent.
      if (state.faults.tokenAnswersToLose > 0 && path === `${AUTH_PREFIX}/oauth2/token`) {
        state.faults.tokenAnswersToLose -= 1;
        state.faults.tokenAnswersLost += 1;
        loseAnswer(req, res);
      }
      mounted(req, url);
      callback(req, res);
      return true;
    },
    async accessToken(value) {
      if (state.expiredAccessTokens.has(value)) return undefined;
      const token = await provider.AccessToken.find(value);
      if (!token || token.isExpired) return undefined;
      const grantId = token.grantId;
      if (grantId && state.revokedGrants.has(grantId)) return undefined;
      const user = state.userByEmail(token.accountId);
      if (!user) return undefined;
      const scopes = String(token.scope ?? '')
        .split(' ')
        .filter(Boolean);
      return { user, scopes, grantId };
    },
    async revoke(value) {
      const found = (await provider.AccessToken.find(value)) ?? (await provider.RefreshToken.find(value));
      const grantId = found?.grantId;
      if (!grantId) return false;
      state.revokedGrants.add(grantId);
      // The one shared store: deleting by grant id removes the refresh token too (invalid_grant from then on).
      await (new AdapterClass('Grant') as { revokeByGrantId(id: string): Promise<void> }).revokeByGrantId(grantId);
      return true;
    },
  };
}

/** Whatever the handler answers on `res` never leaves: the socket is destroyed instead. */
function loseAnswer(req: IncomingMessage, res: ServerResponse): void {
  const cut = (): ServerResponse => {
    req.socket.destroy();
    return res;
  };
  res.writeHead = cut as unknown as ServerResponse['writeHead'];
  res.write = (() => true) as unknown as ServerResponse['write'];
  res.end = cut as unknown as ServerResponse['end'];
}
