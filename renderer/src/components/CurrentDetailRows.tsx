import type { AccountDetails, AccountView } from '../../../main/ipc/contract';
import { accountStatusText } from '../account-status';
import { currentEntry, factsOf } from '../details';
import { formatBalance } from '../format';
import { useI18n } from '../i18n-context';
import { dash, Row } from './DetailRow';

/**
 * The account details on Deriv's current API: only what its account list reports (account id,
 * demo/real, currency, group, status) and what the app knows of the account (how it signed in, a
 * PAT's app id, the live balance). The legacy API's user fields (name, email …) are not shown:
 * this API does not give them, and a row of dashes would suggest it might.
 */
export function CurrentDetailRows({ details, account }: { details: AccountDetails; account: AccountView | null }) {
  const { t, language } = useI18n();
  const fact = account ? factsOf(details, account.accountId) : null;
  const entry = account ? currentEntry(details, account.accountId) : null;
  const status = fact?.status ?? null;
  // The server's word, translated when known; an own key only (a status like "toString" is just text).
  const statusText = (s: string | null) =>
    s === null ? '—' : Object.hasOwn(t.accountStatuses, s) ? t.accountStatuses[s as keyof typeof t.accountStatuses] : s;
  return (
    <>
      <dl className="dl">
        <Row label={t.accountList}>
          {details.facts.length > 0 ? details.facts.map((f) => f.accountId).join(', ') : t.none}
        </Row>
      </dl>
      {account && (
        <dl className="dl">
          <Row label={t.accountId}>{account.accountId}</Row>
          <Row label={t.signedInWith}>{t.currentSourceNames[account.source]}</Row>
          {account.source === 'api_token' && <Row label={t.patAppIdLabel}>{dash(account.appId)}</Row>}
          <Row label={t.currency}>{dash(account.currency || fact?.currency)}</Row>
          <Row label={t.balance}>
            {account.balance === null ? t.noBalance : formatBalance(account.balance, account.currency, language, {})}
          </Row>
          <Row label={t.type}>{account.isVirtual ? t.demo : t.real}</Row>
          <Row label={t.accountType}>{dash(fact?.accountType ?? account.accountType)}</Row>
          <Row label={t.accountGroup}>{dash(entry?.group)}</Row>
          <Row label={t.accountStatus}>{statusText(status)}</Row>
          <Row label={t.status}>{accountStatusText(t, account)}</Row>
        </dl>
      )}
    </>
  );
}
