import type { ReactNode } from 'react';

import type { AccountView, DerivApi } from '../../../main/ipc/contract';
import { needsLoginTag, needsLoginText } from '../account-status';
import { useCommands } from '../commands';
import { formatBalance } from '../format';
import { useI18n } from '../i18n-context';
import { companyName } from '../i18n-details';

interface Props {
  accounts: AccountView[];
  activeAccountId: string | null;
  loginBusy: boolean;
  /** The API the settings speak: "Add another login" signs in to it. */
  settingsApi: DerivApi;
  localCurrencies?: Record<string, { fractional_digits: number }>;
  /** Shown above the figures while they are not live. */
  staleNote?: ReactNode;
  /** "Log in again" for an account signed in with a personal access token: a new PAT, not the login window. */
  onPatRelogin?: (accountId: string) => void;
}

export function AccountsTable({
  accounts,
  activeAccountId,
  loginBusy,
  settingsApi,
  localCurrencies,
  staleNote,
  onPatRelogin,
}: Props) {
  const { t, language } = useI18n();
  const { api, send } = useCommands();
  return (
    <section className="card" aria-labelledby="accounts-title">
      <div className="screen__head">
        <h2 id="accounts-title">{t.accountsTitle}</h2>
        <button
          type="button"
          className="button"
          disabled={loginBusy}
          onClick={() => void send(api.signIn({ api: settingsApi, method: 'oauth' }))}
        >
          {t.addLogin}
        </button>
      </div>
      {accounts.length > 0 && staleNote}
      {accounts.length === 0 ? (
        <p>{t.noAccounts}</p>
      ) : (
        <div>
          <table className="table accounts">
            <thead>
              <tr>
                <th scope="col">{t.loginIdLabel}</th>
                <th scope="col">{t.currency}</th>
                <th scope="col">{t.landingCompany}</th>
                <th scope="col">{t.status}</th>
                <th scope="col" className="num">
                  {t.balance}
                </th>
              </tr>
            </thead>
            <tbody>
              {accounts.map((a) => {
                const active = a.accountId === activeAccountId;
                return (
                  <tr
                    key={a.accountId}
                    data-account-id={a.accountId}
                    aria-current={active ? 'true' : undefined}
                    className={active ? 'row--active' : undefined}
                  >
                    <th scope="row">
                      {a.accountId}
                      <span className="tags">
                        <span className={`tag ${a.isVirtual ? 'tag--demo' : 'tag--real'}`}>
                          {a.isVirtual ? t.demo : t.real}
                        </span>
                        <span className="tag tag--api">{t.apiTags[a.api]}</span>
                        {active && <span className="tag tag--active">{t.active}</span>}
                      </span>
                    </th>
                    <td>{a.currency || '—'}</td>
                    <td>{companyName(a.landingCompanyName) ?? '—'}</td>
                    <td>
                      {a.isDisabled && <span className="tag tag--disabled">{t.disabled}</span>}
                      {a.needsLogin && (
                        <span className="needs-login">
                          <span
                            className="tag tag--warning"
                            title={needsLoginText(t, a) || undefined}
                            data-reason={a.needsLoginReason ?? undefined}
                          >
                            {needsLoginTag(t, a)}
                          </span>
                          <button
                            type="button"
                            className="button button--small"
                            aria-label={t.loginAgainFor(a.accountId)}
                            disabled={loginBusy}
                            onClick={() =>
                              a.api === 'current' && a.source === 'api_token' && onPatRelogin
                                ? onPatRelogin(a.accountId)
                                : void send(api.signIn({ api: a.api, method: 'oauth', reloginFor: a.accountId }))
                            }
                          >
                            {t.loginAgain}
                          </button>
                        </span>
                      )}
                      {!a.isDisabled && !a.needsLogin && (a.authorized ? t.ok : t.notChecked)}
                    </td>
                    <td className="num">
                      {a.balance === null
                        ? t.noBalance
                        : formatBalance(a.balance, a.currency, language, localCurrencies)}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {accounts.some((a) => a.needsLogin && a.needsLoginReason) && (
        <ul className="muted small">
          {accounts
            .filter((a) => a.needsLogin && a.needsLoginReason)
            .map((a) => (
              <li key={a.accountId}>
                {a.accountId}: {needsLoginText(t, a)}
              </li>
            ))}
        </ul>
      )}
    </section>
  );
}
