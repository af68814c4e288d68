/**
 * The move of the trader's legacy accounts to Deriv's current platform, in one place. While legacy
 * accounts are held on this computer and a current-API login is open, that login asks Deriv's
 * migration status (served `no-store`: asked again, never cached) and, once complete, where each
 * legacy loginid went. `pending` is asked again every `pollMs`; a failure after a growing wait (a
 * 429 not before its time). It stops when the answer is settled (complete, failed, not
 * applicable), when the server refuses the question, or when the login, the legacy accounts or the
 * current API go away; a new login asks afresh.
 * @see https://developers.deriv.com/docs/options-legacy/ ("Workflow": status first, then accounts)
 */
import { BackendError } from '../backend/port';
import type { Grant } from '../grant';
import type { DerivApi, LegacyMigrationFacts, MigrationView } from '../model';
import { type Clock, systemClock } from '../socket/ports';
import type { Held } from './grants';

export interface MigrationTiming {
  /** How often a `pending` status is asked again. */
  pollMs: number;
  /** The first wait after a failed ask; it doubles up to `pollMs` × 5. */
  retryMs: number;
}

export const DEFAULT_MIGRATION_TIMING: MigrationTiming = { pollMs: 30_000, retryMs: 5_000 };

export interface MigrationHost {
  /** The current-API login to ask with (none: nothing to ask): its id and accounts. */
  login(): { id: string; accountIds: readonly string[] } | null;
  /** One of these accounts open now (the login works), if any. */
  openAccount(accountIds: readonly string[]): string | null;
  ask(accountId: string): Promise<LegacyMigrationFacts>;
  changed(): void;
}

export class MigrationWatch {
  /** Deriv's last answer for the watched login; null until it answers. */
  facts: LegacyMigrationFacts | null = null;
  private loginId: string | null = null;
  private run = 0;
  private busy = false;
  private done = false;
  private failures = 0;
  private timer: unknown = null;

  constructor(
    private readonly host: MigrationHost,
    private readonly timing: MigrationTiming = DEFAULT_MIGRATION_TIMING,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Follows the held logins and the view: starts, asks when due and the login is open, or stops. */
  sync(): void {
    const login = this.host.login();
    if ((login?.id ?? null) !== this.loginId) {
      this.stop();
      this.loginId = login?.id ?? null;
    }
    if (!login || this.done || this.busy || this.timer !== null) return;
    const accountId = this.host.openAccount(login.accountIds);
    if (accountId !== null) this.ask(accountId);
  }

  stop(): void {
    this.run += 1;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.busy = this.done = false;
    this.failures = 0;
    this.loginId = null;
    if (this.facts !== null) {
      this.facts = null;
      this.host.changed();
    }
  }

  private ask(accountId: string): void {
    const run = this.run;
    this.busy = true;
    this.host.ask(accountId).then(
      (facts) => {
        if (run !== this.run) return;
        this.busy = false;
        this.failures = 0;
        this.facts = facts;
        if (facts.status === 'pending') this.later(this.timing.pollMs);
        else this.done = true;
        this.host.changed();
      },
      (error: unknown) => {
        if (run !== this.run) return;
        this.busy = false;
        if (error instanceof BackendError && error.code === 'invalid_request') {
          this.done = true; // refused or not understood: asking again will not help
          return;
        }
        const backoff = Math.min(this.timing.retryMs * 2 ** this.failures++, this.timing.pollMs * 5);
        const retryAt = error instanceof BackendError ? (error.retryAt ?? 0) : 0;
        this.later(Math.max(backoff, retryAt - this.clock.now()));
      },
    );
  }

  private later(ms: number): void {
    const run = this.run;
    this.timer = this.clock.setTimeout(() => {
      if (run !== this.run) return;
      this.timer = null;
      this.sync();
    }, ms);
  }
}

/**
 * The login to ask with: the newest current-API login with a usable secret, while the settings
 * speak the current API and legacy accounts are held here; otherwise none (nothing is asked).
 */
export function migrationLogin(held: Held, api: DerivApi): Grant | null {
  if (api !== 'current' || !held.accounts.some((a) => a.api === 'legacy')) return null;
  return held.grants.findLast((g) => g.api === 'current' && g.credential !== null) ?? null;
}

/**
 * The migration as shown: only while legacy accounts are held, each with where it went (none: Deriv
 * lists no account for it); nothing for a user without legacy data.
 */
export function migrationView(held: Held, facts: LegacyMigrationFacts | null): MigrationView | null {
  const legacy = held.accounts.filter((a) => a.api === 'legacy');
  if (facts === null || legacy.length === 0 || facts.status === 'not_applicable') return null;
  if (facts.status !== 'complete') return { status: facts.status };
  return {
    status: 'complete',
    moves: legacy.map((a) => ({ legacyId: a.accountId, accounts: facts.moved[a.accountId] ?? [] })),
  };
}
