/**
 * The current API's REST calls the session makes: the account list and the OTP for a socket.
 * Each answer is checked (zod) before use; every failure becomes a typed `RestError` that says
 * what to do with it (terminal, missing scope, rate limited, transient) and never carries the
 * credential, the OTP or the OTP URL.
 */
import { z } from 'zod';

import type { Credential } from '../backend/port';
import type { Clock } from '../deriv/ports';
import { ACCOUNT_ID_PATTERN } from '../model';
import { RestBudget } from './rest-budget';

export const ACCOUNTS_PATH = '/trading/v1/options/accounts';
/** The scope both calls need (docs: "Auth: required (scopes: trade)"). */
export const TRADE_SCOPE = 'trade';

export type RestFailureKind =
  /** 401: the credential is refused (unknown, expired, revoked, or a PAT without its app id). */
  | 'unauthorized'
  /** 403: valid credential without the scope `scope`. */
  | 'forbidden'
  /** 429 from the server, or the local budget is spent: retry after `retryAt`. */
  | 'rate_limited'
  /** Timeout, network failure, 5xx, malformed answer: the session stays, retry within a bound. */
  | 'transient'
  /** 400/404…: the request itself is refused (e.g. not this credential's account). */
  | 'rejected';

export class RestError extends Error {
  override readonly name = 'RestError';
  constructor(
    readonly kind: RestFailureKind,
    message: string,
    readonly status: number | null,
    readonly code: string | null,
    readonly retryAt: number | null = null,
    readonly scope: string | null = null,
  ) {
    super(message);
  }
}

const accountSchema = z.object({
  // The one account-id rule (IPC, vault, the login's list): an id breaking it never reaches a view.
  account_id: z.string().regex(ACCOUNT_ID_PATTERN),
  account_type: z.enum(['demo', 'real']),
  currency: z.string().max(20),
  balance: z.number().finite(),
  status: z.string().max(32),
  group: z.string().max(64),
});
export type ApiAccount = z.infer<typeof accountSchema>;
const accountsAnswer = z.object({ data: z.array(accountSchema), meta: z.unknown().optional() });
const otpAnswer = z.object({ data: z.object({ url: z.string().min(1).max(4096) }) });
const errorsAnswer = z.object({
  errors: z.array(z.object({ status: z.number().optional(), code: z.string().optional(), message: z.string() })),
});

export interface RestClientOptions {
  restUrl: string;
  clock: Clock;
  timeoutMs: number;
  /** Requests per token per rolling minute the client allows itself (Deriv: 60). */
  budgetPerMinute: number;
  fetch?: typeof fetch;
}

/** The bearer string of a credential; the one place it is read. */
export function bearerOf(credential: Credential): string {
  return credential.kind === 'oauth' ? credential.accessToken : credential.kind === 'pat' ? credential.token : '';
}

function headersOf(credential: Credential): Record<string, string> {
  const headers: Record<string, string> = {
    authorization: `Bearer ${bearerOf(credential)}`,
    accept: 'application/json',
  };
  if (credential.kind === 'pat') headers['deriv-app-id'] = credential.appId;
  return headers;
}

function isLoopbackHost(host: string): boolean {
  return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
}

/** An OTP URL must be a WebSocket URL: wss, or ws on this machine only (the sandbox). */
export function checkOtpUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new RestError('transient', 'The server sent an OTP that is not a URL.', 200, null);
  }
  if (url.protocol === 'wss:' || (url.protocol === 'ws:' && isLoopbackHost(url.hostname))) return value;
  throw new RestError('transient', 'The server sent an OTP URL that is not a secure WebSocket URL.', 200, null);
}

export class RestClient {
  private readonly budgets = new Map<string, RestBudget>();
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly opts: RestClientOptions) {
    this.fetchImpl = opts.fetch ?? fetch;
    new URL(opts.restUrl); // fail early on a bad endpoint
  }

  /** How many requests this credential may still make in the current minute. */
  remaining(credential: Credential): number {
    return this.budget(credential).remaining();
  }

  async listAccounts(credential: Credential): Promise<{ accounts: ApiAccount[]; raw: unknown }> {
    const body = await this.call(credential, 'GET', ACCOUNTS_PATH);
    const parsed = accountsAnswer.safeParse(body);
    if (!parsed.success) throw new RestError('transient', 'The account list answer is malformed.', 200, null);
    return { accounts: parsed.data.data, raw: body };
  }

  /** A one-time WebSocket URL for the account. The caller opens it once and forgets it. */
  async requestOtp(credential: Credential, accountId: string): Promise<string> {
    const body = await this.call(credential, 'POST', `${ACCOUNTS_PATH}/${encodeURIComponent(accountId)}/otp`);
    const parsed = otpAnswer.safeParse(body);
    if (!parsed.success) throw new RestError('transient', 'The OTP answer is malformed.', 200, null);
    return checkOtpUrl(parsed.data.data.url);
  }

  private budget(credential: Credential): RestBudget {
    const key = bearerOf(credential);
    let b = this.budgets.get(key);
    if (!b) {
      // Budgets are per token; old tokens' budgets go once they are unused for a minute.
      for (const [k, v] of this.budgets) if (v.idle()) this.budgets.delete(k);
      b = new RestBudget(this.opts.budgetPerMinute, this.opts.clock);
      this.budgets.set(key, b);
    }
    return b;
  }

  private async call(credential: Credential, method: 'GET' | 'POST', path: string): Promise<unknown> {
    const budget = this.budget(credential);
    const waitUntil = budget.take();
    if (waitUntil !== null)
      throw new RestError('rate_limited', 'The request budget of this credential is spent.', null, null, waitUntil);
    const controller = new AbortController();
    const timer = this.opts.clock.setTimeout(() => controller.abort(), this.opts.timeoutMs);
    let res: Response;
    let body: unknown;
    try {
      res = await this.fetchImpl(new URL(path, this.opts.restUrl), {
        method,
        headers: headersOf(credential),
        signal: controller.signal,
        redirect: 'error',
      });
      const text = await res.text();
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        body = null;
      }
    } catch (e) {
      const timedOut = controller.signal.aborted;
      throw new RestError(
        'transient',
        timedOut
          ? `No answer from the server within ${this.opts.timeoutMs} ms.`
          : `Network error: ${(e as Error).name}`,
        null,
        timedOut ? 'timeout' : 'network',
      );
    } finally {
      this.opts.clock.clearTimeout(timer);
    }
    if (res.ok) return body;
    const first = errorsAnswer.safeParse(body).data?.errors[0];
    const code = first?.code ?? null;
    const message = first?.message ?? `HTTP ${res.status}`;
    if (res.status === 401) throw new RestError('unauthorized', `The credential was refused: ${message}`, 401, code);
    if (res.status === 403)
      throw new RestError(
        'forbidden',
        `The credential lacks the "${TRADE_SCOPE}" scope.`,
        403,
        code,
        null,
        TRADE_SCOPE,
      );
    if (res.status === 429) {
      const after = Number(res.headers.get('retry-after'));
      const retryAt = this.opts.clock.now() + (Number.isFinite(after) && after > 0 ? after * 1000 : 60_000);
      budget.exhaustUntil(retryAt);
      throw new RestError('rate_limited', 'Too many requests; the server asks to wait.', 429, code, retryAt);
    }
    if (res.status >= 500 || res.status === 408)
      throw new RestError('transient', `Server error ${res.status}.`, res.status, code);
    throw new RestError('rejected', message, res.status, code);
  }
}
