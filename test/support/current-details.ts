/**
 * What the current API's account list answers (`GET /trading/v1/options/accounts`) for a fixture
 * state's accounts, as `AppState.details`: the typed facts and the raw answer. For renderer tests
 * and screenshots of the account details on that API.
 */
import type { AppState } from '../../main/ipc/contract';
import { currentLoggedIn } from './current-states';
import { NOW } from './sample-state';

/** `state` with the current API's details of its accounts; `status(i)` is the i-th account's status. */
export function withCurrentDetails(state: AppState, status: (i: number) => string = () => 'active'): AppState {
  const data = state.accounts.map((a, i) => ({
    account_id: a.accountId,
    balance: a.balance ?? 0,
    currency: a.currency,
    group: a.isVirtual ? 'demo' : 'row',
    status: status(i),
    account_type: a.isVirtual ? 'demo' : 'real',
  }));
  state.details = {
    api: 'current',
    primaryAccountId: data[0]!.account_id,
    facts: data.map((d) => ({
      accountId: d.account_id,
      currency: d.currency,
      isVirtual: d.account_type === 'demo',
      isDisabled: d.status !== 'active',
      landingCompanyName: null,
      accountType: d.account_type,
      scopes: null,
      status: d.status,
    })),
    raw: { data, meta: { endpoint: '/trading/v1/options/accounts', method: 'GET', timing: 12 } },
    receivedAt: NOW,
  };
  return state;
}

/** Logged in on the current API with its account list's details; the active account holds a PAT. */
export function currentWithDetails(): AppState {
  const state = withCurrentDetails(currentLoggedIn());
  const active = state.accounts.find((a) => a.accountId === state.activeAccountId);
  if (active) Object.assign(active, { source: 'api_token', appId: '7001' });
  return state;
}
