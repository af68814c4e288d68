/**
 * Deriv's published rate limits for its current API, counted as the sandbox receives requests:
 * REST per source IP (a minute, ten minutes) and per logged-in user (a minute); socket calls by
 * group in a minute and an hour, `ping` apart at 10 a second per connection. Over a budget, REST
 * answers 429 with `Retry-After` in Deriv's `errors[]` + `meta` envelope and a socket call answers
 * Deriv's `RateLimit` error. What the page leaves unsaid is an option (`CurrentApiLimits`), its
 * default written in sandbox/README.md: whom the socket budgets count (`wsBudgetScope`), which
 * headers a REST answer carries (`rateLimitHeaders`), and that a refused request spends nothing.
 *
 * Every window is a sliding log read from an injected clock, so a test can move time instead of
 * waiting a minute.
 * @see https://developers.deriv.com/docs/limits (announced 14 Aug 2026; ../shared/deriv-new-api/UPDATES-2026.md §1)
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

import type { CurrentApiLimits } from './types';

/** The published numbers; the sandbox's defaults. */
export const PUBLISHED_LIMITS = {
  restPerIpPerMinute: 300,
  restPerIpPer10Minutes: 1_000,
  restPerUserPerMinute: 80,
  wsTradingPerMinute: 360,
  wsTradingPerHour: 14_400,
  wsAccountPerMinute: 100,
  wsAccountPerHour: 2_000,
  wsReportsPerMinute: 30,
  wsReportsPerHour: 1_500,
  wsGeneralPerMinute: 220,
  wsGeneralPerHour: 14_400,
  pingPerSecond: 10,
} as const satisfies Partial<CurrentApiLimits>;

export type WsGroup = 'trading' | 'account' | 'reports' | 'general';

/** Which calls share a budget; any call not named is `general` ("all other calls"). `ping` is in none. */
const GROUP_OF: Readonly<Record<string, WsGroup>> = {
  proposal: 'trading',
  proposal_open_contract: 'trading',
  buy: 'trading',
  sell: 'trading',
  balance: 'account',
  statement: 'account',
  portfolio: 'reports',
  profit_table: 'reports',
};

export function wsGroupOf(call: string): WsGroup {
  return GROUP_OF[call] ?? 'general';
}

type Limit = keyof typeof PUBLISHED_LIMITS;
type Scope = 'ip' | 'user' | 'socket';

interface Budget {
  /** Stable name, e.g. `rest.user.minute`, `ws.account.hour`, `ws.ping.second`. */
  name: string;
  scope: Scope;
  windowMs: number;
  limit: Limit;
}

const MINUTE = 60_000;
const REST_IP: Budget[] = [
  { name: 'rest.ip.minute', scope: 'ip', windowMs: MINUTE, limit: 'restPerIpPerMinute' },
  { name: 'rest.ip.10minutes', scope: 'ip', windowMs: 10 * MINUTE, limit: 'restPerIpPer10Minutes' },
];
const REST_USER: Budget[] = [
  { name: 'rest.user.minute', scope: 'user', windowMs: MINUTE, limit: 'restPerUserPerMinute' },
];
const WS_GROUP: Record<WsGroup, Budget[]> = {
  trading: wsBudgets('trading', 'wsTradingPerMinute', 'wsTradingPerHour'),
  account: wsBudgets('account', 'wsAccountPerMinute', 'wsAccountPerHour'),
  reports: wsBudgets('reports', 'wsReportsPerMinute', 'wsReportsPerHour'),
  general: wsBudgets('general', 'wsGeneralPerMinute', 'wsGeneralPerHour'),
};
const PING: Budget = { name: 'ws.ping.second', scope: 'socket', windowMs: 1_000, limit: 'pingPerSecond' };

function wsBudgets(group: WsGroup, perMinute: Limit, perHour: Limit): Budget[] {
  return [
    { name: `ws.${group}.minute`, scope: 'socket', windowMs: MINUTE, limit: perMinute },
    { name: `ws.${group}.hour`, scope: 'socket', windowMs: 60 * MINUTE, limit: perHour },
  ];
}

export const ALL_BUDGETS: readonly Budget[] = [...REST_IP, ...REST_USER, ...Object.values(WS_GROUP).flat(), PING];

export type Spent = { ok: true } | { ok: false; budget: string; limit: number; windowMs: number; retryAfterMs: number };

/** What the sandbox counted for one budget, across every key (IP, user, account or connection). */
export interface BudgetUsage {
  name: string;
  /** Who it counts: REST by `ip` or `user`; sockets as `wsBudgetScope` says (`ping`: per connection). */
  countedPer: string;
  windowMs: number;
  limit: number;
  /** The most requests any one key had admitted within one window, at any time. */
  peak: number;
  /** Requests refused because this budget was spent. */
  refused: number;
}

/** One socket's identity for counting: its connection, and the account and user of its OTP (none on the public socket). */
export interface SocketKey {
  connectionId: number;
  accountId: string | null;
  user: string | null;
}

export class RateLimiter {
  /** Admitted requests' times per budget and key, oldest first. */
  private readonly logs = new Map<string, number[]>();
  private readonly stats = new Map<string, { peak: number; refused: number }>();

  constructor(
    private readonly limits: CurrentApiLimits,
    readonly now: () => number,
  ) {}

  /** One REST request: its IP's budgets, and its user's when the bearer names one (all or nothing). */
  spendRest(ip: string, user: string | null): Spent {
    return this.spend([
      ...REST_IP.map((budget) => ({ budget, key: ip })),
      ...(user === null ? [] : REST_USER.map((budget) => ({ budget, key: user }))),
    ]);
  }

  /** One socket call: `ping` in its connection's per-second budget, any other in its group's. */
  spendWs(call: string, socket: SocketKey): Spent {
    if (call === 'ping') return this.spend([{ budget: PING, key: `c${socket.connectionId}` }]);
    const key = this.socketKey(socket);
    return this.spend(WS_GROUP[wsGroupOf(call)].map((budget) => ({ budget, key })));
  }

  /**
   * The tightest REST budget for these keys, for the optional `RateLimit-*` headers (IETF
   * draft-ietf-httpapi-ratelimit-headers): limit, what is left, seconds until a slot frees.
   */
  restHeaders(ip: string, user: string | null): Record<string, string> {
    const entries = [
      ...REST_IP.map((budget) => ({ budget, key: ip })),
      ...(user === null ? [] : REST_USER.map((budget) => ({ budget, key: user }))),
    ];
    const now = this.now();
    let best: { limit: number; remaining: number; resetMs: number } | null = null;
    for (const { budget, key } of entries) {
      const log = this.window(budget, key, now);
      const limit = this.limits[budget.limit];
      const remaining = Math.max(0, limit - log.length);
      const resetMs = log.length === 0 ? 0 : log[0]! + budget.windowMs - now;
      if (best === null || remaining < best.remaining) best = { limit, remaining, resetMs };
    }
    if (best === null) return {};
    return {
      'ratelimit-limit': String(best.limit),
      'ratelimit-remaining': String(best.remaining),
      'ratelimit-reset': String(Math.ceil(best.resetMs / 1000)),
    };
  }

  usage(): BudgetUsage[] {
    return ALL_BUDGETS.map((b) => ({
      name: b.name,
      countedPer: b.scope === 'socket' ? (b === PING ? 'connection' : this.limits.wsBudgetScope) : b.scope,
      windowMs: b.windowMs,
      limit: this.limits[b.limit],
      peak: this.stats.get(b.name)?.peak ?? 0,
      refused: this.stats.get(b.name)?.refused ?? 0,
    }));
  }

  /** Forgets every count (a test's fresh start; `POST /__sandbox/current/rate-reset`). */
  reset(): void {
    this.logs.clear();
    this.stats.clear();
  }

  private socketKey(s: SocketKey): string {
    // The public socket has no account or user: its calls count per connection whatever the scope.
    switch (this.limits.wsBudgetScope) {
      case 'account':
        return s.accountId === null ? `c${s.connectionId}` : `a${s.accountId}`;
      case 'user':
        return s.user === null ? `c${s.connectionId}` : `u${s.user}`;
      case 'connection':
        return `c${s.connectionId}`;
    }
  }

  private window(budget: Budget, key: string, now: number): number[] {
    const id = `${budget.name}\0${key}`;
    let log = this.logs.get(id);
    if (!log) this.logs.set(id, (log = []));
    let drop = 0;
    while (drop < log.length && log[drop]! <= now - budget.windowMs) drop++;
    if (drop > 0) log.splice(0, drop);
    return log;
  }

  private stat(name: string): { peak: number; refused: number } {
    let s = this.stats.get(name);
    if (!s) this.stats.set(name, (s = { peak: 0, refused: 0 }));
    return s;
  }

  /** Admits the request in every budget or in none; a refused request spends nothing. */
  private spend(entries: { budget: Budget; key: string }[]): Spent {
    const now = this.now();
    const logs = entries.map(({ budget, key }) => this.window(budget, key, now));
    for (let i = 0; i < entries.length; i++) {
      const { budget } = entries[i]!;
      const log = logs[i]!;
      const limit = this.limits[budget.limit];
      if (log.length >= limit) {
        this.stat(budget.name).refused++;
        // The window frees a slot when its oldest admitted requests leave it (a limit lowered at run
        // time may need several to leave).
        const retryAfterMs =
          limit <= 0 || log.length === 0 ? budget.windowMs : log[log.length - limit]! + budget.windowMs - now;
        return { ok: false, budget: budget.name, limit, windowMs: budget.windowMs, retryAfterMs };
      }
    }
    for (let i = 0; i < entries.length; i++) {
      const log = logs[i]!;
      log.push(now);
      const s = this.stat(entries[i]!.budget.name);
      s.peak = Math.max(s.peak, log.length);
    }
    this.prune(now);
    return { ok: true };
  }

  private lastPrune = 0;

  /** Drops empty logs now and then, so keys seen once (connections, IPs) do not pile up. */
  private prune(now: number): void {
    if (now - this.lastPrune < MINUTE) return;
    this.lastPrune = now;
    const longest = new Map(ALL_BUDGETS.map((b) => [b.name, b.windowMs]));
    for (const [id, log] of this.logs) {
      const windowMs = longest.get(id.slice(0, id.indexOf('\0'))) ?? 0;
      if (log.length === 0 || log[log.length - 1]! <= now - windowMs) this.logs.delete(id);
    }
  }
}

/** Words of a refusal naming the budget, e.g. "80 requests per minute per user". */
export function describeBudget(spent: Extract<Spent, { ok: false }>): string {
  const per = spent.budget.startsWith('rest.ip')
    ? 'per IP address'
    : spent.budget.startsWith('rest.user')
      ? 'per user'
      : spent.budget === PING.name
        ? 'per connection'
        : `for ${spent.budget.split('.')[1]} calls`;
  const window =
    spent.windowMs === 1_000
      ? 'second'
      : spent.windowMs === MINUTE
        ? 'minute'
        : spent.windowMs === 60 * MINUTE
          ? 'hour'
          : `${spent.windowMs / MINUTE} minutes`;
  return `${spent.limit} requests per ${window} ${per}`;
}

/**
 * The REST gate, before any route of the current API's REST host (`/trading/…`): every request
 * counts against its source IP and, when its bearer names a user, against that user. Over a budget
 * it answers 429 `RateLimit` with `Retry-After` (whole seconds, at least 1) in Deriv's envelope and
 * returns false; otherwise true (and, with `rateLimitHeaders`, the answer carries `RateLimit-*`).
 */
export async function admitRest(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  deps: {
    limiter: RateLimiter;
    limits: CurrentApiLimits;
    /** The user the request's bearer names (a live PAT or access token), else null. */
    userOf(bearer: string): Promise<string | null>;
    /** The route's record of a refused request (account lists, OTP requests). */
    onRefused(path: string, status: number): void;
  },
): Promise<boolean> {
  const started = Date.now();
  const ip = req.socket.remoteAddress ?? 'unknown';
  const bearer = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
  const user = bearer === undefined ? null : await deps.userOf(bearer);
  const spent = deps.limiter.spendRest(ip, user);
  if (deps.limits.rateLimitHeaders)
    for (const [k, v] of Object.entries(deps.limiter.restHeaders(ip, user))) res.setHeader(k, v);
  if (spent.ok) return true;
  deps.onRefused(url.pathname, 429);
  const body = {
    errors: [{ status: 429, code: 'RateLimit', message: `Rate limit exceeded: ${describeBudget(spent)}` }],
    meta: { endpoint: url.pathname, method: req.method ?? 'GET', timing: Date.now() - started },
  };
  res.writeHead(429, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'retry-after': String(Math.max(1, Math.ceil(spent.retryAfterMs / 1000))),
  });
  res.end(JSON.stringify(body));
  return false;
}
