import type { ReactNode } from 'react';

import type { AccountView, AuthorizeSnapshot } from '../../../main/ipc/contract';
import { formatBalance, formatEpochSeconds } from '../format';
import { useI18n } from '../i18n-context';

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="dl__row">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

const dash = (value: unknown): string => (value === null || value === undefined || value === '' ? '—' : text(value));

/** A server value as text: objects as JSON (String() would say `[object Object]`). */
function text(value: unknown): string {
  if (value === null || value === undefined) return '?';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
const arrayOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/**
 * The active account as Deriv describes it: user-level fields from the authorize response, the
 * account's own fields from its `account_list` entry (and the live balance), and the raw JSON.
 * The top-level landing company full name describes only the primary account, so it is shown
 * only when that one is active.
 */
export function AuthorizeDetails({
  snapshot,
  account,
}: {
  snapshot: AuthorizeSnapshot | null;
  account: AccountView | null;
}) {
  const { t, language } = useI18n();
  if (!snapshot) {
    return (
      <section className="card" aria-labelledby="details-title">
        <h2 id="details-title">{t.detailsTitle}</h2>
        <p>{t.notAuthorized}</p>
      </section>
    );
  }
  // Every field is the server's, unchecked: arrays may not be arrays, entries may be null.
  const r = snapshot.response;
  const accountList = arrayOf(r.account_list).filter(isObject) as NonNullable<typeof r.account_list>;
  const entry = account ? accountList.find((e) => e.loginid === account.loginid) : undefined;
  const isPrimary = account !== null && account.loginid === snapshot.primaryLoginid;
  const list = (items: unknown) => {
    const shown = arrayOf(items).map(text);
    return shown.length > 0 ? shown.join(', ') : t.none;
  };
  const local = isObject(r.local_currencies)
    ? Object.entries(r.local_currencies).map(
        ([code, v]) =>
          `${code} (${text(isObject(v) ? (v as { fractional_digits?: unknown }).fractional_digits : null)})`,
      )
    : undefined;
  const createdAt = typeof entry?.created_at === 'number' ? formatEpochSeconds(entry.created_at, language) : '—';

  return (
    <section className="card" aria-labelledby="details-title">
      <h2 id="details-title">
        {t.detailsTitle}
        {account && <span className="muted"> · {account.loginid}</span>}
      </h2>
      <div className="details">
        <dl className="dl">
          <Row label={t.fullname}>{dash(r.fullname)}</Row>
          <Row label={t.email}>{dash(r.email)}</Row>
          <Row label={t.country}>{dash(r.country)}</Row>
          <Row label={t.preferredLanguage}>{dash(r.preferred_language)}</Row>
          <Row label={t.userId}>{dash(r.user_id)}</Row>
          <Row label={t.scopes}>{list(r.scopes)}</Row>
          <Row label={t.upgradeable}>{list(r.upgradeable_landing_companies)}</Row>
          <Row label={t.localCurrencies}>{list(local)}</Row>
          <Row label={t.accountList}>{list(accountList.map((e) => e.loginid))}</Row>
        </dl>
        {account && (
          <dl className="dl">
            <Row label={t.loginid}>{account.loginid}</Row>
            <Row label={t.currency}>{dash(account.currency || entry?.currency)}</Row>
            <Row label={t.balance}>
              {account.balance === null
                ? t.noBalance
                : formatBalance(
                    account.balance,
                    account.currency,
                    language,
                    isObject(r.local_currencies) ? r.local_currencies : null,
                  )}
            </Row>
            <Row label={t.type}>{account.isVirtual ? t.demo : t.real}</Row>
            <Row label={t.landingCompany}>{dash(account.landingCompanyName ?? entry?.landing_company_name)}</Row>
            {isPrimary && <Row label={t.landingCompanyFull}>{dash(r.landing_company_fullname)}</Row>}
            <Row label={t.accountType}>{dash(account.accountType ?? entry?.account_type)}</Row>
            <Row label={t.accountCategory}>{dash(entry?.account_category)}</Row>
            <Row label={t.broker}>{dash(entry?.broker)}</Row>
            <Row label={t.createdAt}>{createdAt}</Row>
            <Row label={t.status}>
              {account.isDisabled
                ? t.disabled
                : account.needsLogin
                  ? t.needsLogin
                  : account.authorized
                    ? t.ok
                    : t.notChecked}
            </Row>
            <Row label={t.linkedTo}>
              {list(
                arrayOf(entry?.linked_to).map((l) => (isObject(l) ? `${text(l.loginid)} (${text(l.platform)})` : l)),
              )}
            </Row>
          </dl>
        )}
      </div>
      <details className="raw">
        <summary>{t.rawJson}</summary>
        <pre tabIndex={0} aria-label={t.rawJson}>
          {JSON.stringify(r, null, 2)}
        </pre>
      </details>
    </section>
  );
}
