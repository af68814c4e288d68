import { useCallback, useEffect, useState } from 'react';

import type { AccountView, AppState } from '../../../main/ipc/contract';
import { useCommands } from '../commands';
import { localCurrencies } from '../details';
import { useI18n } from '../i18n-context';
import { AccountDetails } from './AccountDetails';
import { AccountsTable } from './AccountsTable';
import { ApiTokenLogin } from './ApiTokenLogin';
import { ConfirmButton } from './ConfirmDialog';
import { CurrentAddAccounts } from './CurrentAddAccounts';
import { LoginPanel } from './LoginPanel';
import { Migration } from './Migration';
import { PatRelogin } from './PatRelogin';
import { isStale, StaleNote } from './StaleNote';
import { Switcher } from './Switcher';

/** Ctrl+1…9 (Cmd on macOS) switch to the Nth account, unless a dialog is open. */
function useSwitchShortcuts(state: AppState, switchTo: (accountId: string) => void) {
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey) return;
      if (!/^[1-9]$/.test(e.key) || document.querySelector('[role="dialog"]')) return;
      const account = state.accounts[Number(e.key) - 1];
      if (!account) return;
      e.preventDefault();
      if (!account.isDisabled && account.accountId !== state.activeAccountId) switchTo(account.accountId);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [state.accounts, state.activeAccountId, switchTo]);
}

export function Dashboard({ state }: { state: AppState }) {
  const { t } = useI18n();
  const { api, send } = useCommands();
  const switchTo = useCallback((accountId: string) => void send(api.switchAccount({ accountId })), [api, send]);
  useSwitchShortcuts(state, switchTo);
  const active = state.accounts.find((a) => a.accountId === state.activeAccountId) ?? null;
  // On the current API an account's login is logged out whole (its accounts share one credential).
  const login = active?.api === 'current' ? active.loginId : null;
  const logoutThis = login ? t.logoutLogin : t.logoutThis;
  // What a logout does at Deriv, where the app knows: a pasted token (or PAT) stays valid there; a
  // current-API OAuth login is revoked, or may stay valid until it expires.
  const endNote = (a: AccountView) =>
    a.source === 'api_token' ? t.apiTokenLogoutNote : a.sessionEnd ? t.sessionEnds[a.sessionEnd] : '';
  const loginBusy = state.login.status === 'waiting';
  // API tokens show their progress and failures in their own form, not in the login panel.
  const tokenAttempt = state.login.status !== 'idle' && state.login.method === 'api_token';
  const local = localCurrencies(state.details);
  // The PAT account being signed in again, if any ("Log in again" on a PAT account opens a PAT form).
  // The form stays until that account no longer needs a login (a refused PAT is retried in it) or is gone.
  const [patRelogin, setPatRelogin] = useState<string | null>(null);
  const patTarget = state.accounts.find((a) => a.accountId === patRelogin && a.needsLogin) ?? null;
  useEffect(() => {
    if (patRelogin !== null && patTarget === null) setPatRelogin(null);
  }, [patRelogin, patTarget]);

  return (
    <div className={`dashboard${isStale(state.connection) ? ' dashboard--stale' : ''}`}>
      <aside className="dashboard__side">
        <Switcher
          accounts={state.accounts}
          activeAccountId={state.activeAccountId}
          onSwitch={switchTo}
          localCurrencies={local}
        />
        <section className="card" aria-labelledby="session-title">
          <h2 id="session-title">{t.sessionTitle}</h2>
          <div className="stack">
            {active && (
              <ConfirmButton
                label={logoutThis}
                title={logoutThis + t.question}
                // One legacy account alone: nothing is sent to Deriv (a pasted token stays valid there).
                text={`${t.confirmLogoutThisText(
                  login
                    ? state.accounts
                        .filter((a) => a.loginId === login)
                        .map((a) => a.accountId)
                        .join(', ')
                    : active.accountId,
                )} ${login || active.source === 'api_token' ? endNote(active) : ''}`}
                onConfirm={() => void send(api.logout(login ? { loginId: login } : { accountId: active.accountId }))}
              />
            )}
            <ConfirmButton
              label={t.logoutAll}
              title={t.logoutAll + t.question}
              text={[t.confirmLogoutAllText, ...new Set(state.accounts.map(endNote))].filter(Boolean).join(' ')}
              onConfirm={() => void send(api.logout())}
            />
            <ConfirmButton
              label={t.forget}
              title={t.confirmForgetTitle}
              text={t.confirmForgetText}
              danger
              onConfirm={() => void send(api.forgetEverything())}
            />
          </div>
        </section>
      </aside>
      <div className="dashboard__main">
        {state.login.status !== 'idle' && !tokenAttempt && (
          <LoginPanel
            login={state.login}
            demo={state.demo}
            api={state.settings.api}
            compact
            patAppId={state.settings.api === 'current' ? state.settings.clientId : null}
          />
        )}
        {state.migration && <Migration migration={state.migration} />}
        {patTarget && state.login.status !== 'waiting' && (
          <PatRelogin
            // One form per account: another account's "Log in again" starts afresh, with its own app id.
            key={patTarget.accountId}
            accountId={patTarget.accountId}
            // A PAT is used with the app id it was made for: the account's own, else the settings'.
            appId={patTarget.appId ?? state.settingsByApi.current.clientId}
            onClose={() => setPatRelogin(null)}
          />
        )}
        <AccountsTable
          onPatRelogin={setPatRelogin}
          accounts={state.accounts}
          activeAccountId={state.activeAccountId}
          loginBusy={loginBusy}
          settingsApi={state.settings.api}
          localCurrencies={local}
          staleNote={<StaleNote connection={state.connection} />}
        />
        <AccountDetails
          details={state.details}
          account={active}
          staleNote={<StaleNote connection={state.connection} />}
        />
        {state.settings.api === 'current' ? (
          <CurrentAddAccounts clientId={state.settings.clientId} busy={loginBusy} />
        ) : (
          <details className="card" open={tokenAttempt}>
            <summary>{t.tokenAddAccounts}</summary>
            <ApiTokenLogin login={state.login} />
          </details>
        )}
      </div>
    </div>
  );
}
