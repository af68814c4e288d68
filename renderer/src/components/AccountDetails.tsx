import type { ReactNode } from 'react';

import type { AccountDetails as Details, AccountView } from '../../../main/ipc/contract';
import { accountStatusText } from '../account-status';
import { entryExtras, factsOf, localCurrencies, userFields } from '../details';
import { formatBalance, formatEpochSeconds } from '../format';
import { useI18n } from '../i18n-context';
import { CurrentDetailRows } from './CurrentDetailRows';
import { dash, Row } from './DetailRow';

/**
 * The active account as the server describes it: on the legacy API the typed facts, the user
 * fields and extras of `authorize`; on the current API what its account list reports (see
 * `CurrentDetailRows`); either way the live balance and the raw JSON of the answer. The top-level
 * landing company full name describes only the primary account, so it is shown only when that one
 * is active.
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
  const { t } = useI18n();
  if (!details) {
    return (
      <section className="card" aria-labelledby="details-title">
        <h2 id="details-title">{t.detailsTitle}</h2>
        <p>{t.notAuthorized}</p>
      </section>
    );
  }

  return (
    <section className="card" aria-labelledby="details-title">
      <h2 id="details-title">
        {t.detailsTitle}
        {account && <span className="muted"> · {account.accountId}</span>}
      </h2>
      {staleNote}
      <div className="details">
        {details.api === 'current' ? (
          <CurrentDetailRows details={details} account={account} />
        ) : (
          <LegacyRows details={details} account={account} />
        )}
      </div>
      <details className="raw">
        <summary>{t.rawJson[details.api]}</summary>
        <pre tabIndex={0} aria-label={t.rawJson[details.api]}>
          {JSON.stringify(details.raw, null, 2)}
        </pre>
      </details>
    </section>
  );
}

/** The legacy API's `authorize` answer: the user fields, then the active account's entry. */
function LegacyRows({ details, account }: { details: Details; account: AccountView | null }) {
  const { t, language } = useI18n();
  const user = userFields(details);
  const local = localCurrencies(details);
  const primary = factsOf(details, details.primaryAccountId);
  const fact = account ? factsOf(details, account.accountId) : null;
  const extras = account ? entryExtras(details, account.accountId) : null;
  const isPrimary = account !== null && account.accountId === details.primaryAccountId;
  const list = (items: readonly string[] | null | undefined) => (items && items.length > 0 ? items.join(', ') : t.none);

  return (
    <>
      <dl className="dl">
        <Row label={t.fullname}>{dash(user.fullname)}</Row>
        <Row label={t.email}>{dash(user.email)}</Row>
        <Row label={t.country}>{dash(user.country)}</Row>
        <Row label={t.preferredLanguage}>{dash(user.preferredLanguage)}</Row>
        <Row label={t.userId}>{dash(user.userId)}</Row>
        <Row label={t.scopes}>{list(primary?.scopes)}</Row>
        <Row label={t.upgradeable}>{list(user.upgradeable)}</Row>
        <Row label={t.localCurrencies}>
          {list(Object.entries(local).map(([code, v]) => `${code} (${v.fractional_digits})`))}
        </Row>
        <Row label={t.accountList}>{list(details.facts.map((f) => f.accountId))}</Row>
      </dl>
      {account && (
        <dl className="dl">
          <Row label={t.loginIdLabel}>{account.accountId}</Row>
          <Row label={t.signedInWith}>{t.sourceNames[account.source]}</Row>
          {account.scopes !== null && (
            <Row label={t.tokenScopes}>
              {list(account.scopes)}
              {!account.scopes.includes('read') && (
                <p className="field__error" role="note" data-missing-scope="read">
                  {t.missingScope('read')}
                </p>
              )}
            </Row>
          )}
          <Row label={t.currency}>{dash(account.currency || fact?.currency)}</Row>
          <Row label={t.balance}>
            {account.balance === null ? t.noBalance : formatBalance(account.balance, account.currency, language, local)}
          </Row>
          <Row label={t.type}>{account.isVirtual ? t.demo : t.real}</Row>
          <Row label={t.landingCompany}>{dash(account.landingCompanyName ?? fact?.landingCompanyName)}</Row>
          {isPrimary && <Row label={t.landingCompanyFull}>{dash(user.landingCompanyFull)}</Row>}
          <Row label={t.accountType}>{dash(account.accountType ?? fact?.accountType)}</Row>
          <Row label={t.accountCategory}>{dash(extras?.category)}</Row>
          <Row label={t.broker}>{dash(extras?.broker)}</Row>
          <Row label={t.createdAt}>
            {extras?.createdAt != null ? formatEpochSeconds(extras.createdAt, language) : '—'}
          </Row>
          <Row label={t.status}>{accountStatusText(t, account)}</Row>
          <Row label={t.linkedTo}>{list(extras?.linkedTo)}</Row>
        </dl>
      )}
    </>
  );
}
