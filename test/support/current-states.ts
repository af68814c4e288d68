/**
 * Fixture AppStates for the current-API states a trader must see (renderer tests and screenshots):
 * rate limited until a time, the session being renewed, a session expired and a scope missing for
 * some accounts only, a PAT being checked. Built on sample-state's logged-in fixture.
 */
import type { AppState } from '../../main/ipc/contract';
import { fixtures, NOW, withLogins, withSettings } from './sample-state';

/** Logged in on the current API: every account labelled `current`, the PAT's app id set. */
export function currentLoggedIn(): AppState {
  const state = fixtures.loggedIn();
  Object.assign(state, withSettings(state, { api: 'current', clientId: '41234' }));
  // One OAuth login for them all, whose authorization server can revoke it.
  for (const a of state.accounts)
    Object.assign(a, { api: 'current', loginId: 'login-current-1', sessionEnd: 'revoked' });
  return withLogins(state);
}

export const currentStates = {
  rateLimited(until = NOW + 42_000): AppState {
    return { ...currentLoggedIn(), connection: { status: 'rate_limited', until, attempt: 1, lastLiveAt: NOW - 5_000 } };
  },
  refreshing(): AppState {
    return { ...currentLoggedIn(), refreshing: true };
  },
  reconnecting(nextRetryAt = NOW + 12_000): AppState {
    return {
      ...currentLoggedIn(),
      connection: { status: 'reconnecting', attempt: 2, nextRetryAt, lastError: 'OTP failed', lastLiveAt: NOW - 3_000 },
    };
  },
  /** The second account's OAuth session expired for good; the third's PAT lacks `trade`. */
  needsLogin(): AppState {
    const state = currentLoggedIn();
    const [, expired, noScope] = state.accounts;
    if (expired)
      Object.assign(expired, {
        needsLogin: true,
        needsLoginReason: 'session_expired',
        missingScope: null,
        authorized: false,
        balance: null,
      });
    if (noScope)
      Object.assign(noScope, {
        source: 'api_token',
        needsLogin: true,
        needsLoginReason: 'scope_missing',
        missingScope: 'trade',
        loginId: 'login-pat-1',
        sessionEnd: null,
        authorized: false,
        balance: null,
        isDisabled: false,
      });
    return withLogins(state);
  },
  patChecking(): AppState {
    const state = { ...fixtures.derivLoggedOut() };
    Object.assign(state, withSettings(state, { api: 'current', clientId: '41234' }));
    state.login = { status: 'waiting', flow: 'oidc', startedAt: NOW, reloginFor: null, method: 'pat' };
    return state;
  },
};
