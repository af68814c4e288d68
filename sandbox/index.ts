import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';

import { type WebSocket, WebSocketServer } from 'ws';

import { appendBounded } from './bounded-log';
import { handleControl } from './control';
import type { CurrentApi } from './current-api';
import { allowedHosts, BodyTooLarge, redirect, refuseForeignHost, sendHtml, sendJson } from './http-util';
import {
  type FakeIdentityProvider,
  FEDERATED_GOOGLE_PATH,
  IDENTITY_PROVIDER_PATH,
  startFakeIdentityProvider,
} from './identity-provider';
import { handleLegacyAuthorize } from './legacy-oauth';
import { errorPage, redirectLandingPage } from './pages';
import { SandboxState } from './state';
import type { ReceivedMessage, SandboxHandle, SandboxOptions } from './types';
import { makeDemoUsers, publicUser } from './users';
import { WsSession } from './ws-session';

export type { ReceivedMessage, SandboxAccount, SandboxHandle, SandboxOptions, SandboxUser } from './types';

/** Frames above this size close the socket with 1009 (message too big), as a real server would. */
export const MAX_FRAME_BYTES = 64 * 1024;
export const WS_PATH = '/websockets/v3';
export const DEFAULT_APP_ID = '1089';
const DEFAULT_IDLE_TIMEOUT_MS = 120_000;

export interface SandboxInternals {
  /** Idle WebSocket timeout in ms (Deriv drops silent sockets after 2 minutes); 0 disables it. */
  idleTimeoutMs?: number;
}

/** Starts the sandbox on 127.0.0.1 (or `host`) and resolves once it accepts HTTP and WebSocket connections. */
export async function startSandbox(options: SandboxOptions & SandboxInternals = {}): Promise<SandboxHandle> {
  const seed = options.seed ?? 1;
  const host = options.host ?? '127.0.0.1';
  const users = makeDemoUsers(seed);
  const state = new SandboxState(users, seed, options.appId ?? DEFAULT_APP_ID);
  const received: ReceivedMessage[] = [];
  const hits: { method: string; path: string }[] = [];
  const sessions = new Set<WsSession>();
  const sockets = new Map<WebSocket, WsSession>();
  let nextConnectionId = 1;
  let oidc: ((req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>) | undefined;
  let currentApi: CurrentApi | undefined;

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false });
  const record = (connectionId: number, request: Record<string, unknown>) =>
    appendBounded(received, { connectionId, at: Date.now(), request });
  const idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;

  wss.on('connection', (ws, req: IncomingMessage) => {
    const socketAppId = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.get('app_id') ?? '';
    const session = new WsSession(ws, nextConnectionId++, state, record, idleTimeoutMs, socketAppId);
    sessions.add(session);
    sockets.set(ws, session);
    ws.on('close', () => {
      sessions.delete(session);
      sockets.delete(ws);
    });
  });

  const socketControl = {
    dropAll: () => {
      const n = sockets.size;
      for (const ws of sockets.keys()) ws.terminate();
      // "Every socket" includes the current API's.
      return n + (currentApi?.dropAll() ?? 0);
    },
    garbageAll: () => {
      for (const ws of sockets.keys()) ws.send('{"msg_type": "balance", garbage');
      return sockets.size;
    },
  };

  let apps = new Map<string, string>();
  let identityProvider: FakeIdentityProvider | undefined;
  // Set once listening (no request arrives before): the Host values served, at the port bound.
  let hosts: ReadonlySet<string> = new Set();

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    // Before anything is recorded or routed: a request for another name changes nothing.
    if (refuseForeignHost(req, res, hosts)) return;
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    appendBounded(hits, { method: req.method ?? 'GET', path: url.pathname });
    const path = url.pathname;
    if (path === FEDERATED_GOOGLE_PATH && identityProvider) {
      return redirect(
        res,
        `${identityProvider.origin}${IDENTITY_PROVIDER_PATH}?client_id=deriv-sandbox&response_type=code`,
      );
    }
    if (currentApi && (await currentApi.handle(req, res, url))) return;
    if (path === '/oauth2/authorize') return handleLegacyAuthorize(req, res, url, state, apps);
    if (path.startsWith('/__sandbox/'))
      return handleControl(req, res, path.slice('/__sandbox/'.length), state, socketControl);
    if (path === '/redirect' || path === '/redirect/') return sendHtml(res, 200, redirectLandingPage());
    if (path === '/') return redirect(res, '/oauth2/authorize?app_id=' + encodeURIComponent(appId));
    if (oidc && (await oidc(req, res, url))) return;
    sendHtml(res, 404, errorPage(404, 'Not found', 'There is nothing at this address.'));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) {
        if (e instanceof BodyTooLarge) sendJson(res, 413, { error: 'request body too large' });
        else sendJson(res, 500, { error: 'internal error' });
      } else res.destroy();
    });
  });

  // Upgrades are not held to the Host rule: a WebSocket is not bound by the same-origin policy, so
  // any page can open one to 127.0.0.1 without rebinding a name, and a test's relay on another port
  // forwards them. A socket changes nothing by opening; its calls need a token or a one-time OTP.
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    appendBounded(hits, { method: req.method ?? 'GET', path: url.pathname });
    const reject = (status: string) => {
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (currentApi?.upgrade(req, socket, head, url)) return;
    if (url.pathname !== WS_PATH) return reject('404 Not Found');
    if (state.faults.refuse) return reject('503 Service Unavailable');
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  hosts = allowedHosts(port, host);
  const authority = host.includes(':') ? `[${host}]` : host;
  const httpUrl = `http://${authority}:${port}`;
  const appId = options.appId ?? DEFAULT_APP_ID;
  const redirectUrl = options.redirectUrl ?? `${httpUrl}/redirect`;
  apps = new Map([
    [appId, redirectUrl],
    ...(options.apps ?? []).map((a) => [a.appId, a.redirectUrl] as [string, string]),
  ]);
  const issuer = httpUrl;

  try {
    identityProvider = await startFakeIdentityProvider(options.identityProviderHost);
    const { createOidc } = await import('./oidc');
    oidc = await createOidc({ issuer, state, apps });
    const { createCurrentApi } = await import('./current-api');
    currentApi = await createCurrentApi({
      httpUrl,
      users,
      seed,
      secrets: state.secrets,
      ...(options.currentApi ? { options: options.currentApi } : {}),
    });
  } catch (e) {
    await identityProvider?.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    throw e;
  }

  let closed: Promise<void> | undefined;
  return {
    httpUrl,
    wsUrl: `ws://${authority}:${port}${WS_PATH}`,
    oauthUrl: `${httpUrl}/oauth2/authorize`,
    issuer,
    appId,
    redirectUrl,
    users: users.map(publicUser),
    newApi: currentApi!.info,
    setNewApiBalance: (accountId, balance) => {
      if (!currentApi!.state.setBalance(accountId, balance))
        throw new Error('setNewApiBalance: unknown account_id or invalid balance');
    },
    mintNewApiPat: (email) => {
      const pat = currentApi!.state.mintPat(email);
      if (!pat) throw new Error('mintNewApiPat: unknown email');
      return pat;
    },
    newApiLog: () => ({
      frames: currentApi!.state.frames.map((f) => ({ ...f })),
      upgrades: currentApi!.state.upgrades.map((u) => ({ ...u })),
      grants: currentApi!.state.grants.map((g) => ({ ...g })),
      refreshes: currentApi!.state.refreshes.map((r) => ({ ...r })),
      revocations: currentApi!.state.revocations.map((r) => ({ ...r })),
      otpRequests: currentApi!.state.otpRequests.map((o) => ({ ...o })),
      accountLists: currentApi!.state.accountLists.map((l) => ({ ...l })),
    }),
    newApiRates: () => currentApi!.state.rate.usage(),
    received: () => received.map((m) => ({ ...m })),
    httpHits: () => hits.map((h) => ({ ...h })),
    identityProvider: { origin: identityProvider!.origin, requests: () => identityProvider!.requests() },
    secrets: () => state.secrets.all(),
    setBalance: (loginid, balance) => {
      if (!state.setBalance(loginid, balance)) throw new Error(`setBalance: unknown loginid or invalid balance`);
    },
    dropConnections: () => socketControl.dropAll(),
    close: () =>
      (closed ??= new Promise<void>((resolve) => {
        for (const ws of sockets.keys()) ws.terminate();
        for (const s of sessions) s.dispose();
        currentApi?.close();
        void identityProvider?.close();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}
