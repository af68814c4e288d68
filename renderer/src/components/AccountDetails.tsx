import type { ReactNode } from 'react';

import type { AccountDetails as Details, AccountView, Language } from '../../../main/ipc/contract';
import { accountStatusText } from '../account-status';
import { entryOf, factsOf, localCurrencies, serverCodes, userFields } from '../details';
import { formatBalance } from '../format';
import type { Messages } from '../i18n';
import { useI18n } from '../i18n-context';
import { companyName } from '../i18n-details';
import { Row } from './DetailRow';

/** A country (`fr`) or language (`FR`) code's name in the trader's language; null when Intl has none. */
function displayName(language: Language, type: 'region' | 'language', code: string | null): string | null {
  if (!code) return null;
  try {
    const name = new Intl.DisplayNames([language], { type, fallback: 'none' }).of(
      type === 'region' ? code.toUpperCase() : code.toLowerCase(),
    );
    return name ?? null;
  } catch {
    // Not a well-formed code: Intl refuses it; the technical details and the raw answer still hold it.
    return null;
  }
}

/**
 * The account's one status: the app's (disabled, needs a login, OK), or the current API's own
 * status when that says more (an inactive account the app still holds).
 */
function statusOf(t: Messages, account: AccountView, serverStatus: string | null): ReactNode {
  if (!serverStatus || serverStatus === 'active' || account.isDisabled || account.needsLogin)
    return accountStatusText(t, account);
  return Object.hasOwn(t.accountStatuses, serverStatus) ? (
    t.accountStatuses[serverStatus as keyof Messages['accountStatuses']]
  ) : (
    <code>{serverStatus}</code>
  );
}

/**
 * The active account in a trader's words: its id, how it signed in, currency and balance, real or
 * demo, one status, its landing company by name, and (legacy API) its owner's name, email, country
 * and language. Rows the server did not fill are left out, not shown as dashes. The server's codes
 * (broker, landing company code, account type, group, scopes …) and its answer as sent are under
 * one "Technical details" fold. The top-level landing company full name describes only the primary
 * account, so it is used only when that one is active.
 */
export function AccountDetails({
  details,
  account,
  staleNote,
}: {
  details: Details | null;
  account: AccountView | null;
  /** Shown above the details while they are not live. */
  staleNote?: ReactNode;
}) {
  const { t, language } = useI18n();
  if (!details) {
    return (
      <section className="card" aria-labelledby="details-title">
        <h2 id="details-title">{t.detailsTitle}</h2>
        <p>{t.notAuthorized}</p>
      </section>
    );
  }

  const legacy = details.api === 'legacy';
  const user = legacy ? userFields(details) : null;
  const fact = account ? factsOf(details, account.accountId) : null;
  const entry = account ? entryOf(details, account.accountId) : null;
  const company =
    account?.accountId === details.primaryAccountId && user?.landingCompanyFull
      ? user.landingCompanyFull
      : companyName(account?.landingCompanyName ?? fact?.landingCompanyName);
  const country = displayName(language, 'region', user?.country ?? null);
  const preferred = displayName(language, 'language', user?.preferredLanguage ?? null);
  const scopes = account?.scopes ?? fact?.scopes ?? null;
  const codes: [string, string][] = [
    ...serverCodes(entry),
    ...(scopes ? [['scopes', scopes.join(', ')] as [string, string]] : []),
    ...(account?.appId ? [['app_id', account.appId] as [string, string]] : []),
    ...(user?.userId ? [['user_id', user.userId] as [string, string]] : []),
  ];
  // Said where the balance would be, and only when there is none: never above a figure.
  const missingRead = account?.scopes && !account.scopes.includes('read') && account.balance === null;

  return (
    <section className="card" aria-labelledby="details-title">
      <h2 id="details-title">
        {t.detailsTitle}
        {account && <span className="muted"> · {account.accountId}</span>}
      </h2>
      {staleNote}
      <div className="details">
        {account && (
          <dl className="dl">
            <Row label={t.accountId}>{account.accountId}</Row>
            <Row label={t.signedInWith}>
              {(account.api === 'current' ? t.currentSourceNames : t.sourceNames)[account.source]}
            </Row>
            {account.currency && <Row label={t.currency}>{account.currency}</Row>}
            <Row label={t.balance}>
              {account.balance === null
                ? t.noBalance
                : formatBalance(account.balance, account.currency, language, localCurrencies(details))}
              {missingRead && (
                <p className="field__error" role="note" data-missing-scope="read">
                  {t.missingScope('read')}
                </p>
              )}
            </Row>
            <Row label={t.type}>{account.isVirtual ? t.demo : t.real}</Row>
            <Row label={t.status}>{statusOf(t, account, fact?.status ?? null)}</Row>
            {company && <Row label={t.landingCompany}>{company}</Row>}
          </dl>
        )}
        {user && (
          <dl className="dl">
            {user.fullname && <Row label={t.fullname}>{user.fullname}</Row>}
            {user.email && <Row label={t.email}>{user.email}</Row>}
            {country && <Row label={t.country}>{country}</Row>}
            {preferred && <Row label={t.preferredLanguage}>{preferred}</Row>}
          </dl>
        )}
      </div>
      <details className="fold">
        <summary>{t.technicalDetails}</summary>
        {codes.length > 0 && (
          <dl className="dl">
            {codes.map(([field, value]) => (
              <Row key={field} label={field} code>
                {value}
              </Row>
            ))}
          </dl>
        )}
        <pre tabIndex={0} aria-label={t.rawJson[details.api]}>
          {JSON.stringify(details.raw, null, 2)}
        </pre>
      </details>
    </section>
  );
}
