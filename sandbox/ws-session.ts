import { randomUUID } from 'node:crypto';

import type { WebSocket } from 'ws';

import { accountScoped, type CallName, callNames, type RequestOf, requestSchemas, validationDetails } from './requests';
import { authorizeBody, balanceAll, balanceAllUpdate, balanceOne, settingsBody, websiteStatusBody } from './responses';
import type { AccountRef, SandboxState } from './state';
import type { ApiScope } from './types';
import type { DemoUser } from './users';
import {
  CALL_SCOPES,
  CallError,
  type DerivError,
  errorFor,
  invalidForApp,
  isPlainObject,
  type Json,
  sanitizedEcho,
  type SessionAccount,
} from './ws-errors';

interface Session {
  primary: SessionAccount;
  accounts: Map<string, SessionAccount>;
  multi: boolean;
}

type Subscription =
  | { kind: 'balance'; scope: 'one' | 'all'; loginid: string; user: DemoUser; request: Json }
  | { kind: 'website_status'; request: Json };

/**
 * One WebSocket client: parses each frame, validates it against the call's schema, and answers in
 * Deriv's envelope (`echo_req`, `msg_type`, `req_id`, plus the call's field or `error`).
 */
export class WsSession {
  private session: Session | undefined;
  private readonly subs = new Map<string, Subscription>();
  private idleTimer: NodeJS.Timeout | undefined;
  private readonly pending = new Set<NodeJS.Timeout>();
  private readonly onBalanceChange = (loginid: string) => this.pushBalance(loginid);
  private readonly onStatusChange = () => this.pushWebsiteStatus();

  constructor(
    private readonly ws: WebSocket,
    readonly connectionId: number,
    private readonly state: SandboxState,
    private readonly record: (connectionId: number, request: Json) => void,
    private readonly idleTimeoutMs: number,
    /** The socket's `app_id` query parameter: OAuth tokens from another app are refused. */
    private readonly appId = '',
  ) {
    state.balanceChanges.on('change', this.onBalanceChange);
    state.statusChanges.on('change', this.onStatusChange);
    ws.on('message', (data, isBinary) => this.onFrame(data, isBinary));
    ws.on('close', () => this.dispose());
    ws.on('error', () => ws.terminate());
    this.touch();
  }

  dispose(): void {
    this.state.balanceChanges.off('change', this.onBalanceChange);
    this.state.statusChanges.off('change', this.onStatusChange);
    this.subs.clear();
    if (this.idleTimer) clearTimeout(this.idleTimer);
    for (const t of this.pending) clearTimeout(t);
    this.pending.clear();
  }

  private touch(): void {
    if (this.idleTimeoutMs <= 0) return;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    // Deriv drops sockets that stay silent; clients must ping to stay connected.
    this.idleTimer = setTimeout(() => this.ws.close(1000, 'idle timeout'), this.idleTimeoutMs);
    this.idleTimer.unref();
  }

  private send(message: Json): void {
    const text = JSON.stringify(message);
    const deliver = () => {
      if (this.ws.readyState === this.ws.OPEN) this.ws.send(text);
    };
    const delay = this.state.faults.delayMs;
    if (delay <= 0) return deliver();
    const timer = setTimeout(() => {
      this.pending.delete(timer);
      deliver();
    }, delay);
    this.pending.add(timer);
  }

  private envelope(request: Json, msgType: string): Json {
    const out: Json = { echo_req: sanitizedEcho(request), msg_type: msgType };
    if (Number.isInteger(request.req_id)) out.req_id = request.req_id;
    if (isPlainObject(request.passthrough)) out.passthrough = request.passthrough;
    return out;
  }

  private fail(request: Json, msgType: string, error: DerivError): void {
    this.send({ ...this.envelope(request, msgType), error });
  }

  private onFrame(data: unknown, isBinary: boolean): void {
    this.touch();
    let request: unknown;
    try {
      request = isBinary ? undefined : JSON.parse(String(data));
    } catch {
      request = undefined;
    }
    if (!isPlainObject(request)) {
      this.fail({}, 'error', { code: 'BadRequest', message: 'The request is not a valid JSON object.' });
      return;
    }
    this.record(this.connectionId, request);
    const call = callNames.find((name) => Object.hasOwn(request, name));
    if (!call) {
      this.fail(request, 'error', { code: 'UnrecognisedRequest', message: 'Unrecognised request' });
      return;
    }
    if (this.state.faults.rateLimit) {
      this.fail(request, call, { code: 'RateLimit', message: `You have reached the rate limit for ${call}.` });
      return;
    }
    const parsed = requestSchemas[call].safeParse(request);
    if (!parsed.success) {
      const { field, details } = validationDetails(parsed.error);
      this.fail(request, call, {
        code: 'InputValidationFailed',
        message: `Input validation failed: ${field}`,
        details,
      });
      return;
    }
    try {
      this.dispatch(call, parsed.data, request);
    } catch (e) {
      if (e instanceof CallError) this.fail(request, call, e.error);
      else
        this.fail(request, call, {
          code: 'InternalServerError',
          message: 'Sorry, an error occurred while processing your request.',
        });
    }
  }

  private dispatch(call: CallName, data: RequestOf<CallName>, request: Json): void {
    const reply = (body: Json) => this.send({ ...this.envelope(request, call), ...body });
    if (accountScoped.has(call) && !this.session) throw new CallError(errorFor.authRequired());
    const scopes = CALL_SCOPES[call];
    if (scopes) this.requireScopes(this.resolve(data as { loginid?: string }), scopes);
    switch (call) {
      case 'authorize':
        return reply({ authorize: this.authorize(data as RequestOf<'authorize'>) });
      case 'ping':
        return reply({ ping: 'pong' });
      case 'time':
        return reply({ time: Math.floor(Date.now() / 1000) });
      case 'website_status': {
        const body: Json = { website_status: websiteStatusBody(this.state.websiteStatus()) };
        if ((data as RequestOf<'website_status'>).subscribe === 1) {
          const id = randomUUID();
          this.subs.set(id, { kind: 'website_status', request });
          body.subscription = { id };
        }
        return reply(body);
      }
      case 'balance':
        return reply(this.balance(data as RequestOf<'balance'>, request));
      case 'forget':
        return reply({ forget: this.subs.delete((data as RequestOf<'forget'>).forget) ? 1 : 0 });
      case 'forget_all': {
        const raw = (data as RequestOf<'forget_all'>).forget_all;
        const types = new Set<string>(Array.isArray(raw) ? raw : [raw]);
        const ids = [...this.subs].filter(([, s]) => types.has(s.kind)).map(([id]) => id);
        for (const id of ids) this.subs.delete(id);
        return reply({ forget_all: ids });
      }
      case 'logout': {
        const target = this.resolve(data as RequestOf<'logout'>);
        // Deriv's logout revokes the account's OAuth tokens for this app; API tokens stay valid.
        if (target.ref.grant.kind === 'oauth') this.state.revokeOAuth(target.ref.account.loginid, this.appId);
        this.session = undefined;
        this.subs.clear();
        return reply({ logout: 1 });
      }
      case 'get_settings':
        return reply({ get_settings: settingsBody(this.resolve(data as RequestOf<'get_settings'>).ref) });
    }
  }

  private authorize(data: RequestOf<'authorize'>) {
    const extra = data.tokens ?? [];
    const tokens = data.authorize === 'MULTI' ? extra : [data.authorize, ...extra];
    if (tokens.length === 0) {
      throw new CallError({
        code: 'InputValidationFailed',
        message: 'Input validation failed: tokens',
        details: { tokens: 'At least one token is required with MULTI.' },
      });
    }
    const accounts = new Map<string, SessionAccount>();
    let user: DemoUser | undefined;
    for (const [index, token] of tokens.entries()) {
      const ref = this.state.tokenRecord(token);
      // Say which token failed (by position, never by value) so a client can keep the others.
      const where = tokens.length > 1 ? { tokens: `Token at position ${index} is invalid.` } : undefined;
      if (!ref) throw new CallError(errorFor.invalidToken(where));
      if (ref.grant.kind === 'oauth' && ref.grant.appId !== this.appId) {
        throw new CallError(errorFor.invalidToken(where, invalidForApp));
      }
      if (ref.account.is_disabled) {
        throw new CallError({
          code: 'DisabledClient',
          message: 'This account is unavailable.',
          ...(where ? { details: where } : {}),
        });
      }
      if (user && ref.user !== user) throw new CallError(errorFor.invalidToken(where));
      user = ref.user;
      accounts.set(ref.account.loginid, { ref, token });
    }
    const primary = accounts.values().next().value as SessionAccount;
    // A fresh authorize replaces the previous one; its subscriptions belonged to it.
    for (const [id, s] of this.subs) if (s.kind === 'balance') this.subs.delete(id);
    this.session = { primary, accounts, multi: tokens.length > 1 };
    return authorizeBody(primary.ref, this.state, primary.ref.grant.scopes);
  }

  /** The account a scoped call acts on: its `loginid`, or the only one authorized. */
  private resolve(data: { loginid?: string | undefined }): SessionAccount {
    const session = this.session;
    if (!session) throw new CallError(errorFor.authRequired());
    let target: SessionAccount | undefined;
    if (data.loginid !== undefined) {
      target = session.accounts.get(data.loginid.toUpperCase());
      if (!target) {
        throw new CallError({ code: 'PermissionDenied', message: 'The loginid is not authorized in this session.' });
      }
    } else if (session.multi) {
      throw new CallError({
        code: 'InputValidationFailed',
        message: 'Input validation failed: loginid',
        details: { loginid: 'Mandatory when multiple tokens were provided during authorize.' },
      });
    } else {
      target = session.primary;
    }
    if (this.state.isRevoked(target.token)) throw new CallError(errorFor.invalidToken());
    return target;
  }

  private requireScopes(target: SessionAccount, accepted: readonly ApiScope[]): void {
    if (accepted.some((scope) => target.ref.grant.scopes.includes(scope))) return;
    throw new CallError({
      code: 'PermissionDenied',
      message: `Permission denied, requires ${accepted.join(' or ')} scope${accepted.length > 1 ? 's' : ''}.`,
    });
  }

  private pushWebsiteStatus(): void {
    for (const [id, s] of this.subs) {
      if (s.kind !== 'website_status') continue;
      this.send({
        ...this.envelope(s.request, 'website_status'),
        website_status: websiteStatusBody(this.state.websiteStatus()),
        subscription: { id },
      });
    }
  }

  private balance(data: RequestOf<'balance'>, request: Json): Json {
    const current: AccountRef = this.resolve(data).ref;
    const account = data.account ?? 'current';
    let scope: 'one' | 'all' = 'one';
    let target = current;
    if (account === 'all') scope = 'all';
    else if (account !== 'current') {
      const other = this.state.account(account.toUpperCase());
      if (!other || other.user !== current.user) {
        throw new CallError({ code: 'PermissionDenied', message: 'You do not have access to this account.' });
      }
      target = other;
    }
    let id: string | undefined;
    if (data.subscribe === 1) {
      const key = scope === 'all' ? `all:${current.user.email}` : `one:${target.account.loginid}`;
      for (const s of this.subs.values()) {
        if (s.kind === 'balance' && `${s.scope === 'all' ? `all:${s.user.email}` : `one:${s.loginid}`}` === key) {
          throw new CallError({ code: 'AlreadySubscribed', message: 'You are already subscribed to balance.' });
        }
      }
      id = randomUUID();
      this.subs.set(id, { kind: 'balance', scope, loginid: target.account.loginid, user: current.user, request });
    }
    const balance = scope === 'all' ? balanceAll(target, this.state, id) : balanceOne(target, this.state, id);
    return id ? { balance, subscription: { id } } : { balance };
  }

  private pushBalance(loginid: string): void {
    const changed = this.state.account(loginid);
    if (!changed) return;
    for (const [id, s] of this.subs) {
      if (s.kind !== 'balance') continue;
      if (s.scope === 'one' && s.loginid === loginid) {
        this.send({
          ...this.envelope(s.request, 'balance'),
          balance: balanceOne(changed, this.state, id),
          subscription: { id },
        });
      } else if (s.scope === 'all' && changed.user === s.user) {
        this.send({
          ...this.envelope(s.request, 'balance'),
          balance: balanceAllUpdate(changed, this.state, id),
          subscription: { id },
        });
      }
    }
  }
}
