/**
 * The soak's invariant checks and its list of violations. A violation is described without any
 * secret: by the invariant, where, and what kind of secret (never its value, not even a prefix).
 */
import { readdirSync } from 'node:fs';

import type { SandboxHandle } from '../sandbox/index';
import { knownSecrets, scanForLeaks } from '../test/support/leak-scan';
import { type Core, type Held, heldOf } from './core';

export type Invariant = 'leak' | 'accounts' | 'refresh' | 'converge' | 'stuck' | 'flat';

/** Past this many violations the rest are counted, not described (one bug can repeat thousands of times). */
const MAX_DESCRIBED = 50;

export class Invariants {
  readonly violations: string[] = [];
  private count = 0;
  /** Everything the core received from its logins (kept across restarts: a later leak of an old token counts). */
  private readonly received = new Set<string>();
  private readonly reportedRefreshes = new Set<string>();
  private readonly seenLeaks = new Set<string>();
  /** What the leak scan has looked through, so a run shows that it scanned something. */
  readonly scanned = { states: 0, logs: 0, payloads: 0, files: 0, secrets: 0 };

  constructor(private readonly sandbox: SandboxHandle) {}

  violate(invariant: Invariant, what: string): void {
    this.count += 1;
    if (this.violations.length < MAX_DESCRIBED) this.violations.push(`${invariant}: ${what}`);
    else this.violations[MAX_DESCRIBED - 1] = `… and ${this.count - MAX_DESCRIBED + 1} more violations`;
  }

  private secrets() {
    const secrets = knownSecrets(this.sandbox, [...this.received]);
    this.scanned.secrets = secrets.length;
    return secrets;
  }

  /**
   * Takes (and empties) what a core published, answered and logged since the last drain, and
   * scans it for every known secret; checks that no state holds an account twice.
   */
  drain(core: Core): void {
    const { records } = core;
    for (const value of records.received.splice(0)) this.received.add(value);
    const states = records.states.splice(0);
    const sources = { states, logs: records.logs.splice(0), payloads: records.payloads.splice(0) };
    this.scanned.states += states.length;
    this.scanned.logs += sources.logs.length;
    this.scanned.payloads += sources.payloads.length;
    this.leaks(scanForLeaks(sources, this.secrets()));
    for (const state of [...states, core.state()]) {
      const ids = heldOf(state as ReturnType<Core['state']>).map((a) => a.id);
      const dup = ids.find((id, i) => ids.indexOf(id) !== i);
      if (dup) this.violate('accounts', `a published state holds ${dup} twice`);
    }
  }

  scanFiles(dirs: string[]): void {
    this.scanned.files += filesUnder(dirs);
    this.leaks(scanForLeaks({ dirs }, this.secrets()));
  }

  private leaks(found: ReturnType<typeof scanForLeaks>): void {
    for (const leak of found) {
      // "published state #12" → "published state": one description per kind of place and secret.
      const where = leak.where.replace(/ #\d+$/, '').replace(/^file .*\//, 'file ');
      const key = `${where}|${leak.kind}`;
      if (this.seenLeaks.has(key)) continue;
      this.seenLeaks.add(key);
      this.violate('leak', `a secret (${leak.kind}) in a ${where}`);
    }
  }

  /**
   * Across a restart: every account held before that the server had accepted (so the core had
   * stored it) is held after; nothing held after was not held before; no id twice. An account
   * signed in but never accepted is not stored by design (a login that never got through keeps
   * nothing) and may be gone.
   */
  sameAccounts(when: string, heldBefore: Held[], accepted: ReadonlySet<string>, after: string[]): void {
    const before = heldBefore.map((a) => a.id);
    const lost = heldBefore
      .filter((a) => accepted.has(a.id) && !after.includes(a.id))
      .map((a) => `${a.id} (${a.live ? 'live' : a.needsLogin ? `needed a login: ${a.reason}` : 'not live'})`);
    const added = after.filter((id) => !before.includes(id));
    const dup = after.filter((id, i) => after.indexOf(id) !== i);
    if (lost.length) this.violate('accounts', `${when}: lost ${lost.join(', ')}`);
    if (added.length) this.violate('accounts', `${when}: appeared ${added.join(', ')}`);
    if (dup.length) this.violate('accounts', `${when}: duplicated ${dup.join(', ')}`);
  }

  /** No refresh token presented twice at the token endpoint (the sandbox's record of refreshes). */
  refreshesOnce(): void {
    const seen = new Map<string, (string | null)[]>();
    for (const { token, error } of this.sandbox.newApiLog().refreshes)
      seen.set(token, [...(seen.get(token) ?? []), error]);
    let n = 0;
    for (const [token, answers] of seen) {
      n += 1;
      if (answers.length < 2 || this.reportedRefreshes.has(token)) continue;
      this.reportedRefreshes.add(token);
      const said = answers.map((e) => e ?? 'ok').join(', then ');
      this.violate(
        'refresh',
        `refresh token #${n} of the run was presented ${answers.length} times (answered ${said})`,
      );
    }
  }
}

function filesUnder(dirs: string[]): number {
  return dirs.reduce((n, dir) => {
    try {
      return n + readdirSync(dir, { recursive: true }).length;
    } catch {
      return n;
    }
  }, 0);
}
