/**
 * Before/after on one machine at one time: the legacy login and the current API's warm switch of
 * this tree against another checkout of the project (e.g. `git worktree add /tmp/old d05ed35`,
 * with `node_modules` linked to this one's), interleaved round by round in one process so that
 * whatever else the machine does weighs on both alike. `npm run bench` compares each figure with a
 * raw client in the same run; this compares two versions of the app's own code, which a shared
 * machine's noise hides between separate runs.
 *
 *   npx tsx bench/compare/before-after.ts <other tree> [rounds=200]
 *
 * The other tree may predate the rename of `deriv/` to `legacy-api/` and of `loginid` to
 * `accountId` (issue 23); both shapes are handled. Each version talks to its own tree's sandbox.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

import { PUBLISHED_LIMITS } from '../../sandbox/current-api/rate-limits';

interface Snapshot {
  authorize: unknown;
  connection: { status: string };
  activeAccountId?: string | null;
  activeId?: string | null;
  balances: Record<string, unknown>;
}
interface Watched {
  snapshot(): Snapshot;
  onChange(listener: (s: Snapshot) => void): () => void;
}
interface LegacySession extends Watched {
  preconnect(): Promise<void>;
  start(accounts: object[]): Promise<unknown>;
  close(): Promise<void>;
}
interface CurrentSession extends Watched {
  start(accounts: object[], active?: string): Promise<unknown>;
  switchAccount(id: string): void;
  close(): Promise<void>;
}
interface Sandbox {
  wsUrl: string;
  appId: string;
  users: { accounts: { loginid: string; token: string; is_disabled: number }[] }[];
  newApi: {
    restUrl: string;
    issuer: string;
    tokenEndpoint: string;
    clientId: string;
    appId: string;
    users: { pat: string; accounts: { account_id: string; status: string }[] }[];
  };
  close(): Promise<void>;
}
type Ctor<T> = new (opts: object) => T;

interface Version {
  name: string;
  sandbox: Sandbox;
  Legacy: Ctor<LegacySession>;
  Current: Ctor<CurrentSession>;
  renamed: boolean;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const settle = () => new Promise<void>((r) => setTimeout(r, 5));

function until(s: Watched, predicate: (x: Snapshot) => boolean): Promise<void> {
  if (predicate(s.snapshot())) return Promise.resolve();
  return new Promise((done) => {
    const off = s.onChange((x) => {
      if (predicate(x)) {
        off();
        done();
      }
    });
  });
}

async function load(name: string, root: string): Promise<Version> {
  const at = (p: string) => import(pathToFileURL(join(root, p)).href) as Promise<Record<string, unknown>>;
  const renamed = existsSync(join(root, 'main/core/legacy-api/session.ts'));
  const legacy = await at(renamed ? 'main/core/legacy-api/session.ts' : 'main/core/deriv/session.ts');
  const current = await at('main/core/current-api/session.ts');
  const { startSandbox } = (await at('sandbox/index.ts')) as { startSandbox(o: object): Promise<Sandbox> };
  // Every rate budget out of the way, in either tree's names (before issue 26: one per token; after:
  // Deriv's published budgets, `sandbox/current-api/rate-limits.ts`); a tree ignores the other's.
  const unlimited = Object.fromEntries(
    ['restPerMinute', 'wsRequestsPerSecond', ...Object.keys(PUBLISHED_LIMITS)].map((k) => [k, 1_000_000]),
  );
  const sandbox = await startSandbox({ port: 0, seed: 11, currentApi: unlimited });
  return {
    name,
    sandbox,
    Legacy: legacy.DerivSession as Ctor<LegacySession>,
    Current: current.CurrentApiSession as Ctor<CurrentSession>,
    renamed,
  };
}

async function legacyLogin(v: Version, warm: boolean): Promise<number> {
  const sb = v.sandbox;
  const accounts = sb.users[0]!.accounts.filter((a) => a.is_disabled === 0).map((a) =>
    v.renamed ? { accountId: a.loginid, token: a.token } : { loginid: a.loginid, token: a.token },
  );
  const s = new v.Legacy({ endpoint: { wsUrl: sb.wsUrl, appId: sb.appId, language: 'en' } });
  if (warm) await s.preconnect();
  const t0 = performance.now();
  const authorized = until(s, (x) => x.authorize !== null);
  void s.start(accounts).catch(() => undefined);
  await authorized;
  const took = performance.now() - t0;
  await until(s, (x) => x.connection.status === 'online');
  await s.close();
  await settle();
  return took;
}

async function currentSession(v: Version): Promise<{ session: CurrentSession; ids: string[] }> {
  const api = v.sandbox.newApi;
  const user = api.users[0]!;
  const ids = user.accounts.filter((a) => a.status === 'active').map((a) => a.account_id);
  const credential = { kind: 'pat', token: user.pat, appId: api.appId };
  const timing = { restBudgetPerMinute: 1_000_000, listRefreshMs: 3_600_000, maxConnectsPerMinute: 1000 };
  const common = { restUrl: api.restUrl, clientId: api.clientId, poolSize: 3, timing };
  const session = v.renamed
    ? new v.Current({ ...common, authServerUrl: api.issuer })
    : new v.Current({ ...common, tokenEndpoint: api.tokenEndpoint });
  const logins = v.renamed ? [{ id: 'pat-login', credential, accountIds: ids }] : ids.map((id) => ({ id, credential }));
  await session.start(logins, ids[0]);
  for (const id of ids) await warmSwitch(session, id);
  return { session, ids };
}

async function warmSwitch(s: CurrentSession, id: string): Promise<number> {
  const t0 = performance.now();
  s.switchAccount(id);
  await until(
    s,
    (v) => (v.activeAccountId ?? v.activeId) === id && v.connection.status === 'online' && v.balances[id] !== undefined,
  );
  return performance.now() - t0;
}

async function main(): Promise<void> {
  const [other, roundsArg] = process.argv.slice(2);
  if (!other || !existsSync(join(other, 'main/core'))) {
    console.error('usage: npx tsx bench/compare/before-after.ts <other checkout of this project> [rounds]');
    process.exit(2);
  }
  const rounds = Number(roundsArg ?? 200);
  const versions = [await load('other', resolve(other)), await load('this', resolve('.'))];
  const results = new Map<string, number[]>();
  const add = (key: string, x: number) => results.set(key, [...(results.get(key) ?? []), x]);
  const currents = await Promise.all(versions.map((v) => currentSession(v)));
  for (let i = 0; i < rounds; i++) {
    const order = i % 2 === 0 ? [0, 1] : [1, 0]; // neither always goes first
    for (const k of order) {
      const v = versions[k]!;
      const keep = i >= 10; // the first rounds warm the JIT up on both sides
      for (const warm of [true, false]) {
        const took = await legacyLogin(v, warm);
        if (keep) add(`${v.name}: legacy login, ${warm ? 'pre-connected' : 'cold'}`, took);
      }
      const { session, ids } = currents[k]!;
      const took = await warmSwitch(session, ids[i % ids.length]!);
      if (keep) add(`${v.name}: current API warm switch`, took);
    }
  }
  console.log(`# before/after, ${rounds} interleaved rounds, node ${process.version}; medians`);
  for (const [key, xs] of [...results].sort()) console.log(`${key}: ${(median(xs) * 1000).toFixed(1)} µs`);
  for (const { session } of currents) await session.close();
  for (const v of versions) await v.sandbox.close();
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
