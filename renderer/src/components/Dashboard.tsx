import { useCallback, useEffect, useMemo, useState } from 'react';

import type { AccountView, AppState } from '../../../main/ipc/contract';
import { useCommands } from '../commands';
import { localCurrencies } from '../details';
import { useI18n } from '../i18n-context';
import { listed, type LoginGroup, loginGroups, loginLabel, realFirst } from '../login-groups';
import { arrange, nicknameOf } from '../preferences';
import { useSwitchShortcuts } from '../switching';
import { AccountDetails } from './AccountDetails';
import { AccountList } from './AccountList';
import { ActiveStrip } from './ActiveStrip';
import { AddLogin } from './AddLogin';
import { ApiTokenLogin } from './ApiTokenLogin';
import { ConfirmButton, ForgetEverythingButton } from './ConfirmDialog';
import { LoginPanel } from './LoginPanel';
import { Migration } from './Migration';
import { PatForm } from './PatForm';
import { isStale, StaleNote } from './StaleNote';

export function Dashboard({ state }: { state: AppState }) {
  const { t } = useI18n();
  const { api, send, switchTo } = useCommands();
  const { accounts, logins: loginList, preferences, activeAccountId } = state;
  // Real before demo, then the trader's order and what they hide (never the active account).
  const groups = useMemo(
    () => loginGroups({ accounts: arrange(realFirst(accounts), preferences, activeAccountId), logins: loginList }),
    [accounts, loginList, preferences, activeAccountId],
  );
  const ordered = useMemo(() => listed(groups), [groups]);
  // Ctrl+1…9 follow the accounts as listed.
  useSwitchShortcuts(ordered, switchTo);
  const active = state.accounts.find((a) => a.accountId === state.activeAccountId) ?? null;
  const activeGroup = groups.find((g) => g.accounts.includes(active!));
  // What a logout does at Deriv, where the app knows: a pasted token (or PAT) stays valid there; a
  // current-API OAuth login is revoked, or may stay valid until it expires.
  const endNote = (a: AccountView) =>
    a.source === 'api_token' ? t.apiTokenLogoutNote : a.sessionEnd ? t.sessionEnds[a.sessionEnd] : '';
  const login = state.login;
  const loginBusy = login.status === 'waiting';
  // A failed attempt's form closed with Cancel stays closed until the sign-in state changes (by
  // identity: an unchanged state keeps its object from snapshot to snapshot).
  const [dismissed, setDismissed] = useState<AppState['login'] | null>(null);
  // API tokens show their progress and failures in their own form, not in the login panel.
  const tokenAttempt = login.status !== 'idle' && login.method === 'api_token' && login !== dismissed;
  const local = localCurrencies(state.details);
  // The PAT login being signed in again, by its first account needing it ("Log in again" on a
  // personal token opens a PAT form). The form stays until that account no longer needs a login
  // (a refused PAT is retried in it) or is gone.
  const [patRelogin, setPatRelogin] = useState<string | null>(null);
  const patTarget = state.accounts.find((a) => a.accountId === patRelogin && a.needsLogin) ?? null;
  useEffect(() => {
    if (patRelogin !== null && patTarget === null) setPatRelogin(null);
  }, [patRelogin, patTarget]);
  // The form "Add login" opened (API tokens or a personal token); closed once a login was added.
  const [form, setForm] = useState<'api_token' | 'pat' | null>(null);
  const logins = state.logins.length;
  useEffect(() => setForm(null), [logins]);
  const patRefused = login.status === 'failed' && login.method === 'pat' && patTarget === null && login !== dismissed;
  const card =
    patTarget && login.status !== 'waiting'
      ? 'relogin'
      : state.settings.api === 'current'
        ? !patTarget && (form === 'pat' || patRefused) && 'pat'
        : (form === 'api_token' || tokenAttempt) && 'tokens';
  // The form appears away from the button that opened it: focus moves to its heading (once, as it opens).
  const focusOnOpen = useCallback((heading: HTMLHeadingElement | null) => heading?.focus(), []);

  const relogin = (group: LoginGroup) => {
    // The active account if it is one to sign in again for (it stays active), else the first.
    const target = group.accounts.find((a) => a.accountId === state.activeAccountId && a.needsLogin) ?? group.relogin;
    if (!target) return;
    const pat = group.login ? group.login.method === 'pat' : target.api === 'current' && target.source === 'api_token';
    if (pat) setPatRelogin(target.accountId);
    else void send(api.signIn({ api: target.api, method: 'oauth', reloginFor: target.accountId }));
  };

  return (
    <div className={`dashboard${isStale(state.connection) ? ' dashboard--stale' : ''}`}>
      {login.status !== 'idle' && login.method !== 'api_token' && login !== dismissed && (
        <LoginPanel
          login={login}
          demo={state.demo}
          api={state.settings.api}
          compact
          patAppId={state.settings.api === 'current' ? state.settings.clientId : null}
        />
      )}
      {state.migration && <Migration migration={state.migration} />}
      {card && (
        // One form at a time, above the list: a personal token to sign in again with, or a new login's.
        <section className="card" aria-labelledby="form-title" key={patTarget?.accountId ?? card}>
          <h2 id="form-title" ref={focusOnOpen} tabIndex={-1}>
            {card === 'relogin'
              ? t.patReloginTitle(patTarget!.accountId)
              : card === 'pat'
                ? t.addPatTitle
                : t.addLoginMenu}
          </h2>
          {card === 'tokens' ? (
            <ApiTokenLogin login={login} />
          ) : (
            <PatForm
              // A PAT is used with the app id it was made for: the account's own, else the settings'.
              defaultAppId={(card === 'relogin' && patTarget!.appId) || state.settingsByApi.current.clientId}
              busy={loginBusy}
              labelledBy="form-title"
            />
          )}
          <button
            type="button"
            className="button"
            disabled={loginBusy}
            onClick={() => {
              setForm(null);
              setPatRelogin(null);
              setDismissed(login);
            }}
          >
            {t.cancel}
          </button>
        </section>
      )}
      {active && (
        <ActiveStrip
          account={active}
          accounts={state.accounts}
          connection={state.connection}
          login={activeGroup ? loginLabel(t, activeGroup) : ''}
          localCurrencies={local}
        />
      )}
      <AccountList
        groups={groups}
        activeAccountId={state.activeAccountId}
        onSwitch={switchTo}
        onRelogin={relogin}
        stale={isStale(state.connection)}
        loginBusy={loginBusy}
        localCurrencies={local}
        nickname={(id) => nicknameOf(preferences, id)}
        addLogin={<AddLogin api={state.settings.api} busy={loginBusy} onForm={setForm} />}
      />
      <AccountDetails
        details={state.details}
        account={active}
        staleNote={<StaleNote connection={state.connection} />}
      />
      <section className="card session" aria-labelledby="session-title">
        <h2 id="session-title">{t.sessionTitle}</h2>
        <ConfirmButton
          label={t.logoutAll}
          title={t.logoutAll + t.question}
          text={[t.confirmLogoutAllText, ...new Set(state.accounts.map(endNote))].filter(Boolean).join(' ')}
          onConfirm={() => void send(api.logout())}
        />
        <ForgetEverythingButton />
      </section>
    </div>
  );
}
