import type { IncomingMessage, ServerResponse } from 'node:http';

import { z } from 'zod';

import { BodyTooLarge, isLoopback, readBody, sendJson } from './http-util';
import type { SandboxState } from './state';

export interface SocketControl {
  /** Close every WebSocket abruptly. */
  dropAll(): number;
  /** Send one malformed frame to every WebSocket. */
  garbageAll(): number;
}

const empty = z.object({}).passthrough();
const bodies = {
  drop: empty,
  garbage: empty,
  reset: empty,
  // By token, or (as when a trader removes an app's access in Deriv's settings) every OAuth token of a loginid.
  revoke: z.union([
    z.object({ token: z.string().min(1).max(256) }),
    z.strictObject({ loginid: z.string().min(1).max(32), appId: z.string().min(1).max(16).optional() }),
  ]),
  delay: z.object({ ms: z.number().int().min(0).max(60_000) }),
  refuse: z.object({ on: z.boolean() }),
  ratelimit: z.object({ on: z.boolean() }),
  // Deriv has been reported to send retired legacy endpoints to its home page: another origin.
  'retire-legacy': z.strictObject({
    on: z.boolean(),
    home: z
      .url({ protocol: /^https?$/ })
      .max(2048)
      .optional(),
  }),
  balance: z.object({ loginid: z.string().min(1).max(32), balance: z.number().finite().min(0) }),
  status: z.strictObject({ site_status: z.enum(['up', 'down', 'updating']), message: z.string().max(500).optional() }),
} as const;
type Fault = keyof typeof bodies;

/** `POST /__sandbox/<fault>`: fault injection for tests and demos, from loopback only. */
export async function handleControl(
  req: IncomingMessage,
  res: ServerResponse,
  name: string,
  state: SandboxState,
  sockets: SocketControl,
): Promise<void> {
  if (!isLoopback(req.socket.remoteAddress)) return sendJson(res, 403, { error: 'loopback only' });
  // A web page open in a browser on this machine could POST here too (a "simple" cross-origin
  // request needs no preflight); browsers always name their origin, so a foreign one is refused.
  // `Host` is already one of this computer's names (`refuseForeignHost`, index.ts): a page whose own
  // name was rebound to 127.0.0.1 sends that name in both headers and never gets here.
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${req.headers.host ?? ''}`)
    return sendJson(res, 403, { error: 'cross-origin control refused' });
  if (!Object.hasOwn(bodies, name)) return sendJson(res, 404, { error: `unknown control "${name}"` });
  if (req.method !== 'POST') return sendJson(res, 405, { error: 'use POST' });
  const fault = name as Fault;
  let json: unknown;
  try {
    const text = await readBody(req);
    json = text.trim() === '' ? {} : JSON.parse(text);
  } catch (e) {
    return sendJson(res, e instanceof BodyTooLarge ? 413 : 400, { error: 'body must be JSON' });
  }
  const parsed = bodies[fault].safeParse(json);
  if (!parsed.success) {
    return sendJson(res, 400, {
      error: 'invalid body',
      issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
    });
  }
  const body = parsed.data as Record<string, unknown>;
  switch (fault) {
    case 'drop':
      return sendJson(res, 200, { ok: true, dropped: sockets.dropAll() });
    case 'garbage':
      return sendJson(res, 200, { ok: true, sent: sockets.garbageAll() });
    case 'reset':
      state.reset();
      return sendJson(res, 200, { ok: true });
    case 'revoke':
      if (typeof body.loginid === 'string') {
        const revoked = state.revokeOAuth(body.loginid, typeof body.appId === 'string' ? body.appId : undefined);
        return revoked > 0 ? sendJson(res, 200, { ok: true, revoked }) : sendJson(res, 404, { error: 'no token' });
      }
      // Never echo the token back: answers may end up in logs.
      return state.revoke(body.token as string)
        ? sendJson(res, 200, { ok: true })
        : sendJson(res, 404, { error: 'unknown token' });
    case 'delay':
      state.faults.delayMs = body.ms as number;
      return sendJson(res, 200, { ok: true, ms: state.faults.delayMs });
    case 'refuse':
      state.faults.refuse = body.on as boolean;
      return sendJson(res, 200, { ok: true, on: state.faults.refuse });
    case 'ratelimit':
      state.faults.rateLimit = body.on as boolean;
      return sendJson(res, 200, { ok: true, on: state.faults.rateLimit });
    case 'retire-legacy': {
      // Default home: the sandbox under another host name, so another origin to the login window.
      const port = /:(\d+)$/.exec(req.headers.host ?? '')?.[1] ?? '80';
      state.faults.retiredHome = body.on ? ((body.home as string | undefined) ?? `http://localhost:${port}/`) : null;
      return sendJson(res, 200, { ok: true, home: state.faults.retiredHome });
    }
    case 'status': {
      const { site_status, message } = parsed.data as z.infer<typeof bodies.status>;
      state.setWebsiteStatus({ site_status, ...(message !== undefined ? { message } : {}) });
      return sendJson(res, 200, { ok: true, site_status });
    }
    case 'balance':
      return state.setBalance(body.loginid as string, body.balance as number)
        ? sendJson(res, 200, { ok: true })
        : sendJson(res, 404, { error: 'unknown loginid' });
  }
}
