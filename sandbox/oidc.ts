import { generateKeyPair, type JsonWebKey, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import type { KoaLikeContext } from 'oidc-provider';

import { applicationType } from './client-type';
import { BodyTooLarge, readBody, sendHtml, sendJson } from './http-util';
import { memoryAdapterFactory } from './oidc-store';
import { errorPage, loginPage } from './pages';
import type { SandboxState } from './state';
import { type DemoUser, publicUser } from './users';

export interface OidcOptions {
  issuer: string;
  state: SandboxState;
  apps: ReadonlyMap<string, string>;
}

export type OidcHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>;

const INTERACTION_PREFIX = '/oauth2/interaction/';

// One RS256 signing key per process: generating RSA keys is the slowest part of start-up, and
// ID tokens from a throwaway sandbox need no key rotation.
let signingKey: Promise<JsonWebKey> | undefined;
function rsaSigningKey(): Promise<JsonWebKey> {
  signingKey ??= new Promise((resolve, reject) =>
    generateKeyPair('rsa', { modulusLength: 2048 }, (err, _pub, privateKey) => {
      if (err) reject(err);
      else resolve({ ...privateKey.export({ format: 'jwk' }), kid: 'sandbox-rs256', alg: 'RS256', use: 'sig' });
    }),
  );
  return signingKey;
}

function accountIdOf(user: DemoUser): string {
  return String(user.profile.userId);
}

/**
 * OIDC (authorization code + PKCE S256) served by oidc-provider, with the demo login page as its
 * interaction, plus Deriv's `/oauth2/legacy/tokens` exchange from an access token to `acctN/tokenN/curN`.
 */
export async function createOidc({ issuer, state, apps }: OidcOptions): Promise<OidcHandler> {
  const { default: Provider } = await import('oidc-provider');
  const userById = (id: string) => state.users.find((u) => accountIdOf(u) === id);

  const provider = new Provider(issuer, {
    adapter: memoryAdapterFactory(state.secrets),
    clients: [...apps].map(([clientId, redirectUrl]) => ({
      client_id: clientId,
      token_endpoint_auth_method: 'none',
      redirect_uris: [redirectUrl],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      application_type: applicationType(redirectUrl),
    })),
    jwks: { keys: [await rsaSigningKey()] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    pkce: { required: () => true },
    scopes: ['openid'],
    claims: { openid: ['sub'], email: ['email'] },
    extraParams: ['brand', 'l', 'app_id'],
    features: { devInteractions: { enabled: false }, revocation: { enabled: true } },
    routes: {
      authorization: '/oauth2/auth',
      end_session: '/oauth2/session/end',
      jwks: '/oauth2/jwks',
      revocation: '/oauth2/token/revocation',
      token: '/oauth2/token',
      userinfo: '/oauth2/userinfo',
    },
    ttl: {
      AccessToken: 3600,
      AuthorizationCode: 300,
      Grant: 86_400,
      IdToken: 3600,
      Interaction: 3600,
      Session: 86_400,
    },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `${INTERACTION_PREFIX}${interaction.uid}` },
    findAccount: (_ctx: unknown, id: string) => {
      const user = userById(id);
      return user ? { accountId: id, claims: () => ({ sub: id, email: user.email }) } : undefined;
    },
    renderError: (ctx: KoaLikeContext, out: { error?: string; error_description?: string }) => {
      ctx.type = 'html';
      ctx.body = errorPage(ctx.status, 'Sign-in error', `${out.error ?? 'error'}: ${out.error_description ?? ''}`);
    },
  });
  const callback = provider.callback();

  const interaction = async (req: IncomingMessage, res: ServerResponse, uid: string) => {
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== uid) {
      sendHtml(res, 400, errorPage(400, 'Sign-in error', 'This sign-in page has expired; start again.'));
      return;
    }
    const clientId = String(details.params.client_id ?? '');
    const page = (status: number, error?: string, email?: string) =>
      sendHtml(
        res,
        status,
        loginPage({
          action: `${INTERACTION_PREFIX}${uid}`,
          appName: `App ${clientId}`,
          hidden: {},
          users: state.users.map(publicUser),
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
        { error: 'access_denied', error_description: 'The user denied access to the application.' },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    const email = form.get('email') ?? '';
    const user = state.userByEmail(email);
    if (!user || user.password !== (form.get('password') ?? '')) return page(401, 'Wrong email or password.', email);
    const accountId = accountIdOf(user);
    // Login and consent happen on the one page, so both prompts are answered together.
    const grant = new provider.Grant({ accountId, clientId });
    grant.addOIDCScope(String(details.params.scope ?? 'openid'));
    const grantId = await grant.save();
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId }, consent: { grantId } },
      { mergeWithLastSubmission: false },
    );
  };

  const bearer = async (req: IncomingMessage) => {
    const match = /^Bearer ([\w\-.~+/]+=*)$/.exec(req.headers.authorization ?? '');
    const token = match?.[1] ? await provider.AccessToken.find(match[1]) : undefined;
    if (!token || token.isExpired) return undefined;
    const user = userById(token.accountId);
    return user ? { token, user } : undefined;
  };

  const legacyTokens = async (req: IncomingMessage, res: ServerResponse, revoke: boolean) => {
    if (req.method !== 'POST') return sendJson(res, 405, { error: 'invalid_request', error_description: 'use POST' });
    const auth = await bearer(req);
    if (!auth) {
      res.setHeader('www-authenticate', 'Bearer error="invalid_token"');
      return sendJson(res, 401, {
        error: 'invalid_token',
        error_description: 'The access token is missing, invalid or expired.',
      });
    }
    if (revoke) {
      const revoked = state.revokeIssued(auth.token.jti);
      await auth.token.destroy();
      return sendJson(res, 200, { revoked });
    }
    const body: Record<string, string> = {};
    state.issueTokens(auth.user, auth.token.jti, auth.token.clientId).forEach(({ account, token }, i) => {
      body[`acct${i + 1}`] = account.loginid;
      body[`token${i + 1}`] = token;
      body[`cur${i + 1}`] = account.currency;
    });
    return sendJson(res, 200, body);
  };

  return async (req, res, url) => {
    const path = url.pathname;
    try {
      if (path.startsWith(INTERACTION_PREFIX)) {
        await interaction(req, res, path.slice(INTERACTION_PREFIX.length));
        return true;
      }
      if (path === '/oauth2/legacy/tokens') {
        await legacyTokens(req, res, false);
        return true;
      }
      if (path === '/oauth2/legacy/tokens/revoke') {
        await legacyTokens(req, res, true);
        return true;
      }
    } catch (e) {
      const status = e instanceof BodyTooLarge ? 413 : 400;
      if (!res.headersSent)
        sendHtml(
          res,
          status,
          errorPage(status, 'Sign-in error', 'The sign-in session is missing or has expired; start again.'),
        );
      return true;
    }
    if (path.startsWith('/oauth2/') || path.startsWith('/.well-known/')) {
      callback(req, res);
      return true;
    }
    return false;
  };
}
