/**
 * The app against Deriv's published limits: one current-API session as shipped (default timing,
 * the largest warm pool) holding 8 accounts of one user, through a flapping network (every socket
 * dropped, the network gone and back, the machine waking, the trader switching among the 8) for an
 * hour, while the sandbox enforces the published budgets and counts what it receives. Each row is
 * the most requests the sandbox admitted within one window of that budget (for its busiest IP,
 * user, account or connection), as a ratio to the budget, and fails on any refusal.
 *
 * Time runs `scale` times faster than the wall clock for both sides (the session's clock and the
 * sandbox's rate clock are the same scaled clock): an hour takes a minute. Loopback round trips are
 * stretched by the same factor, which only slows the app down; the budgets' windows are exact.
 * `BENCH_LIMITS_MINUTES` and `BENCH_LIMITS_SCALE` change the run.
 * @see https://developers.deriv.com/docs/limits
 */
import { performance } from 'node:perf_hooks';

import { CurrentApiSession } from '../main/core/current-api/session';
import type { Clock } from '../main/core/socket/ports';
import { startSandbox } from '../sandbox/index';
import { seededRandom } from '../sandbox/users';

interface Row {
  name: string;
  value: string;
  target?: string;
  pass?: boolean;
}

const ACCOUNTS = 8;
const WORDS: Record<string, string> = {
  'rest.ip.minute': 'REST per IP, 1 minute',
  'rest.ip.10minutes': 'REST per IP, 10 minutes',
  'rest.user.minute': 'REST per user, 1 minute',
  'ws.trading.minute': 'socket proposal/buy/sell group, 1 minute',
  'ws.trading.hour': 'socket proposal/buy/sell group, 1 hour',
  'ws.account.minute': 'socket balance/statement group, 1 minute',
  'ws.account.hour': 'socket balance/statement group, 1 hour',
  'ws.reports.minute': 'socket portfolio/profit_table group, 1 minute',
  'ws.reports.hour': 'socket portfolio/profit_table group, 1 hour',
  'ws.general.minute': 'socket other calls, 1 minute',
  'ws.general.hour': 'socket other calls, 1 hour',
  'ws.ping.second': 'ping per connection, 1 second',
};

/** Virtual time running `scale` times faster than the wall clock, from now. */
function scaledClock(scale: number): Clock {
  const start = Date.now();
  const real = performance.now();
  return {
    now: () => start + (performance.now() - real) * scale,
    setTimeout: (fn, ms) => {
      const t = setTimeout(fn, Math.max(0, ms / scale));
      t.unref?.();
      return t;
    },
    clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
  };
}

export async function run(): Promise<{ title: string; rows: Row[]; notes: string[] }> {
  const minutes = Number(process.env.BENCH_LIMITS_MINUTES ?? 60);
  const scale = Number(process.env.BENCH_LIMITS_SCALE ?? 60);
  const clock = scaledClock(scale);
  const random = seededRandom(2026);
  const between = (lo: number, hi: number) => lo + random() * (hi - lo);
  // Per user is the strictest reading of the socket budgets (Deriv does not say whom they count).
  const sb = await startSandbox({
    seed: 1,
    currentApi: { now: () => clock.now(), extraAccounts: ACCOUNTS - 3, wsBudgetScope: 'user' },
  });
  const control = (name: string, body: unknown = {}) =>
    fetch(`${sb.httpUrl}/__sandbox/current/${name}`, { method: 'POST', body: JSON.stringify(body) }).then((r) =>
      r.arrayBuffer(),
    );
  const user = sb.newApi.users[0]!;
  const ids = user.accounts.filter((a) => a.status === 'active').map((a) => a.account_id);
  if (ids.length !== ACCOUNTS) throw new Error(`expected ${ACCOUNTS} accounts, got ${ids.length}`);
  const session = new CurrentApiSession({
    restUrl: sb.newApi.restUrl,
    authServerUrl: sb.newApi.issuer,
    clientId: sb.newApi.clientId,
    poolSize: 5,
    clock,
    random,
  });
  const counts = { drops: 0, offline: 0, wakes: 0, switches: 0 };
  const rows: Row[] = [];
  try {
    await session.start([
      { id: 'pat', credential: { kind: 'pat', token: user.pat, appId: sb.newApi.appId }, accountIds: ids },
    ]);
    const end = clock.now() + minutes * 60_000;
    const wait = (virtualMs: number) => new Promise<void>((r) => clock.setTimeout(r, virtualMs));
    // The network flaps: something every 1–4 virtual seconds, mostly every socket dropped (each
    // reconnects at once through a fresh OTP), sometimes the network gone for a few seconds.
    while (clock.now() < end) {
      const roll = random();
      if (roll < 0.6) {
        counts.drops++;
        await control('drop');
      } else if (roll < 0.7) {
        counts.offline++;
        session.osSignal('offline');
        await wait(between(1_000, 5_000));
        session.osSignal('online');
      } else if (roll < 0.8) {
        counts.wakes++;
        session.osSignal('resume');
      } else {
        counts.switches++;
        session.switchAccount(ids[Math.floor(random() * ids.length)]!);
      }
      await wait(between(1_000, 4_000));
    }
    const log = sb.newApiLog();
    const opened = log.upgrades.filter((u) => u.status === 101).length;
    for (const b of sb.newApiRates()) {
      const ratio = b.peak / b.limit;
      rows.push({
        name: `${WORDS[b.name] ?? b.name} (per ${b.countedPer}, Deriv ${b.limit})`,
        value: `${b.peak} at most in one window = ${ratio.toFixed(3)} of the budget; ${b.refused} refused`,
        target: '≤ 1.0, none refused',
        pass: b.peak <= b.limit && b.refused === 0,
      });
    }
    rows.push({
      name: 'the flapping (context, not a budget)',
      value:
        `${minutes} virtual minutes: ${counts.drops} drops of every socket, ${counts.offline} network losses, ` +
        `${counts.wakes} wakes, ${counts.switches} switches; ${log.otpRequests.length} OTP requests, ` +
        `${log.accountLists.length} account lists, ${opened} sockets opened`,
    });
  } finally {
    await session.close();
    await sb.close();
  }
  return {
    title: `Deriv's published limits: the app with ${ACCOUNTS} accounts through a flapping network (bench/limits.ts)`,
    rows,
    notes: [
      `Virtual time ×${scale} for the session and the sandbox's counting (${minutes} virtual minutes); loopback round trips are stretched by the same factor.`,
      'One user, one PAT login, 8 active accounts, a warm pool of 5 (the most the app keeps), default timing: what ships.',
      'The sandbox counts socket budgets per user here (the strictest reading; its default is per account); ping per connection as published.',
      'A row is the busiest key’s most admitted requests within any one window of the budget; a refusal would mean the app went over.',
    ],
  };
}
