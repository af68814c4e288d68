/** Settings of the current-API session, and how it builds the holder of each credential. */
import type { BackendGrant, RenewGrant } from '../backend/port';
import { DEFAULT_LIVENESS } from '../socket/liveness';
import type { Clock, Logger, SocketFactory } from '../socket/ports';
import type { SocketTiming } from './account-socket';
import { CredentialHolder } from './credentials';
import { APP_BUDGETS, type AppBudgets, type BudgetTiming } from './rest-budget';
import type { WireError } from './wire';

export interface CurrentTiming extends SocketTiming, BudgetTiming {
  restTimeoutMs: number;
  /** How often the account list (balances of accounts without a socket) is refreshed. */
  listRefreshMs: number;
  /** A list refresh is skipped unless this many requests stay in the REST budget (for OTPs). */
  listReserve: number;
  /** OAuth tokens are refreshed this long before they expire. */
  refreshLeadMs: number;
  refreshMaxAttempts: number;
}

export const DEFAULT_CURRENT_TIMING: CurrentTiming = {
  openTimeoutMs: 10_000,
  requestTimeoutMs: 10_000,
  pingIntervalMs: 30_000,
  pongTimeoutMs: 5_000,
  backoffBaseMs: 250,
  backoffCapMs: 30_000,
  // As the v3 session: however often the OS signals a wake or a network change.
  maxConnectsPerMinute: 10,
  // The v3 session's rule and timing: a silent socket is found dead within ~5 s.
  livenessQuietMs: DEFAULT_LIVENESS.quietMs,
  livenessProbeTimeoutMs: DEFAULT_LIVENESS.probeTimeoutMs,
  livenessSuspectAfterMs: DEFAULT_LIVENESS.suspectAfterMs,
  restTimeoutMs: 10_000,
  // Deriv's published budgets with the app's margin (`rest-budget.ts`).
  restBudgetPerMinute: APP_BUDGETS.restPerMinute,
  restBudgetPer10Minutes: APP_BUDGETS.restPer10Minutes,
  balanceBudgetPerMinute: APP_BUDGETS.balancePerMinute,
  balanceBudgetPerHour: APP_BUDGETS.balancePerHour,
  listRefreshMs: 30_000,
  listReserve: 20,
  refreshLeadMs: 60_000,
  refreshMaxAttempts: 4,
};

export interface CurrentSessionOptions {
  /** REST base, e.g. `https://api.derivws.com`. */
  restUrl: string;
  /** The authorization server's base (e.g. `https://auth.deriv.com`): refreshes go to its token endpoint. */
  authServerUrl: string;
  clientId: string;
  /** Open sockets kept (active + warm), 1..5; default 3. */
  poolSize?: number;
  timing?: Partial<CurrentTiming>;
  createSocket?: SocketFactory;
  clock?: Clock;
  logger?: Logger;
  random?: () => number;
  fetch?: typeof fetch;
  /**
   * The app's request budgets, shared by every session main builds (`backendFactory`); default:
   * the session's own, from `timing`.
   */
  budgets?: AppBudgets;
  /**
   * Main's way of renewing a grant (`GrantRenewals`): one refresh per refresh token across this
   * session's restarts (`setGrants`) and the sessions that replace one another, and the renewed
   * grant held and sealed by main. Default: the session's own, in memory.
   */
  renewGrant?: RenewGrant;
  /**
   * The authorization server accepts a refresh token presented again after rotating it: a refresh
   * whose answer was lost is then retried once with the same token (see `RefresherOptions`).
   * Default false, as Deriv documents no such grace: the login ends, saying the answer was lost.
   */
  refreshReuseAllowed?: boolean;
}

export function makeHolder(
  grant: BackendGrant,
  opts: CurrentSessionOptions & { renewGrant: RenewGrant },
  timing: CurrentTiming,
  deps: {
    clock: Clock;
    logger: Logger;
    random: () => number;
    onTerminal(holder: CredentialHolder, error: WireError): void;
    onBusy?(holder: CredentialHolder): void;
  },
): CredentialHolder {
  return new CredentialHolder(
    grant,
    {
      authServerUrl: opts.authServerUrl,
      clientId: opts.clientId,
      clock: deps.clock,
      logger: deps.logger,
      leadMs: timing.refreshLeadMs,
      timeoutMs: timing.restTimeoutMs,
      maxAttempts: timing.refreshMaxAttempts,
      backoffBaseMs: timing.backoffBaseMs,
      random: deps.random,
      ...(opts.fetch ? { fetch: opts.fetch } : {}),
      renew: opts.renewGrant,
      ...(opts.refreshReuseAllowed ? { refreshReuseAllowed: true } : {}),
    },
    { onTerminal: deps.onTerminal, ...(deps.onBusy ? { onBusy: deps.onBusy } : {}) },
  );
}
