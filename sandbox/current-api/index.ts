import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

import { type WebSocket, WebSocketServer } from 'ws';

import { appendBounded } from '../bounded-log';
import type { SecretLog } from '../secrets';
import type { DemoUser } from '../users';
import { AUTH_PREFIX, createAuthServer } from './auth-server';
import { CONTROL_PREFIX, handleCurrentControl } from './control';
import { defaultMigrations } from './legacy';
import { admitRest } from './rate-limits';
import { createRest, recordRest } from './rest';
import { CurrentApiState } from './state';
import type { CurrentApiOptions, NewApiInfo } from './types';
import { makeCurrentUsers } from './users';
import { CurrentWsSession } from './ws';

export type { CurrentApiOptions, NewApiAccount, NewApiInfo, NewApiUser } from './types';

export const WS_BASE_PATH = '/trading/v1/options/ws';
/** The REST host's routes (api.derivws.com): the authorization server (`/auth`) is another host. */
const REST_PREFIX = '/trading/';
const DEFAULT_CLIENT_ID = '41234';

export interface CurrentApi {
  info: NewApiInfo;
  state: CurrentApiState;
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean>;
  /** True when the upgrade was for a current-API path (answered or refused here). */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, url: URL): boolean;
  dropAll(): number;
  close(): void;
}

/** The current API (OAuth at `/auth/oauth2/*`, REST, OTP sockets, faults) on the sandbox's server. */
export async function createCurrentApi(opts: {
  httpUrl: string;
  users: DemoUser[];
  seed: number;
  secrets: SecretLog;
  options?: CurrentApiOptions;
}): Promise<CurrentApi> {
  const { options = {} } = opts;
  const clientId = options.clientId ?? DEFAULT_CLIENT_ID;
  const redirectUrl = options.redirectUrl ?? `${opts.httpUrl}/redirect`;
  const { now, extraAccounts, shapes, ...limits } = options;
  const users = makeCurrentUsers(opts.users, opts.seed, extraAccounts ?? 0);
  const state = new CurrentApiState(users, opts.secrets, limits, now, shapes);
  for (const [email, migration] of defaultMigrations(opts.users, users)) state.migrations.set(email, migration);
  const wsBase = `${opts.httpUrl.replace(/^http/, 'ws')}${WS_BASE_PATH}`;
  const issuer = `${opts.httpUrl}${AUTH_PREFIX}`;
  const auth = await createAuthServer({ issuer, clientId, redirectUrl, state });
  const rest = createRest({ state, auth, appId: clientId, wsBase });
  const gate = {
    limiter: state.rate,
    limits: state.limits,
    userOf: async (bearer: string) =>
      (bearer.startsWith('pat_') ? state.userByPat(bearer) : (await auth.accessToken(bearer))?.user)?.email ?? null,
    onRefused: (path: string, status: number) => recordRest(state, path, status),
  };
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024, perMessageDeflate: false });
  const sockets = new Set<WebSocket>();
  let nextConnectionId = 1;

  const refuse = (socket: Duplex, status: string) =>
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);

  const info: NewApiInfo = {
    restUrl: opts.httpUrl,
    wsPublicUrl: `${wsBase}/public`,
    authorizationEndpoint: `${issuer}/oauth2/auth`,
    tokenEndpoint: `${issuer}/oauth2/token`,
    issuer,
    clientId,
    appId: clientId,
    redirectUrl,
    users: users.map((u) => ({
      email: u.email,
      password: u.password,
      pat: u.pat,
      scopes: [...u.patScopes],
      accounts: u.accounts.map((a) => ({ ...a })),
    })),
  };

  const dropAll = () => {
    const n = sockets.size;
    for (const ws of sockets) ws.terminate();
    return n;
  };

  return {
    info,
    state,
    async handle(req, res, url) {
      if (url.pathname.startsWith(CONTROL_PREFIX)) {
        await handleCurrentControl(req, res, url.pathname.slice(CONTROL_PREFIX.length), state, auth, dropAll);
        return true;
      }
      // Every route of the REST host counts against the published budgets, whoever serves it.
      if (url.pathname.startsWith(REST_PREFIX) && !(await admitRest(req, res, url, gate))) return true;
      if (await rest(req, res, url)) return true;
      return auth.handle(req, res, url);
    },
    upgrade(req, socket, head, url) {
      if (!url.pathname.startsWith(`${WS_BASE_PATH}/`)) return false;
      const kind = url.pathname.slice(WS_BASE_PATH.length + 1);
      if (kind !== 'public' && kind !== 'demo' && kind !== 'real') {
        refuse(socket, '404 Not Found');
        return true;
      }
      const accept = (owner: ConstructorParameters<typeof CurrentWsSession>[2]) =>
        wss.handleUpgrade(req, socket, head, (ws) => {
          sockets.add(ws);
          new CurrentWsSession(ws, state, owner, nextConnectionId++);
          ws.on('close', () => sockets.delete(ws));
        });
      if (kind === 'public') {
        accept(null);
        return true;
      }
      const otp = url.searchParams.get('otp');
      if (!otp) {
        refuse(socket, '400 Bad Request');
        return true;
      }
      const grant = state.consumeOtp(otp);
      const accountId = grant?.account.account_id ?? null;
      if (!grant || grant.account.account_type !== kind) {
        appendBounded(state.upgrades, { otp, status: 401, accountId });
        refuse(socket, '401 Unauthorized');
        return true;
      }
      // The sixth concurrent socket of a user is refused at the upgrade; its OTP is spent all the same.
      if (state.openSockets(grant.user) >= state.limits.socketsPerUser) {
        appendBounded(state.upgrades, { otp, status: 429, accountId });
        refuse(socket, '429 Too Many Requests');
        return true;
      }
      appendBounded(state.upgrades, { otp, status: 101, accountId });
      // Counted from the upgrade until the TCP socket closes, so that two racing upgrades cannot both pass.
      state.socketOpened(grant.user);
      socket.once('close', () => state.socketClosed(grant.user));
      accept({ user: grant.user, account: grant.account });
      return true;
    },
    dropAll,
    close() {
      for (const ws of sockets) ws.terminate();
      wss.close();
    },
  };
}
