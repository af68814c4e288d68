import {
  DerivSession,
  type SessionAccount,
  type SessionSnapshot,
  type Timing,
} from '../../main/core/legacy-api/session';
import type { Logger } from '../../main/core/socket/ports';
import { type SandboxHandle, startSandbox } from '../../sandbox/index';

export type Sandbox = SandboxHandle;

export async function sandbox(): Promise<SandboxHandle> {
  return startSandbox({ port: 0, seed: 7 });
}

/** POST a fault to the sandbox's control endpoint. */
export async function fault(sb: SandboxHandle, name: string, body: Record<string, unknown> = {}): Promise<void> {
  const res = await fetch(`${sb.httpUrl}/__sandbox/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`sandbox control ${name} answered ${res.status}`);
}

/** Alice: several enabled accounts (real USD, real BTC, virtual USD) plus one disabled. */
export function aliceAccounts(sb: SandboxHandle, { includeDisabled = false } = {}): SessionAccount[] {
  const alice = sb.users[0]!;
  return alice.accounts
    .filter((a) => includeDisabled || a.is_disabled === 0)
    .map((a) => ({ accountId: a.loginid, token: a.token }));
}

/** Short timings: tests never wait for production periods. */
export const FAST: Partial<Timing> = {
  pingIntervalMs: 60_000,
  pongTimeoutMs: 2_000,
  requestTimeoutMs: 2_000,
  openTimeoutMs: 2_000,
  backoffBaseMs: 20,
  backoffCapMs: 200,
  rateLimitBackoffMs: 400,
};

export function makeSession(sb: SandboxHandle, timing: Partial<Timing> = {}, logger?: Logger): DerivSession {
  return new DerivSession({
    endpoint: { wsUrl: sb.wsUrl, appId: sb.appId, language: 'en' },
    timing: { ...FAST, ...timing },
    ...(logger ? { logger } : {}),
  });
}

/** Resolves with the first snapshot that satisfies `predicate` (the current one included). */
export function until(
  session: DerivSession,
  predicate: (s: SessionSnapshot) => boolean,
  what = 'condition',
  limitMs = 8_000,
): Promise<SessionSnapshot> {
  const now = session.snapshot();
  if (predicate(now)) return Promise.resolve(now);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`gave up waiting for ${what}; last state ${JSON.stringify(session.snapshot().connection)}`));
    }, limitMs);
    const off = session.onChange((s) => {
      if (!predicate(s)) return;
      clearTimeout(timer);
      off();
      resolve(s);
    });
  });
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function requestsOf(sb: SandboxHandle, call: string, since = 0) {
  return sb.received().filter((m) => m.at >= since && Object.hasOwn(m.request, call));
}

/** Wait until the sandbox has recorded `count` requests of `call` (a bounded poll, not a timing assertion). */
export async function untilReceived(sb: SandboxHandle, call: string, count: number, limitMs = 8_000): Promise<void> {
  const end = Date.now() + limitMs;
  while (requestsOf(sb, call).length < count) {
    if (Date.now() > end) throw new Error(`sandbox never received ${count} ${call} request(s)`);
    await sleep(5);
  }
}

/**
 * Waits until the session is quiet: a ping round trip (frames sent before it are on the wire), then
 * until the sandbox has received no new frame for `quietMs`. "Exactly once" counts are taken after
 * this, not at the instant the status turns online, so a duplicate sent a little later is counted.
 * A window of silence is the only way to observe that something did NOT happen; it bounds a wait,
 * it is not a timed assertion.
 */
export async function settle(sb: SandboxHandle, session: DerivSession, quietMs = 250, limitMs = 8_000): Promise<void> {
  if (session.snapshot().connection.status === 'online') await session.send({ ping: 1 }).catch(() => undefined);
  const end = Date.now() + limitMs;
  let count = sb.received().length;
  let quietSince = Date.now();
  while (Date.now() - quietSince < quietMs) {
    if (Date.now() > end) throw new Error(`the session never went quiet (${sb.received().length} frames)`);
    await sleep(10);
    const now = sb.received().length;
    if (now !== count) {
      count = now;
      quietSince = Date.now();
    }
  }
}

/** Requests of `call` per connection, for every connection that received anything since `since`. */
export function perConnection(sb: SandboxHandle, call: string, since: number): Map<number, number> {
  const counts = new Map<number, number>();
  for (const m of sb.received()) {
    if (m.at < since) continue;
    counts.set(m.connectionId, (counts.get(m.connectionId) ?? 0) + (Object.hasOwn(m.request, call) ? 1 : 0));
  }
  return counts;
}
