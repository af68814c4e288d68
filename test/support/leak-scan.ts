/**
 * The one leak scan of the suite. It looks for EVERY secret the sandbox recorded where it minted
 * it (`SecretLog`: legacy tokens, API tokens, OIDC codes, access and refresh tokens, PATs, OTPs)
 * plus every secret the app received or sent (login outcomes, `authorize` frames), in everything
 * that leaves main or outlives it: the renderer's DOM, every payload across the DesktopApi, every
 * published AppState, the log lines, and every file in the app's data folder.
 *
 * A scan that knows no secret, or cannot see the sources it is given, passes while everything
 * leaks; `expectNoLeaks` therefore first plants a real secret in a scratch copy of a state and
 * checks that the scan finds it (the control), then scans the real sources.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { expect } from 'vitest';

import type { SandboxHandle } from '../../sandbox/index';
import type { SecretEntry, SecretKind } from '../../sandbox/secrets';

export type LeakKind = SecretKind | 'received';

export interface Secret {
  kind: LeakKind;
  value: string;
}

/** Where the scan looks. Each field is optional: a journey has a DOM, a controller test has none. */
export interface LeakSources {
  /** The renderer's DOM (serialised, plus live form values). */
  dom?: string;
  /** Every payload that crossed the DesktopApi, both ways. */
  payloads?: readonly unknown[];
  /** Every AppState main published. */
  states?: readonly unknown[];
  /** Every log line the core wrote (text or structured lines, serialised). */
  logs?: readonly unknown[];
  /** Folders on disk: every file in them (recursively) is read. */
  dirs?: readonly string[];
}

export interface Leak {
  where: string;
  kind: LeakKind;
  /** The secret's first characters only: a report must not spread the secret further. */
  secret: string;
}

/** Short strings are not worth scanning for (they would match by chance). */
const MIN_SECRET_LENGTH = 8;

/** Every secret the sandbox recorded, plus what the app received or sent (deduplicated). */
export function knownSecrets(sandbox: SandboxHandle, received: readonly string[] = []): Secret[] {
  const out = new Map<string, LeakKind>();
  for (const entry of sandbox.secrets() as SecretEntry[]) out.set(entry.value, entry.kind);
  for (const value of [...received, ...sentToServer(sandbox)]) {
    if (value.length >= MIN_SECRET_LENGTH && !out.has(value)) out.set(value, 'received');
  }
  return [...out].map(([value, kind]) => ({ kind, value }));
}

/** Tokens the core sent to the sandbox's API (`authorize`, and the extra `tokens` of a multi-account authorize). */
function sentToServer(sandbox: SandboxHandle): string[] {
  return sandbox.received().flatMap(({ request }) => {
    const out: string[] = [];
    if (typeof request.authorize === 'string' && request.authorize !== 'MULTI') out.push(request.authorize);
    if (Array.isArray(request.tokens)) out.push(...request.tokens.filter((t): t is string => typeof t === 'string'));
    return out;
  });
}

/**
 * The secret-looking strings of a value the app received (a login outcome, a credential): every
 * string under a key that names a token, a secret, a PAT or an OTP.
 */
export function secretStringsOf(value: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown, key: string): void => {
    if (typeof v === 'string') {
      if (/token|secret|^pat$|^otp/i.test(key) && v.length >= MIN_SECRET_LENGTH) out.push(v);
    } else if (Array.isArray(v)) v.forEach((item) => walk(item, key));
    else if (v && typeof v === 'object') for (const [k, item] of Object.entries(v)) walk(item, k);
  };
  walk(value, '');
  return out;
}

function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return String(value);
  }
}

function filesUnder(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return []; // never created (nothing was stored) or already removed
  }
  return names.flatMap((name) => {
    const path = join(dir, name);
    try {
      return statSync(path).isDirectory() ? filesUnder(path) : [path];
    } catch {
      return []; // removed between the listing and the stat (an atomic write's temp file)
    }
  });
}

/** Every (source, secret) pair where the secret appears. Files are read as bytes (latin1), whatever they hold. */
export function scanForLeaks(sources: LeakSources, secrets: readonly Secret[]): Leak[] {
  const haystacks: { where: string; text: string }[] = [];
  if (sources.dom !== undefined) haystacks.push({ where: 'DOM', text: sources.dom });
  sources.payloads?.forEach((p, i) => haystacks.push({ where: `DesktopApi payload #${i}`, text: textOf(p) }));
  sources.states?.forEach((s, i) => haystacks.push({ where: `published state #${i}`, text: textOf(s) }));
  sources.logs?.forEach((line, i) => haystacks.push({ where: `log line #${i}`, text: textOf(line) }));
  for (const dir of sources.dirs ?? []) {
    for (const file of filesUnder(dir)) {
      let text = '';
      try {
        text = readFileSync(file).toString('latin1');
      } catch {
        continue;
      }
      haystacks.push({ where: `file ${file}`, text });
    }
  }
  const leaks: Leak[] = [];
  for (const { where, text } of haystacks) {
    for (const { kind, value } of secrets) {
      if (text.includes(value)) leaks.push({ where, kind, secret: `${value.slice(0, 4)}…` });
    }
  }
  return leaks;
}

/**
 * Asserts that no known secret appears in `sources`, after a control proving that the scan would
 * see one: a real secret planted in a scratch state is found. `minSecrets` is how many secrets
 * the test must at least know (0 for a test that never logged in).
 */
export function expectNoLeaks(sources: LeakSources, secrets: readonly Secret[], minSecrets = 0): void {
  expect(secrets.length, 'secrets known to the leak scan').toBeGreaterThanOrEqual(minSecrets);
  const planted = secrets[0] ?? { kind: 'received' as const, value: 'planted-control-secret-0123456789' };
  const scratch = { notices: [{ id: 'control', level: 'info', code: 'control', message: `x${planted.value}x` }] };
  expect(
    scanForLeaks({ states: [scratch] }, secrets.length ? secrets : [planted]).map((l) => l.where),
    'control: a secret planted in a scratch state is found',
  ).toEqual(['published state #0']);
  expect(scanForLeaks(sources, secrets), 'secrets leaked').toEqual([]);
}
