/**
 * Deriv session benchmarks against the in-process sandbox. Every figure is a ratio (or a size)
 * measured in one run on this machine, so it says something on any machine.
 */
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import WebSocket from 'ws';

import { DerivSession, type SessionAccount, type SessionSnapshot } from '../main/core/legacy-api/session';
import type { SocketFactory } from '../main/core/socket/ports';
import { type SandboxHandle, startSandbox } from '../sandbox/index';

export interface BenchRow {
  name: string;
  value: string;
  target?: string;
  pass?: boolean;
}
export interface BenchSection {
  title: string;
  rows: BenchRow[];
  notes: string[];
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};
const ms = (x: number) => `${x.toFixed(3)} ms`;
/** Let the previous iteration's socket teardown finish before timing the next one. */
const settle = () => new Promise<void>((r) => setTimeout(r, 5));

/** A minimal `ws` client: the baseline the session is compared against. */
class RawClient {
  private next = 1;
  private readonly waiting = new Map<number, (m: Record<string, unknown>) => void>();
  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data: WebSocket.RawData) => {
      const m = JSON.parse(String(data)) as Record<string, unknown>;
      const cb = this.waiting.get(m.req_id as number);
      if (cb) {
        this.waiting.delete(m.req_id as number);
        cb(m);
      }
    });
  }
  static open(url: string): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { perMessageDeflate: false });
      ws.once('open', () => resolve(new RawClient(ws)));
      ws.once('error', reject);
    });
  }
  call(req: Record<string, unknown>): Promise<Record<string, unknown>> {
    const req_id = this.next++;
    return new Promise((resolve) => {
      this.waiting.set(req_id, resolve);
      this.ws.send(JSON.stringify({ ...req, req_id }));
    });
  }
  close(): void {
    this.ws.terminate();
  }
}

function socketUrl(sb: SandboxHandle): string {
  return `${sb.wsUrl}?app_id=${sb.appId}&l=EN&brand=deriv`;
}

function until(session: DerivSession, predicate: (s: SessionSnapshot) => boolean): Promise<SessionSnapshot> {
  if (predicate(session.snapshot())) return Promise.resolve(session.snapshot());
  return new Promise((resolve) => {
    const off = session.onChange((s) => {
      if (predicate(s)) {
        off();
        resolve(s);
      }
    });
  });
}

function getGc(): (() => void) | null {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing) return existing;
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return null;
  }
}

async function control(sb: SandboxHandle, name: string, body: object = {}): Promise<void> {
  await fetch(`${sb.httpUrl}/__sandbox/${name}`, { method: 'POST', body: JSON.stringify(body) });
}

/**
 * The session's own CPU cost for a login, with an in-memory socket that answers in a microtask:
 * no network, no event-loop turn, so what remains is validation, framing, matching and the snapshot.
 */
async function loginCpuFloor(accounts: SessionAccount[], authorizeAnswer: string): Promise<number> {
  const factory: SocketFactory = (_url, h) => {
    setImmediate(() => h.onOpen());
    return {
      send: (d) => {
        const req = JSON.parse(d) as { req_id: number; authorize?: string; ping?: number };
        const body = req.authorize ? authorizeAnswer : '{"ping":"pong","msg_type":"ping"';
        const frame = `${body.slice(0, -1)},"req_id":${req.req_id}}`;
        queueMicrotask(() => h.onMessage(req.authorize ? frame : `${body},"req_id":${req.req_id}}`));
      },
      close: () => undefined,
      terminate: () => undefined,
    };
  };
  const xs: number[] = [];
  for (let i = 0; i < 1000; i++) {
    const s = new DerivSession({
      endpoint: { wsUrl: 'ws://127.0.0.1:9/none', appId: '1', language: 'en' },
      createSocket: factory,
    });
    await s.preconnect();
    const t = performance.now();
    const authorized = until(s, (x) => x.authorize !== null);
    void s.start(accounts).catch(() => undefined);
    await authorized;
    if (i >= 100) xs.push(performance.now() - t);
    await s.close();
  }
  return median(xs);
}

export async function run(): Promise<BenchSection> {
  const sb = await startSandbox({ port: 0, seed: 11 });
  const rows: BenchRow[] = [];
  const notes: string[] = [];
  const endpoint = { wsUrl: sb.wsUrl, appId: sb.appId, language: 'en' as const };
  const accounts: SessionAccount[] = sb.users[0]!.accounts.filter((a) => a.is_disabled === 0).map((a) => ({
    accountId: a.loginid,
    token: a.token,
  }));
  const authorizeReq = { authorize: accounts[0]!.token, tokens: accounts.slice(1).map((a) => a.token) };
  const N = 40;
  try {
    // ── baselines: a minimal ws client ──
    const raw = await RawClient.open(socketUrl(sb));
    for (let i = 0; i < 10; i++) await raw.call(authorizeReq); // warm up
    const rawAuth: number[] = [];
    const rawPing: number[] = [];
    const reauthSwitch: number[] = [];
    for (let i = 0; i < N; i++) {
      let t = performance.now();
      await raw.call(authorizeReq);
      rawAuth.push(performance.now() - t);
      t = performance.now();
      await raw.call({ ping: 1 });
      rawPing.push(performance.now() - t);
      // What Deriv's web app does to switch: drop the streams, authorize the other account's token.
      const target = accounts[(i % (accounts.length - 1)) + 1]!;
      t = performance.now();
      await raw.call({ forget_all: 'balance' });
      await raw.call({ authorize: target.token });
      reauthSwitch.push(performance.now() - t);
    }
    const answer = await raw.call(authorizeReq);
    raw.close();
    const authorizeAnswer = JSON.stringify({ authorize: answer.authorize, echo_req: {}, msg_type: 'authorize' });
    // ── login: start() → authorize in the snapshot, interleaved with the raw client in the same
    // socket state (pre-connected and pinged once, as the session's warm socket; or cold) ──
    const rawFreshAuth: number[] = [];
    const rawConnectAuth: number[] = [];
    const loginWarm: number[] = [];
    const loginCold: number[] = [];
    for (let i = 0; i < N + 5; i++) {
      const keep = i >= 5; // first rounds warm up the JIT on both sides
      const fresh = await RawClient.open(socketUrl(sb));
      await fresh.call({ ping: 1 });
      let t = performance.now();
      await fresh.call(authorizeReq);
      if (keep) rawFreshAuth.push(performance.now() - t);
      fresh.close();
      await settle();
      t = performance.now();
      const cold = await RawClient.open(socketUrl(sb));
      await cold.call(authorizeReq);
      if (keep) rawConnectAuth.push(performance.now() - t);
      cold.close();
      await settle();
      for (const warm of [true, false]) {
        const s = new DerivSession({ endpoint });
        if (warm) await s.preconnect(); // done while the login window is open
        const t0 = performance.now();
        const authorized = until(s, (x) => x.authorize !== null);
        void s.start(accounts).catch(() => undefined);
        await authorized;
        if (keep) (warm ? loginWarm : loginCold).push(performance.now() - t0);
        await until(s, (x) => x.connection.status === 'online');
        await s.close();
        await settle();
      }
    }
    const loginRatio = median(loginWarm) / median(rawFreshAuth);
    rows.push({
      name: 'login (pre-connected): start → authorize in snapshot / raw authorize round trip on a socket in the same state (opened, one ping)',
      value: `${loginRatio.toFixed(2)}  (${ms(median(loginWarm))} / ${ms(median(rawFreshAuth))})`,
      target: '≤ 1.2',
      pass: loginRatio <= 1.2,
    });
    const hotRatio = median(loginWarm) / median(rawAuth);
    rows.push({
      name: 'login (pre-connected) / raw authorize repeated on a long-lived hot socket (stricter baseline)',
      value: `${hotRatio.toFixed(2)}  (${ms(median(loginWarm))} / ${ms(median(rawAuth))}); gap to the same-state raw client ${ms(median(loginWarm) - median(rawFreshAuth))}`,
    });
    const coldRatio = median(loginCold) / median(rawConnectAuth);
    rows.push({
      name: 'login (cold, no pre-connect): start → authorize in snapshot / raw connect + authorize',
      value: `${coldRatio.toFixed(2)}  (${ms(median(loginCold))} / ${ms(median(rawConnectAuth))})`,
      target: '≤ 1.2',
      pass: coldRatio <= 1.2,
    });

    // ── the same login ratio with 20 ms of server latency (the sandbox's delay fault applies to
    // every answer, raw and session alike): what the ratio looks like off loopback ──
    await control(sb, 'delay', { ms: 20 });
    const rawDelayed: number[] = [];
    const loginDelayed: number[] = [];
    for (let i = 0; i < 15; i++) {
      const fresh = await RawClient.open(socketUrl(sb));
      await fresh.call({ ping: 1 });
      const t = performance.now();
      await fresh.call(authorizeReq);
      rawDelayed.push(performance.now() - t);
      fresh.close();
      const s = new DerivSession({ endpoint });
      await s.preconnect();
      const t0 = performance.now();
      const authorized = until(s, (x) => x.authorize !== null);
      void s.start(accounts).catch(() => undefined);
      await authorized;
      loginDelayed.push(performance.now() - t0);
      await until(s, (x) => x.connection.status === 'online');
      await s.close();
    }
    await control(sb, 'delay', { ms: 0 });
    const delayedRatio = median(loginDelayed) / median(rawDelayed);
    rows.push({
      name: 'login (pre-connected) with 20 ms injected server latency / raw authorize round trip, same latency',
      value: `${delayedRatio.toFixed(3)}  (${ms(median(loginDelayed))} / ${ms(median(rawDelayed))})`,
      target: '≤ 1.2',
      pass: delayedRatio <= 1.2,
    });
    const floor = await loginCpuFloor(accounts, authorizeAnswer);
    rows.push({
      name: "login: the session's own CPU cost (in-memory socket answering in a microtask, same authorize answer)",
      value: ms(floor),
    });
    notes.push(
      "Login on loopback: the round trip is ~0.25 ms, so a fixed gap of ~0.1–0.2 ms (of which the session's own CPU is the in-memory row; the rest is event-loop scheduling of the session's promise chain and listeners) dominates the ratio; with real network latency the ratio is ~1.0 (see the 20 ms row).",
    );

    // ── switch: switchAccount → new account and its balance in the snapshot ──
    const s = new DerivSession({ endpoint });
    await s.start(accounts);
    const switches: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const target = accounts[i % accounts.length]!.accountId;
      if (s.snapshot().activeAccountId === target) continue;
      const t = performance.now();
      s.switchAccount(target);
      const snap = s.snapshot();
      if (snap.activeAccountId !== target || typeof snap.balances[target] !== 'number')
        throw new Error('switch incomplete');
      switches.push(performance.now() - t);
    }
    const switchRatio = median(switches) / median(rawPing);
    rows.push({
      name: 'switch: switchAccount → account + balance in snapshot / raw ping round trip',
      value: `${switchRatio.toFixed(4)}  (${ms(median(switches))} / ${ms(median(rawPing))})`,
      target: '≤ 1.0',
      pass: switchRatio <= 1,
    });
    rows.push({
      name: 're-authorize switch (forget_all + authorize, raw socket), for comparison',
      value: `${ms(median(reauthSwitch))} = ${(median(reauthSwitch) / median(rawPing)).toFixed(2)} ping round trips, ${(median(reauthSwitch) / median(switches)).toFixed(0)}× the local switch`,
    });

    // ── recovery: sandbox drops every socket → re-authorized with the balance stream restored ──
    // Each drop hits a connection that has been healthy (the backoff starts afresh, as after any
    // real outage); back-to-back drops are a storm, which the session slows down on purpose.
    await s.close(); // the drops would reach it too; it is started again for the memory figures
    const r = new DerivSession({ endpoint, timing: { healthyAfterMs: 100, maxConnectsPerMinute: 1000 } });
    await r.start(accounts);
    const recoveries: number[] = [];
    for (let i = 0; i < 15; i++) {
      await new Promise((done) => setTimeout(done, 150)); // healthy again
      let sawReconnecting = false;
      const off = r.onChange((x) => {
        if (x.connection.status === 'reconnecting') sawReconnecting = true;
      });
      const t = performance.now();
      await control(sb, 'drop');
      // The session marks itself online only once authorize and the balance subscription answered.
      await until(r, (x) => sawReconnecting && x.connection.status === 'online');
      recoveries.push(performance.now() - t);
      off();
    }
    await r.close();
    await s.start(accounts);
    rows.push({
      name: 'recovery: drop of a healthy connection → re-authorized + balance subscription restored (median of 15; default backoff, healthy after 100 ms, no per-minute cap)',
      value: `${ms(median(recoveries))} (max ${ms(Math.max(...recoveries))})`,
      target: '< 1000 ms',
      pass: Math.max(...recoveries) < 1000,
    });
    notes.push(
      'Recovery includes the first backoff wait, drawn from [125, 250] ms by the default policy (base 250 ms, equal jitter). The backoff restarts only after a connection stayed healthy (default: one ping interval), and at most 10 connection attempts fit in a minute, so drops in quick succession are slowed down on purpose (a reconnect storm).',
    );

    // ── memory: 100,000 balance updates through the session ──
    const gc = getGc();
    const target = accounts[1]!.accountId;
    let value = 1;
    const pump = async (count: number) => {
      for (let done = 0; done < count; done += 1000) {
        for (let k = 0; k < 1000; k++) sb.setBalance(target, (value = (value % 100_000) + 1));
        const expected = String(value);
        await until(s, (x) => x.balances[target] === expected);
      }
    };
    await pump(10_000); // warm-up: JIT, buffers
    gc?.();
    gc?.();
    const before = process.memoryUsage().heapUsed;
    let notifications = 0;
    const off = s.onChange(() => notifications++);
    const t = performance.now();
    await pump(100_000);
    const elapsed = performance.now() - t;
    off();
    gc?.();
    gc?.();
    const after = process.memoryUsage().heapUsed;
    rows.push({
      name: 'memory: heap growth over 100,000 balance updates (after GC)',
      value: `${((after - before) / 1024).toFixed(1)} KiB (heap ${(before / 1048576).toFixed(1)} → ${(after / 1048576).toFixed(1)} MiB); ${notifications} snapshots, ${((100_000 / elapsed) * 1000).toFixed(0)} updates/s`,
      target: 'no growth beyond noise',
      pass: after - before < 1024 * 1024,
    });
    if (!gc) notes.push('global.gc was not available: heap figures are without a forced collection.');
    await s.close();
  } finally {
    await sb.close();
  }
  return { title: 'Deriv session (bench/session.ts)', rows, notes };
}
