import type { IncomingMessage, ServerResponse } from 'node:http';

import { z } from 'zod';

import { BodyTooLarge, isLoopback, readBody, sendJson } from '../http-util';
import type { AuthServer } from './auth-server';
import { MIGRATION_STATUSES } from './legacy';
import type { CurrentApiState } from './state';

export const CONTROL_PREFIX = '/__sandbox/current/';

const positive = z.number().int().min(1).max(1_000_000);
const bodies = {
  drop: z.object({}).passthrough(),
  revoke: z.object({ token: z.string().min(1).max(512) }),
  'expire-tokens': z.object({}).passthrough(),
  'otp-fail': z.object({ on: z.boolean() }),
  'token-fail': z.object({ on: z.boolean() }),
  'token-answer-lost': z.object({ count: z.number().int().min(0).max(100) }),
  // A number, or decimal text served digit for digit (`"1234567.89"`, `"0.00012345"`).
  balance: z.object({
    account_id: z.string().min(1).max(32),
    balance: z.union([z.number().finite().min(0), z.string().regex(/^\d{1,20}(\.\d{1,20})?$/)]),
  }),
  shapes: z
    .object({
      balance: z.enum(['number', 'string']),
      accountList: z.enum(['flat', 'nested']),
      otp: z.enum(['object', 'json_string']),
      extraFields: z.boolean(),
    })
    .partial()
    .strict(),
  /** One user's migration (default: the first user): its status, mapping (null: none), body shape, a 5xx. */
  migration: z
    .object({
      email: z.string().max(200).optional(),
      status: z.enum(MIGRATION_STATUSES).optional(),
      mapping: z
        .record(
          z.string().regex(/^[A-Z]+[0-9]+$/),
          z.array(z.object({ account_id: z.string().min(1).max(64), currency: z.string().max(20) }).strict()).max(10),
        )
        .nullable()
        .optional(),
      shape: z.enum(['data', 'bare']).optional(),
      fail: z.union([z.literal(500), z.literal(503), z.null()]).optional(),
    })
    .strict(),
  'rate-reset': z.object({}).passthrough(),
  limits: z
    .object({
      restPerIpPerMinute: positive,
      restPerIpPer10Minutes: positive,
      restPerUserPerMinute: positive,
      wsTradingPerMinute: positive,
      wsTradingPerHour: positive,
      wsAccountPerMinute: positive,
      wsAccountPerHour: positive,
      wsReportsPerMinute: positive,
      wsReportsPerHour: positive,
      wsGeneralPerMinute: positive,
      wsGeneralPerHour: positive,
      pingPerSecond: positive,
      wsBudgetScope: z.enum(['account', 'connection', 'user']),
      rateLimitHeaders: z.boolean(),
      subscriptionsPerSocket: z.number().int().min(0).max(1_000_000),
      socketsPerUser: positive,
      otpTtlMs: positive,
      accessTokenTtlSec: positive,
      refreshTokenTtlSec: positive,
    })
    .partial()
    .strict(),
} as const;
type Fault = keyof typeof bodies;

/**
 * `POST /__sandbox/current/<fault>`: the current API's faults, from loopback only and never from a
 * foreign page (same rules as the legacy control endpoint; the `Host` rule against DNS rebinding is
 * applied to every route before this, in the sandbox's index.ts). Answers never echo a credential.
 */
export async function handleCurrentControl(
  req: IncomingMessage,
  res: ServerResponse,
  name: string,
  state: CurrentApiState,
  auth: AuthServer,
  dropAll: () => number,
): Promise<void> {
  if (!isLoopback(req.socket.remoteAddress)) return sendJson(res, 403, { error: 'loopback only' });
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${req.headers.host ?? ''}`)
    return sendJson(res, 403, { error: 'cross-origin control refused' });
  if (!Object.hasOwn(bodies, name)) return sendJson(res, 404, { error: `unknown control "current/${name}"` });
  if (req.method !== 'POST') return sendJson(res, 405, { error: 'use POST' });
  let json: unknown;
  try {
    const text = await readBody(req);
    json = text.trim() === '' ? {} : JSON.parse(text);
  } catch (e) {
    return sendJson(res, e instanceof BodyTooLarge ? 413 : 400, { error: 'body must be JSON' });
  }
  const fault = name as Fault;
  const parsed = bodies[fault].safeParse(json);
  if (!parsed.success)
    return sendJson(res, 400, {
      error: 'invalid body',
      issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
    });
  const body = parsed.data as Record<string, unknown>;
  switch (fault) {
    case 'drop':
      return sendJson(res, 200, { ok: true, dropped: dropAll() });
    case 'revoke': {
      const token = body.token as string;
      const ok = token.startsWith('pat_') ? state.revokePat(token) : await auth.revoke(token);
      return ok ? sendJson(res, 200, { ok: true }) : sendJson(res, 404, { error: 'unknown credential' });
    }
    case 'expire-tokens':
      return sendJson(res, 200, { ok: true, expired: state.expireAllAccessTokens() });
    case 'otp-fail':
      state.faults.otpFailing = body.on as boolean;
      return sendJson(res, 200, { ok: true, on: state.faults.otpFailing });
    case 'token-fail':
      state.faults.tokenFailing = body.on as boolean;
      return sendJson(res, 200, { ok: true, on: state.faults.tokenFailing, failures: state.faults.tokenFailures });
    case 'token-answer-lost':
      state.faults.tokenAnswersToLose = body.count as number;
      return sendJson(res, 200, {
        ok: true,
        pending: state.faults.tokenAnswersToLose,
        lost: state.faults.tokenAnswersLost,
      });
    case 'balance':
      return state.setBalance(body.account_id as string, body.balance as number | string)
        ? sendJson(res, 200, { ok: true })
        : sendJson(res, 404, { error: 'unknown account_id' });
    case 'migration': {
      const { email, ...change } = body as { email?: string } & Record<string, unknown>;
      const user = email === undefined ? state.users[0] : state.userByEmail(email);
      const migration = user && state.migrations.get(user.email);
      if (!migration) return sendJson(res, 404, { error: 'unknown email' });
      Object.assign(migration, change);
      return sendJson(res, 200, { ok: true, migration });
    }
    case 'rate-reset':
      state.rate.reset();
      return sendJson(res, 200, { ok: true });
    case 'limits':
      Object.assign(state.limits, body);
      return sendJson(res, 200, { ok: true, limits: state.limits });
    case 'shapes':
      Object.assign(state.shapes, body);
      return sendJson(res, 200, { ok: true, shapes: state.shapes });
  }
}
