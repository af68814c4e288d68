/**
 * The chaos soak: two real cores (one on the legacy v3 API, one on the current API), each on its
 * own store folder, against the in-process sandbox over loopback sockets, driven at random (seeded)
 * through the command table, the sandbox's fault API and the OS-signals port, and restarted on the
 * same store, while the invariants below are checked all along.
 *
 * Invariants (a breach is a violation; the run exits non-zero):
 * - leak: no secret the sandbox minted or the core received (tokens, refresh tokens, codes, PATs,
 *   OTPs and OTP URLs) in any published AppState, command answer, log line, or file of the store
 *   folder (which holds them only sealed). Drained and scanned about every second; files at every
 *   restart and at the end.
 * - accounts: the ids held just after a restart are exactly those held just before it (none lost,
 *   none added), and no published state holds an id twice. A revocation does not remove an
 *   account (it shows "log in again"); only the soak's own `logout` removes one, never across a restart.
 * - refresh: no refresh token is presented twice at the current API's token endpoint (they rotate).
 * - converge: once faults stop, within CONVERGE_BOUND_MS, every account is live (authorized, no
 *   login needed, a balance shown) unless the soak legitimately revoked its credential (then it
 *   may need a login); the connection is `online` unless every account needs a login.
 * - stuck: no command goes unanswered for COMMAND_BOUND_MS.
 * - flat: with every core closed and after a settle + GC, open sockets (sandbox side and core
 *   side), file descriptors and timers are back to their count before the first core started, and
 *   the heap within HEAP_TOLERANCE_BYTES of it.
 */
import { rmSync } from 'node:fs';

import { ManualOsSignals, type OsSignal } from '../main/core/net/os-signals';
import { type SandboxHandle, startSandbox } from '../sandbox/index';
import { seededRandom } from '../sandbox/users';
import { makeTempDir } from '../test/support/temp-dir';
import { control } from './control';
import { type Api, commands, type Core, startCore } from './core';
import { Invariants } from './invariants';
import { type Probe, probe } from './probes';

/**
 * Why 75 s: after a storm of drops the longest wait either API's reconnect policy may impose is the
 * per-minute connect cap (at most 10 attempts in any 60 s, main/core/socket/machine.ts; a wake or
 * "online" signal never brings it forward), which can hold the next attempt for up to 60 s after
 * the faults stop; the backoff cap (30 s) fits inside it. Then a handshake and authorize round (a
 * few seconds on loopback at most): 15 s above the cap's window leaves room without hiding a core
 * that never comes back. (Seed 2026, one minute: 56.6 s, the cap's wait.)
 */
export const CONVERGE_BOUND_MS = 75_000;
/** A login through the form "window" has its own 20 s timeout; three times that is a hang. */
export const COMMAND_BOUND_MS = 60_000;
/**
 * Heap growth allowed with every core closed: what the sandbox keeps by design while it runs (its
 * records of messages and grants, capped at 20,000 entries each; the OAuth server's grants until
 * they expire; every secret it minted, for the scan) and the soak's list of secrets. A 10-minute
 * run keeps about 5 MiB of these (BENCHMARKS.md, "Chaos soak"); more than three times that is
 * growth those records cannot explain.
 */
export const HEAP_TOLERANCE_BYTES = 16 * 1024 * 1024;

export type Plant = 'leak' | 'lose-account';

export interface SoakOptions {
  minutes: number;
  seed: number;
  /** Breaks one invariant on purpose: only the soak's own test passes this (never the CLI). */
  plant?: Plant;
  /** Progress lines (the CLI prints them); silent when absent. */
  log?: (line: string) => void;
}

export interface SoakResult {
  line: string;
  violations: string[];
  faults: number;
  restarts: number;
  switches: number;
  /** Logins made again during the chaos, by kind: how many were tried and how many took. */
  relogins: Record<string, { tried: number; ok: number }>;
  start: Probe;
  end: Probe;
  scanned: Invariants['scanned'];
  exitCode: number;
}

interface Lane {
  api: Api;
  dir: string;
  os: ManualOsSignals;
  core: Core;
  user: { email: string; password: string };
  /** Accounts whose credential the soak revoked: they may legitimately need a login. */
  revoked: Set<string>;
  /** The PAT this lane last signed in with (current API), to revoke it. */
  pat: string | null;
  /**
   * Accounts the server has accepted since they were signed in (seen authorized in a published
   * state): the core stores a login's accounts only then, so only these must survive a restart.
   */
  accepted: Set<string>;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function runSoak(opts: SoakOptions): Promise<SoakResult> {
  const log = opts.log ?? (() => undefined);
  // The sandbox's own seeded PRNG (mulberry32): the same seed picks the same faults.
  const random = seededRandom(opts.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const between = (lo: number, hi: number) => Math.round(lo + random() * (hi - lo));

  const sandbox: SandboxHandle = await startSandbox({ port: 0, seed: opts.seed });
  const port = Number(new URL(sandbox.httpUrl).port);
  const inv = new Invariants(sandbox);
  const legacyUser = sandbox.users.find((u) => u.accounts.length > 1 && u.apiTokens.length > 0)!;
  // The API tokens of the user's accounts that can be opened: a token of a disabled account makes
  // the whole pasted batch fail (the app says which), so a relogin with it would never succeed.
  const openableTokens = legacyUser.apiTokens
    .filter((t) => legacyUser.accounts.some((a) => a.loginid === t.loginid && a.is_disabled === 0))
    .map((t) => t.token);
  const currentUser = sandbox.newApi.users.find((u) => u.accounts.length > 1)!;
  const lanes: Lane[] = [];
  let faults = 0;
  let restarts = 0;
  let switches = 0;
  const relogins: SoakResult['relogins'] = {};
  let planted = false;

  /** Runs a command; a failure is an answer (faults make logins fail), a hang is a violation. */
  const send = async (what: string, run: () => unknown): Promise<boolean> => {
    let timer: NodeJS.Timeout | undefined;
    const hang = new Promise<'hang'>((r) => (timer = setTimeout(() => r('hang'), COMMAND_BOUND_MS)));
    try {
      const out = await Promise.race([
        Promise.resolve()
          .then(run)
          .then(() => 'ok' as const),
        hang,
      ]);
      if (out === 'hang') inv.violate('stuck', `${what} unanswered after ${COMMAND_BOUND_MS / 1000} s`);
      return out === 'ok';
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  };

  const newLane = async (api: Api): Promise<Lane> => {
    const dir = makeTempDir(`soak-${api}-`);
    const user =
      api === 'legacy'
        ? { email: legacyUser.email, password: legacyUser.password }
        : { email: currentUser.email, password: currentUser.password };
    const os = new ManualOsSignals(true);
    const core = await startCore({ sandbox, api, dir, os, user: () => user });
    const lane: Lane = { api, dir, os, core, user, revoked: new Set(), pat: null, accepted: new Set() };
    await send(`${api} first login`, () => commands.oauth(core));
    return lane;
  };

  const allLive = (lane: Lane) => {
    const held = lane.core.held();
    return held.length > 0 && held.every((a) => a.live) && lane.core.state().connection.status === 'online';
  };
  const waitUntil = async (cond: () => boolean, ms: number): Promise<boolean> => {
    const deadline = Date.now() + ms;
    while (!cond()) {
      if (Date.now() > deadline) return false;
      await sleep(100);
    }
    return true;
  };

  /** Notes which accounts the server accepted (every state published since the last drain), then drains. */
  const drain = (lane: Lane) => {
    for (const state of [...lane.core.records.states, lane.core.state()] as ReturnType<Core['state']>[]) {
      for (const a of lane.core.held(state)) if (a.authorized) lane.accepted.add(a.id);
    }
    const held = new Set(lane.core.held().map((a) => a.id));
    for (const id of lane.accepted) if (!held.has(id)) lane.accepted.delete(id);
    inv.drain(lane.core);
  };

  const closeLane = async (lane: Lane) => {
    await lane.core.close();
    drain(lane);
    inv.scanFiles([lane.dir]);
  };

  const restart = async (lane: Lane) => {
    drain(lane);
    const before = lane.core.held();
    await closeLane(lane);
    lane.core = await startCore({ sandbox, api: lane.api, dir: lane.dir, os: lane.os, user: () => lane.user });
    restarts += 1;
    const victim = before.find((a) => lane.accepted.has(a.id));
    if (opts.plant === 'lose-account' && !planted && victim && before.length > 1) {
      planted = true;
      await send('planted logout', () => commands.logout(lane.core, victim.id));
    }
    const after = lane.core.held().map((a) => a.id);
    inv.sameAccounts(`${lane.api} restart #${restarts}`, before, lane.accepted, after);
    // What the core restored is stored, accepted or not.
    lane.accepted = new Set(after);
  };

  // Warm-up lap: both cores sign in once and close, so that every module the run needs is loaded
  // before the baseline is taken (lazy imports would otherwise read as heap growth).
  for (const api of ['legacy', 'current'] as const) {
    const lane = await newLane(api);
    await waitUntil(() => allLive(lane), 20_000);
    await closeLane(lane);
    rmSync(lane.dir, { recursive: true, force: true });
  }
  await settle(port, null);
  const start = probe(port);
  log(
    `baseline: heap ${kib(start.heapBytes)} KiB, sockets ${start.sandboxSockets}/${start.clientSockets}, fds ${start.fds}`,
  );

  for (const api of ['legacy', 'current'] as const) lanes.push(await newLane(api));
  for (const lane of lanes) {
    if (!(await waitUntil(() => allLive(lane), 30_000)))
      inv.violate('converge', `${lane.api}: not live after the first login`);
  }

  // Faults that last a while are undone by the loop when due (no stray timer outlives the run).
  const undo: { at: number; run: () => Promise<unknown> }[] = [];
  const later = (ms: number, run: () => Promise<unknown>) => undo.push({ at: Date.now() + ms, run });
  const runDue = async (all: boolean) => {
    const now = Date.now();
    for (const u of undo.filter((x) => all || x.at <= now)) {
      undo.splice(undo.indexOf(u), 1);
      await u.run().catch(() => undefined);
    }
  };
  const fault = async (path: string, body: Record<string, unknown> = {}) => {
    faults += 1;
    await control(sandbox.httpUrl, path, body).catch(() => undefined);
  };
  const signal = (lane: Lane, s: OsSignal) => {
    faults += 1;
    lane.os.emit(s);
  };

  const legacyFaults: ((lane: Lane) => Promise<void>)[] = [
    () => fault('drop'),
    () => fault('garbage'),
    async () => {
      await fault('refuse', { on: true });
      later(between(500, 4000), () => control(sandbox.httpUrl, 'refuse', { on: false }));
    },
    async () => {
      await fault('ratelimit', { on: true });
      later(between(500, 3000), () => control(sandbox.httpUrl, 'ratelimit', { on: false }));
    },
    async () => {
      await fault('delay', { ms: between(100, 1500) });
      later(between(1000, 5000), () => control(sandbox.httpUrl, 'delay', { ms: 0 }));
    },
    async () => {
      await fault('status', { site_status: pick(['down', 'updating'] as const) });
      later(between(1000, 5000), () => control(sandbox.httpUrl, 'status', { site_status: 'up' }));
    },
    async (lane) => {
      const target = lane.core.held().filter((a) => !a.needsLogin);
      if (!target.length) return;
      const id = pick(target).id;
      lane.revoked.add(id);
      await fault('revoke', { loginid: id });
    },
  ];
  const currentFaults: ((lane: Lane) => Promise<void>)[] = [
    () => fault('current/drop'),
    () => fault('current/expire-tokens'),
    async () => {
      await fault('current/otp-fail', { on: true });
      later(between(500, 4000), () => control(sandbox.httpUrl, 'current/otp-fail', { on: false }));
    },
    async () => {
      // 429s from REST (RateLimit) for a while: a tiny per-minute budget, then the default again.
      await fault('current/limits', { restPerUserPerMinute: 2 });
      later(between(1000, 6000), () => control(sandbox.httpUrl, 'current/limits', { restPerUserPerMinute: 80 }));
    },
    async () => {
      // Upgrades refused with 429 past one socket per user, for a while.
      await fault('current/limits', { socketsPerUser: 1 });
      later(between(1000, 5000), () => control(sandbox.httpUrl, 'current/limits', { socketsPerUser: 5 }));
    },
    async (lane) => {
      // Revoke what the lane is signed in with: its PAT, or its OAuth grant (by its newest refresh token).
      const secret =
        lane.pat ??
        sandbox
          .secrets()
          .filter((s) => s.kind === 'refresh_token')
          .at(-1)?.value;
      if (!secret) return;
      for (const a of lane.core.held()) lane.revoked.add(a.id);
      await fault('current/revoke', { token: secret });
    },
  ];
  const osFaults: ((lane: Lane) => Promise<void>)[] = [
    async (lane) => {
      signal(lane, 'suspend');
      later(between(300, 3000), async () => lane.os.emit('resume'));
    },
    async (lane) => {
      signal(lane, 'offline');
      later(between(300, 5000), async () => lane.os.emit('online'));
    },
    async (lane) => signal(lane, 'unlock'),
  ];

  const relogin = async (lane: Lane) => {
    let kind: string;
    let ok: boolean;
    if (lane.api === 'legacy') {
      kind = random() < 0.5 ? 'legacy OAuth login' : 'legacy API-token login';
      ok = await send(kind, () =>
        kind === 'legacy OAuth login' ? commands.oauth(lane.core) : commands.apiTokens(lane.core, openableTokens),
      );
    } else if (random() < 0.5) {
      lane.pat = null;
      kind = 'current OAuth login';
      ok = await send(kind, () => commands.oauth(lane.core));
    } else {
      const pat = sandbox.mintNewApiPat(currentUser.email);
      kind = 'current PAT login';
      ok = await send(kind, () => commands.pat(lane.core, pat, sandbox.newApi.appId));
      if (ok) lane.pat = pat;
    }
    // A login the app refused replaced no credential: the accounts still "live" on their old, revoked one
    // only until their next authorize, so nothing revoked is forgiven.
    if (ok && lane.core.state().login.status === 'failed') ok = false;
    const tally = (relogins[kind] ??= { tried: 0, ok: 0 });
    tally.tried += 1;
    if (ok) tally.ok += 1;
    if (ok) {
      await waitUntil(() => allLive(lane), 3_000);
      for (const a of lane.core.held()) if (a.live) lane.revoked.delete(a.id);
    }
  };

  const actions: { weight: number; run: (lane: Lane) => Promise<void> }[] = [
    { weight: 6, run: (lane) => pick(lane.api === 'legacy' ? legacyFaults : currentFaults)(lane) },
    { weight: 3, run: (lane) => pick(osFaults)(lane) },
    {
      weight: 3,
      run: async (lane) => {
        const held = lane.core.held();
        if (!held.length) return;
        switches += 1;
        await send(`${lane.api} switch`, () => commands.switchTo(lane.core, pick(held).id));
      },
    },
    { weight: 1, run: restart },
    { weight: 1.2, run: relogin },
    {
      weight: 0.3,
      run: async (lane) => {
        const held = lane.core.held();
        if (held.length < 2) return;
        await send(`${lane.api} logout of one account`, () => commands.logout(lane.core, pick(held).id));
      },
    },
  ];
  const totalWeight = actions.reduce((s, a) => s + a.weight, 0);

  const chaosEnd = Date.now() + opts.minutes * 60_000;
  let lastCheck = 0;
  while (Date.now() < chaosEnd) {
    await runDue(false);
    const lane = pick(lanes);
    let roll = random() * totalWeight;
    const action = actions.find((a) => (roll -= a.weight) < 0) ?? actions[0]!;
    // A planted lost account acts at a restart: the first step is one.
    await (opts.plant === 'lose-account' && !planted ? restart(lane) : action.run(lane));
    if (opts.plant === 'leak' && !planted) {
      planted = true;
      const secret = sandbox.secrets().at(-1)!.value;
      lane.core.records.logs.push({ level: 'debug', message: 'planted', fields: { value: secret } });
    }
    if (Date.now() - lastCheck > 1000) {
      lastCheck = Date.now();
      for (const l of lanes) drain(l);
      inv.refreshesOnce();
    }
    await sleep(between(100, 900));
  }

  // Faults stop: every pending undo now, the sandbox reset, the network back, the machine awake.
  await runDue(true);
  await control(sandbox.httpUrl, 'reset');
  await control(sandbox.httpUrl, 'current/otp-fail', { on: false });
  await control(sandbox.httpUrl, 'current/limits', { restPerUserPerMinute: 80, socketsPerUser: 5 });
  for (const lane of lanes) {
    lane.os.emit('online');
    lane.os.emit('resume');
  }
  log(`chaos over: ${faults} faults, ${restarts} restarts; waiting for every core to converge`);
  const converged = (lane: Lane) => {
    const held = lane.core.held();
    const excused = (a: (typeof held)[number]) => a.needsLogin && lane.revoked.has(a.id);
    const allExcused = held.every(excused);
    return held.every((a) => a.live || excused(a)) && (allExcused || lane.core.state().connection.status === 'online');
  };
  const convergedIn = Date.now();
  await waitUntil(() => lanes.every(converged), CONVERGE_BOUND_MS);
  for (const lane of lanes) {
    if (!converged(lane)) {
      const s = lane.core.state();
      const stuck = lane.core
        .held()
        .filter((a) => !a.live)
        .map((a) => `${a.id}${a.needsLogin ? ` needs login (${a.reason})` : ' not live'}`);
      inv.violate(
        'converge',
        `${lane.api}: not converged ${CONVERGE_BOUND_MS / 1000} s after faults stopped: connection ${s.connection.status}; ${stuck.join(', ') || 'no account'}`,
      );
    }
  }
  log(`converged in ${((Date.now() - convergedIn) / 1000).toFixed(1)} s`);
  const { scanned } = inv;
  log(
    `leak scan: ${scanned.states} states, ${scanned.payloads} command payloads, ${scanned.logs} log lines, ` +
      `${scanned.files} store files, against ${scanned.secrets} secrets`,
  );

  for (const lane of lanes) await closeLane(lane);
  inv.refreshesOnce();
  await settle(port, start);
  const end = probe(port);
  for (const lane of lanes) rmSync(lane.dir, { recursive: true, force: true });
  await sandbox.close();

  const heapDelta = end.heapBytes - start.heapBytes;
  if (heapDelta > HEAP_TOLERANCE_BYTES) inv.violate('flat', `heap grew by ${kib(heapDelta)} KiB`);
  if (end.sandboxSockets !== start.sandboxSockets)
    inv.violate('flat', `sandbox-side sockets ${start.sandboxSockets} → ${end.sandboxSockets}`);
  if (end.clientSockets !== start.clientSockets)
    inv.violate('flat', `core-side sockets ${start.clientSockets} → ${end.clientSockets}`);
  if (end.fds !== start.fds) inv.violate('flat', `file descriptors ${start.fds} → ${end.fds}`);
  if (end.timers > start.timers) inv.violate('flat', `timers ${start.timers} → ${end.timers}`);

  const sockets = end.sandboxSockets + end.clientSockets - start.sandboxSockets - start.clientSockets;
  const line =
    `soak: ${opts.minutes} min, ${faults} faults, ${restarts} restarts, ${switches} switches, ` +
    `${inv.violations.length} violations, heap ${signed(kib(heapDelta))} KiB, sockets ${signed(sockets)}, ` +
    `fds ${signed(end.fds - start.fds)}`;
  return {
    line,
    violations: [...inv.violations],
    faults,
    restarts,
    switches,
    relogins,
    start,
    end,
    scanned: { ...inv.scanned },
    exitCode: inv.violations.length ? 1 : 0,
  };
}

/** Waits for idle keep-alive sockets to close (the core's REST client keeps them ~5 s), up to 20 s. */
async function settle(port: number, target: Probe | null): Promise<void> {
  const deadline = Date.now() + 20_000;
  await sleep(1000);
  while (Date.now() < deadline) {
    const p = probe(port);
    const quiet = target
      ? p.sandboxSockets <= target.sandboxSockets && p.clientSockets <= target.clientSockets
      : p.sandboxSockets === 0 && p.clientSockets === 0;
    if (quiet) break;
    await sleep(500);
  }
}

const kib = (bytes: number) => Math.round(bytes / 1024);
const signed = (n: number) => (n >= 0 ? `+${n}` : `${n}`);
