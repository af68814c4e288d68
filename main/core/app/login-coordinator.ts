/**
 * The login flow: one login at a time, its window, the backend warmed up while the user types (so
 * the login ends in one round trip), and a generation counter so that an outcome overtaken by a
 * logout, a new setting or a cancel is dropped. The destination a login started for is kept with
 * it: tokens issued by one server (or for one app id) are never accepted once the app points
 * elsewhere, whatever the order in which commands interleave.
 */
import type { AccountsBackend } from '../backend/port';
import type { EndpointSettings, LoginErrorInfo, LoginFlow, LoginState } from '../model';
import { type Destination, tokensWouldMove } from './destination';
import type { AnyLoginOutcome, CurrentLoginMethod } from './ports';

export interface LoginHost {
  configured(): boolean;
  /** Where tokens go right now (mode and settings). */
  destination(): Destination;
  now(): number;
  /** Runs the login of the settings' API; `pat` is a PAT sign-in (current API, no window). */
  runLogin(opts: {
    settings: EndpointSettings;
    signal: AbortSignal;
    pat?: CurrentLoginMethod;
  }): Promise<AnyLoginOutcome>;
  /** A backend to warm up, or null (one is already running, or the endpoint is unusable). */
  warmBackend(): AccountsBackend | null;
  /**
   * The login went through: hold its accounts and hand them to the backend. Returns why they were
   * refused instead (nothing held, nothing stored), or null.
   */
  accept(
    outcome: Extract<AnyLoginOutcome, { ok: true }>,
    settings: EndpointSettings,
    reloginFor: string | null,
  ): LoginErrorInfo | null;
  /**
   * A login that went through but is dropped (the app points elsewhere now, or it was cancelled or
   * logged out meanwhile): nothing will hold it, so what it holds at Deriv is let go.
   */
  discard(outcome: Extract<AnyLoginOutcome, { ok: true }>, settings: EndpointSettings): void;
  changed(): void;
}

const MOVED: LoginErrorInfo = {
  code: 'cancelled',
  message: 'The server settings changed during the login, so it was stopped. Log in again.',
};

export class LoginCoordinator {
  private current: LoginState = { status: 'idle' };
  private abortController: AbortController | null = null;
  /** Bumped by everything that invalidates a login in progress; a stale outcome is dropped. */
  private generation = 0;
  private warm: AccountsBackend | null = null;

  constructor(private readonly host: LoginHost) {}

  get state(): LoginState {
    return this.current;
  }

  async run(
    flowOverride: LoginFlow | undefined,
    reloginFor: string | null,
    pat?: Extract<CurrentLoginMethod, { method: 'pat' }>,
  ): Promise<void> {
    if (this.current.status === 'waiting') return;
    const method = pat ? 'pat' : 'window';
    const fail = (error: LoginErrorInfo) => this.set({ status: 'failed', error, reloginFor, method });
    if (!this.host.configured()) {
      return fail({ code: 'not_configured', message: 'Choose Demo mode or enter your Deriv app ID first.' });
    }
    const startedFor = this.host.destination();
    const settings = { ...startedFor.settings, flow: flowOverride ?? startedFor.settings.flow };
    const generation = ++this.generation;
    const abort = new AbortController();
    this.abortController = abort;
    this.set({ status: 'waiting', flow: settings.flow, startedAt: this.host.now(), reloginFor, method });
    // A cancelled login may not have reached its `finally` yet: its warm backend is closed here,
    // and that `finally` closes only its own.
    void this.closeWarm();
    const warm = this.host.warmBackend();
    this.warm = warm;
    void warm?.preconnect?.();
    try {
      const outcome = await this.host.runLogin({ settings, signal: abort.signal, ...(pat ? { pat } : {}) });
      if (generation !== this.generation) {
        // Logged out, reconfigured or cancelled meanwhile.
        if (outcome.ok) this.host.discard(outcome, settings);
        return;
      }
      if (!outcome.ok) return fail(outcome.error);
      if (tokensWouldMove(startedFor, this.host.destination())) {
        // The app now points elsewhere (a mode or settings change ran while the window was up):
        // these tokens belong to the old destination and are dropped.
        this.host.discard(outcome, settings);
        return fail(MOVED);
      }
      // Authorizing goes on in the backend; the connection state shows its progress. Waiting here
      // for "online" would leave the login stuck while the network is down.
      const refused = this.host.accept(outcome, settings, reloginFor);
      if (refused) return fail(refused);
      this.set({ status: 'idle' });
    } catch (error) {
      if (generation !== this.generation) return;
      const message = error instanceof Error ? error.message : String(error);
      fail({ code: 'authorize_failed', message });
    } finally {
      if (this.abortController === abort) this.abortController = null;
      // Unless handed over to the session link (or closed by a newer login), it was not used.
      if (warm !== null && this.warm === warm) await this.closeWarm();
    }
  }

  /** Ends a login in progress (the window closes; its outcome, if any, is dropped). */
  abort(): void {
    if (!this.abortController) return;
    this.generation += 1;
    this.abortController?.abort(new Error('cancelled'));
    this.abortController = null;
    if (this.current.status === 'waiting') {
      const { reloginFor, method } = this.current;
      const error = { code: 'cancelled' as const, message: 'Login was cancelled. Choose Log in to try again.' };
      this.set({ status: 'failed', error, reloginFor, ...(method ? { method } : {}) });
    }
  }

  /** The warmed-up backend, handed over once (to the session link). */
  takeWarm(): AccountsBackend | null {
    const warm = this.warm;
    this.warm = null;
    return warm;
  }

  async closeWarm(): Promise<void> {
    const unused = this.takeWarm();
    await unused?.close().catch(() => undefined);
  }

  private set(state: LoginState): void {
    this.current = state;
    this.host.changed();
  }
}
