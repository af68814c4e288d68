import { randomUUID } from 'node:crypto';

import type { WebSocket } from 'ws';

import { appendBounded } from '../bounded-log';
import { sanitizedEcho } from '../ws-errors';
import { describeBudget } from './rate-limits';
import type { CurrentApiState } from './state';
import type { NewApiAccount } from './types';
import type { CurrentUser } from './users';

type Json = Record<string, unknown>;

interface WsError {
  code: string;
  message: string;
}

/**
 * One socket of the current API: an OTP socket (`owner` set: the account the OTP was issued for)
 * or the public one. No `authorize`, no `loginid`; `balance` answers for the socket's account.
 * A call over its rate budget (`rate-limits.ts`) or a subscription beyond the per-socket limit
 * answers `RateLimit`.
 */
export class CurrentWsSession {
  private readonly subs = new Map<string, 'balance'>();
  private readonly onBalance = (accountId: string) => {
    if (this.owner && accountId === this.owner.account.account_id) this.pushBalance();
  };

  constructor(
    private readonly ws: WebSocket,
    private readonly state: CurrentApiState,
    private readonly owner: { user: CurrentUser; account: NewApiAccount } | null,
    private readonly connectionId: number,
  ) {
    if (owner) state.balanceChanges.on('change', this.onBalance);
    ws.on('message', (data, isBinary) => this.onFrame(isBinary ? '' : String(data)));
    ws.on('close', () => this.dispose());
  }

  dispose(): void {
    this.state.balanceChanges.off('change', this.onBalance);
    this.subs.clear();
  }

  private send(body: Json): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(JSON.stringify(body));
  }

  private answer(request: Json, msgType: string, body: Json): void {
    // Credentials (`authorize`, `tokens`) read "<not shown>" in every echo, refusals included, as on
    // Deriv's v3 socket: an OTP socket refuses `authorize`, but a client that sends one anyway must
    // not get its token back in the answer (nor in a log of the frames).
    const out: Json = { echo_req: sanitizedEcho(request), msg_type: msgType, ...body };
    if (Number.isSafeInteger(request.req_id)) out.req_id = request.req_id;
    if (request.passthrough !== undefined) out.passthrough = request.passthrough;
    this.send(out);
  }

  private fail(request: Json, msgType: string, error: WsError): void {
    this.answer(request, msgType, { error });
  }

  private onFrame(text: string): void {
    let request: unknown;
    try {
      request = JSON.parse(text);
    } catch {
      request = null;
    }
    if (typeof request !== 'object' || request === null || Array.isArray(request)) {
      this.send({
        msg_type: 'error',
        error: { code: 'InputValidationFailed', message: 'Request must be a JSON object' },
      });
      return;
    }
    const req = request as Json;
    appendBounded(this.state.frames, {
      connectionId: this.connectionId,
      accountId: this.owner?.account.account_id ?? null,
      request: req,
    });
    const name = Object.keys(req).find((k) => k !== 'req_id' && k !== 'passthrough' && k !== 'loginid') ?? 'unknown';
    const spent = this.state.rate.spendWs(name, {
      connectionId: this.connectionId,
      accountId: this.owner?.account.account_id ?? null,
      user: this.owner?.user.email ?? null,
    });
    if (!spent.ok)
      return this.fail(req, name, {
        code: 'RateLimit',
        message: `You have reached the rate limit for ${name} (${describeBudget(spent)})`,
      });
    if ('authorize' in req)
      return this.fail(req, 'authorize', {
        code: 'InputValidationFailed',
        message: 'authorize is not supported: sockets are authenticated by their OTP URL',
      });
    if ('loginid' in req)
      return this.fail(req, name, {
        code: 'InputValidationFailed',
        message: 'loginid is not accepted: the socket is bound to one account',
      });
    switch (name) {
      case 'ping':
        return req.ping === 1
          ? this.answer(req, 'ping', { ping: 'pong' })
          : this.fail(req, 'ping', { code: 'InputValidationFailed', message: 'ping must be 1' });
      case 'time':
        return req.time === 1
          ? this.answer(req, 'time', { time: Math.floor(Date.now() / 1000) })
          : this.fail(req, 'time', { code: 'InputValidationFailed', message: 'time must be 1' });
      case 'balance':
        return this.balance(req);
      case 'forget':
        return this.forget(req);
      case 'forget_all':
        return this.forgetAll(req);
      default:
        return this.fail(req, name, { code: 'UnrecognisedRequest', message: 'Unrecognised request' });
    }
  }

  private balanceBody(): Json {
    const a = this.owner!.account;
    return {
      balance: this.state.wireBalance(a.account_id),
      currency: a.currency,
      loginid: a.account_id,
      ...(this.state.shapes.extraFields ? { converted_amount: null, status: 1 } : {}),
    };
  }

  private balance(req: Json): void {
    if (!this.owner)
      return this.fail(req, 'balance', { code: 'AuthorizationRequired', message: 'Use an OTP-issued socket' });
    if (req.balance !== 1 || (req.subscribe !== undefined && req.subscribe !== 0 && req.subscribe !== 1))
      return this.fail(req, 'balance', { code: 'InputValidationFailed', message: 'Invalid balance request' });
    if (req.subscribe !== 1) return this.answer(req, 'balance', { balance: this.balanceBody() });
    if ([...this.subs.values()].includes('balance'))
      return this.fail(req, 'balance', {
        code: 'AlreadySubscribed',
        message: 'You are already subscribed to balance',
      });
    if (this.subs.size >= this.state.limits.subscriptionsPerSocket)
      return this.fail(req, 'balance', { code: 'RateLimit', message: 'Too many subscriptions on this connection' });
    const id = randomUUID();
    this.subs.set(id, 'balance');
    this.balanceRequest = req;
    this.answer(req, 'balance', { balance: { ...this.balanceBody(), id }, subscription: { id } });
  }

  private balanceRequest: Json = { balance: 1, subscribe: 1 };

  private pushBalance(): void {
    for (const [id, kind] of this.subs) {
      if (kind !== 'balance') continue;
      this.send({
        echo_req: sanitizedEcho(this.balanceRequest),
        msg_type: 'balance',
        balance: { ...this.balanceBody(), id },
        subscription: { id },
      });
    }
  }

  private forget(req: Json): void {
    if (typeof req.forget !== 'string' || !/^[\w-]{32,128}$/.test(req.forget))
      return this.fail(req, 'forget', { code: 'InputValidationFailed', message: 'Invalid stream id' });
    this.answer(req, 'forget', { forget: this.subs.delete(req.forget) ? 1 : 0 });
  }

  private forgetAll(req: Json): void {
    const types = Array.isArray(req.forget_all) ? req.forget_all : [req.forget_all];
    if (types.length === 0 || !types.every((t) => typeof t === 'string'))
      return this.fail(req, 'forget_all', { code: 'InputValidationFailed', message: 'Invalid stream types' });
    const gone: string[] = [];
    for (const [id, kind] of this.subs) {
      if (types.includes(kind)) {
        this.subs.delete(id);
        gone.push(id);
      }
    }
    this.answer(req, 'forget_all', { forget_all: gone });
  }
}
