/**
 * Fixture AppStates of the move from Deriv's legacy platform (renderer tests and screenshots): the
 * trader's legacy accounts still held here beside the current-API accounts they became, with
 * Deriv's word on the move (complete with where each went, pending, or failed).
 */
import type { AppState, MigrationView } from '../../main/ipc/contract';
import { fixtures, withLogins, withSettings } from './sample-state';

/** On the current API, online with the new accounts; the legacy ones held but not open. */
export function migrationState(status: MigrationView['status']): AppState {
  const state = fixtures.loggedIn();
  Object.assign(state, withSettings(state, { api: 'current', clientId: '41234' }));
  const legacy = state.accounts.map((a) => ({ ...a, authorized: false, balance: null }));
  const current = legacy.map((a, i) => ({
    ...a,
    api: 'current' as const,
    accountId: `${a.isVirtual ? 'DOT' : 'ROT'}${90004 + i}`,
    loginId: 'login-current-1',
    landingCompanyName: null,
    authorized: true,
    balance: String(100 * (i + 1)),
  }));
  state.accounts = [...current, ...legacy];
  state.activeAccountId = current[0]!.accountId;
  state.details = null;
  state.migration =
    status === 'complete'
      ? {
          status,
          moves: legacy.map((a, i) => ({
            legacyId: a.accountId,
            // The last legacy account: Deriv lists no account for it.
            accounts: i === legacy.length - 1 ? [] : [{ accountId: current[i]!.accountId, currency: a.currency }],
          })),
        }
      : { status };
  return withLogins(state);
}
