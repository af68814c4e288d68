import type { IncomingMessage, ServerResponse } from 'node:http';

import { appendBounded } from '../bounded-log';
import { sendJson } from '../http-util';
import type { AuthServer } from './auth-server';
import { LEGACY_PREFIX, legacyAnswer, LegacyFailure } from './legacy';
import type { CurrentApiState } from './state';
import type { CurrentUser } from './users';

export const ACCOUNTS_PATH = '/trading/v1/options/accounts';
const OTP_PATH = /^\/trading\/v1\/options\/accounts\/([^/]+)\/otp$/;

interface Caller {
  user: CurrentUser;
  scopes: string[];
  token: string;
}

class RestFailure {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly message: string,
    readonly headers: Record<string, string> = {},
  ) {}
}

/**
 * `GET /trading/v1/options/accounts` and `POST /trading/v1/options/accounts/{id}/otp`: Bearer
 * (OAuth access token, or PAT + `Deriv-App-ID`), scope `trade`, and the documented envelopes
 * `{ data, meta }` / `{ errors: [{ status, code, message }], meta }`. The rate budgets are counted
 * before any route of the REST host (`admitRest` in `rate-limits.ts`).
 */
export function createRest(opts: { state: CurrentApiState; auth: AuthServer; appId: string; wsBase: string }) {
  const { state, auth } = opts;

  const authenticate = async (req: IncomingMessage): Promise<Caller> => {
    const match = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '');
    if (!match) throw new RestFailure(401, 'Unauthorized', 'Authorization header with a Bearer token is required');
    const token = match[1]!;
    if (token.startsWith('pat_')) {
      const appId = req.headers['deriv-app-id'];
      if (appId === undefined || appId === '')
        throw new RestFailure(401, 'Unauthorized', 'Deriv-App-ID header is required for PAT tokens');
      if (appId !== opts.appId) throw new RestFailure(401, 'Unauthorized', 'Unknown Deriv-App-ID');
      const user = state.userByPat(token);
      if (!user) throw new RestFailure(401, 'InvalidToken', 'Token is invalid or expired');
      return { user, scopes: user.patScopes, token };
    }
    const owner = await auth.accessToken(token);
    if (!owner) throw new RestFailure(401, 'InvalidToken', 'Token is invalid or expired');
    return { user: owner.user, scopes: owner.scopes, token };
  };

  const guard = (caller: Caller, scope: string) => {
    if (!caller.scopes.includes(scope))
      throw new RestFailure(403, 'Forbidden', `Insufficient scope: this endpoint requires the "${scope}" scope`);
  };

  const accounts = async (req: IncomingMessage) => {
    const caller = await authenticate(req);
    guard(caller, 'trade');
    const list = state.accountsOf(caller.user);
    // The nesting Deriv's own client first read (`data.data`), when that shape is on.
    return state.shapes.accountList === 'nested' ? { data: list } : list;
  };

  /**
   * The legacy endpoints: the Bearer and scope as the others, and `Deriv-App-ID` always ("This
   * endpoint requires the Deriv-App-ID header"), OAuth token or PAT.
   */
  const legacy = async (req: IncomingMessage, url: URL) => {
    const appId = req.headers['deriv-app-id'];
    const caller = await authenticate(req);
    if (appId === undefined || appId === '')
      throw new RestFailure(401, 'Unauthorized', 'Deriv-App-ID header is required');
    if (appId !== opts.appId) throw new RestFailure(401, 'Unauthorized', 'Unknown Deriv-App-ID');
    guard(caller, 'trade');
    const migration = state.migrations.get(caller.user.email)!;
    try {
      return { data: legacyAnswer(url.pathname, url.searchParams, migration), bare: migration.shape === 'bare' };
    } catch (e) {
      if (e instanceof LegacyFailure) throw new RestFailure(e.status, e.code, e.message);
      throw e;
    }
  };

  const otp = async (req: IncomingMessage, accountId: string) => {
    const caller = await authenticate(req);
    guard(caller, 'trade');
    const owned = state.account(accountId);
    if (!owned || owned.user !== caller.user)
      throw new RestFailure(400, 'ValidationError', 'The account does not belong to this token');
    if (owned.account.status !== 'active') throw new RestFailure(400, 'ValidationError', 'The account is inactive');
    if (state.faults.otpFailing) throw new RestFailure(500, 'InternalError', 'Internal server error');
    const value = state.issueOtp(caller.user, owned.account);
    const url = `${opts.wsBase}/${owned.account.account_type}?otp=${value}`;
    state.secrets.add('otp_url', url);
    const data = { url, ...(state.shapes.extraFields ? { expires_in: state.limits.otpTtlMs / 1000 } : {}) };
    // The form Deriv's own client first parsed: `data` a JSON string of `{ data: { url } }`.
    return state.shapes.otp === 'json_string' ? JSON.stringify({ data }) : data;
  };

  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> => {
    const path = url.pathname;
    const otpMatch = OTP_PATH.exec(path);
    const isLegacy = path.startsWith(LEGACY_PREFIX);
    if (path !== ACCOUNTS_PATH && !otpMatch && !isLegacy) return false;
    const started = Date.now();
    const method = req.method ?? 'GET';
    const meta = () => ({ endpoint: path, method, timing: Date.now() - started });
    const record = (status: number) => recordRest(state, path, status);
    try {
      let data: unknown;
      if (isLegacy && method === 'GET') {
        const answer = await legacy(req, url);
        if (answer.data === null) throw new RestFailure(404, 'NotFound', 'Not found');
        record(200);
        // `bare`: the fields at the top level beside `meta` (one reading of Deriv's unconfirmed 200 bodies).
        sendJson(
          res,
          200,
          answer.bare ? { ...(answer.data as object), meta: meta() } : { data: answer.data, meta: meta() },
        );
        return true;
      }
      if (path === ACCOUNTS_PATH && method === 'GET') data = await accounts(req);
      else if (otpMatch && method === 'POST') data = await otp(req, decodeURIComponent(otpMatch[1]!));
      else throw new RestFailure(405, 'MethodNotAllowed', `${method} is not allowed here`);
      record(200);
      const extra = state.shapes.extraFields ? { links: { self: path }, api_version: '1.1.0' } : {};
      sendJson(res, 200, { data, meta: meta(), ...extra });
    } catch (e) {
      const f = e instanceof RestFailure ? e : new RestFailure(500, 'InternalError', 'Internal server error');
      record(f.status);
      for (const [k, v] of Object.entries(f.headers)) res.setHeader(k, v);
      sendJson(res, f.status, { errors: [{ status: f.status, code: f.code, message: f.message }], meta: meta() });
    }
    return true;
  };
}

/** The test's record: how each account list and OTP request was answered (also a 429 before the route). */
export function recordRest(state: CurrentApiState, path: string, status: number): void {
  const otpMatch = OTP_PATH.exec(path);
  if (otpMatch) appendBounded(state.otpRequests, { accountId: decodeURIComponent(otpMatch[1]!), status });
  else if (path === ACCOUNTS_PATH) appendBounded(state.accountLists, { status });
}
