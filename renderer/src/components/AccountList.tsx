import { type KeyboardEvent, type ReactNode, useState } from 'react';

import type { AccountView } from '../../../main/ipc/contract';
import { needsLoginTag, needsLoginText } from '../account-status';
import { useCommands } from '../commands';
import { formatBalance } from '../format';
import type { Messages } from '../i18n';
import { useI18n } from '../i18n-context';
import { groupDomId, type LoginGroup, loginLabel } from '../login-groups';
import { ConfirmDialog } from './ConfirmDialog';

interface Props {
  groups: LoginGroup[];
  activeAccountId: string | null;
  onSwitch: (accountId: string) => void;
  /** "Log in again" on a group: the login window, or a PAT form for a personal token. */
  onRelogin: (group: LoginGroup) => void;
  /** The figures are not live (the connection is down): every row says so. */
  stale: boolean;
  loginBusy: boolean;
  localCurrencies?: Record<string, { fractional_digits: number }>;
  /** The trader's name for an account, if any. */
  nickname: (accountId: string) => string | null;
  /** The "Add login" menu, in the list's heading. */
  addLogin: ReactNode;
}

/**
 * The one list of accounts, grouped by the login that opens them. A group says its login's one
 * problem once, with one "Log in again" and one button to log out of it or remove it; a row is a
 * button that makes its account active, one line each, its status shown only when not OK.
 * Arrow keys (and Home/End) move between rows; Enter or a click switches.
 */
export function AccountList({
  groups,
  activeAccountId,
  onSwitch,
  onRelogin,
  stale,
  loginBusy,
  localCurrencies,
  nickname,
  addLogin,
}: Props) {
  const { t } = useI18n();
  // The API tag only tells accounts apart when both APIs are listed.
  const mixed = new Set(groups.map((g) => g.accounts[0]?.api)).size > 1;
  // Two logins alike (two personal tokens of one app) are told apart by their first account.
  const labels = groups.map((g) => loginLabel(t, g));
  const labelOf = (i: number) =>
    labels.indexOf(labels[i]!) === labels.lastIndexOf(labels[i]!)
      ? labels[i]!
      : `${labels[i]} · ${groups[i]!.accounts[0]!.accountId}`;
  let index = 0;
  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    const rows = Array.from(e.currentTarget.querySelectorAll<HTMLElement>('.acct'));
    const at = rows.indexOf(document.activeElement as HTMLElement);
    if (at < 0) return;
    const moves: Record<string, number> = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: rows.length - 1 };
    const to = moves[e.key];
    if (to === undefined) return;
    e.preventDefault();
    rows[Math.min(rows.length - 1, Math.max(0, to))]?.focus();
  };
  return (
    <section className="card accounts" aria-labelledby="accounts-title">
      <div className="screen__head">
        <h2 id="accounts-title">{t.accountsTitle}</h2>
        {addLogin}
      </div>
      <div onKeyDown={onKeyDown}>
        {groups.map((group, i) => (
          <Group
            key={group.key}
            label={labelOf(i)}
            group={group}
            all={groups}
            mixed={mixed}
            loginBusy={loginBusy}
            onRelogin={() => onRelogin(group)}
          >
            {group.accounts.map((a) => (
              <Row
                key={a.accountId}
                account={a}
                index={index++}
                active={a.accountId === activeAccountId}
                stale={stale}
                broken={group.broken}
                onSwitch={onSwitch}
                localCurrencies={localCurrencies}
                nickname={nickname(a.accountId)}
              />
            ))}
          </Group>
        ))}
      </div>
      <p className="muted small">{t.listHint}</p>
    </section>
  );
}

function Group({
  label,
  group,
  all,
  mixed,
  loginBusy,
  onRelogin,
  children,
}: {
  label: string;
  group: LoginGroup;
  all: LoginGroup[];
  mixed: boolean;
  loginBusy: boolean;
  onRelogin: () => void;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const { api, send } = useCommands();
  const [confirming, setConfirming] = useState(false);
  const id = groupDomId(group.key);
  const first = group.accounts[0];
  // The login's one sentence; else each account's own problem (a login whose other accounts open).
  const messages = group.broken
    ? [group.login ? (group.relogin ? needsLoginText(t, group.relogin) : '') : t.noLoginText]
    : group.accounts.filter((a) => a.needsLogin && !a.isDisabled).map((a) => `${a.accountId}: ${needsLoginText(t, a)}`);
  const removal = group.login ? removalOf(t, group, all) : null;
  return (
    <section
      id={id}
      tabIndex={-1}
      className={`login-group${group.relogin ? ' login-group--attention' : ''}`}
      aria-labelledby={`${id}-title`}
    >
      <div className="login-group__head">
        <h3 id={`${id}-title`}>{label}</h3>
        {mixed && first && <span className="tag tag--api">{t.apiTags[first.api]}</span>}
        {group.broken && group.relogin && group.login && (
          <span className="tag tag--warning" data-reason={group.relogin.needsLoginReason ?? undefined}>
            {needsLoginTag(t, group.relogin)}
          </span>
        )}
        <span className="login-group__actions">
          {group.relogin && (
            <button
              type="button"
              className="button button--small button--primary"
              aria-label={t.forLogin(t.loginAgain, label)}
              disabled={loginBusy}
              onClick={onRelogin}
            >
              {t.loginAgain}
            </button>
          )}
          {removal && (
            <button
              type="button"
              className="button button--small"
              aria-haspopup="dialog"
              aria-label={t.forLogin(removal.label, label)}
              onClick={() => setConfirming(true)}
            >
              {removal.label}
            </button>
          )}
        </span>
      </div>
      {messages.filter(Boolean).map((m) => (
        <p key={m} className="login-group__message">
          {m}
        </p>
      ))}
      <ul className="rows">{children}</ul>
      {confirming && removal && group.login && (
        <ConfirmDialog
          title={removal.label + t.question}
          text={removal.text}
          confirmLabel={removal.label}
          danger
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            void send(api.logout({ loginId: group.login!.loginId }));
          }}
        />
      )}
    </section>
  );
}

/**
 * What removing a login is called and what it does, exactly (`logout({ loginId })` in main): its
 * accounts and saved secret leave this computer; on the current API an OAuth login is also
 * revoked at Deriv (or may stay valid there until it expires); a personal token and an API token
 * stay valid at Deriv; a legacy login is only told "logout" when it is the last that opens anything
 * (main then logs out of everything), otherwise nothing is sent.
 */
function removalOf(t: Messages, group: LoginGroup, all: LoginGroup[]): { label: string; text: string } {
  const login = group.login!;
  const gone = t.confirmLogoutThisText(group.accounts.map((a) => a.accountId).join(', '));
  if (login.api === 'current' && login.method === 'oauth')
    return { label: t.logoutLogin, text: `${gone} ${t.sessionEnds[login.sessionEnd ?? 'at_expiry']}` };
  const last = !all.some((g) => g !== group && g.accounts.some((a) => !a.needsLogin));
  const note =
    login.method === 'pat'
      ? t.patRemoveNote
      : login.method === 'api_token'
        ? t.apiTokenLogoutNote
        : last
          ? t.sessionEnds.revoked
          : t.legacyRemoveNote;
  return { label: t.removeLogin, text: `${gone} ${note}` };
}

function Row({
  account: a,
  index,
  active,
  stale,
  broken,
  onSwitch,
  localCurrencies,
  nickname,
}: {
  account: AccountView;
  index: number;
  active: boolean;
  /** The connection is not live. */
  stale: boolean;
  /** Its whole login needs a sign-in: said on the group; the row only says it is not live. */
  broken: boolean;
  onSwitch: (accountId: string) => void;
  localCurrencies?: Record<string, { fractional_digits: number }>;
  nickname: string | null;
}) {
  const { t, language } = useI18n();
  // A last known figure (restored after a restart, not yet confirmed by the server) is not live either.
  const notLive = stale || a.needsLogin || (a.balance !== null && !a.balanceLive);
  const status = a.isDisabled ? (
    <span className="tag tag--disabled">{t.disabled}</span>
  ) : a.needsLogin && !broken ? (
    <span className="tag tag--warning" data-reason={a.needsLoginReason ?? undefined}>
      {needsLoginTag(t, a)}
    </span>
  ) : notLive ? (
    <span className="tag tag--stale">{t.notLiveTag}</span>
  ) : !a.authorized ? (
    <span className="tag tag--stale">{t.notChecked}</span>
  ) : null;
  return (
    <li>
      <button
        type="button"
        className={`acct${active ? ' acct--active' : ''}${notLive ? ' acct--stale' : ''}`}
        data-account-id={a.accountId}
        aria-current={active ? 'true' : undefined}
        aria-disabled={a.isDisabled || undefined}
        onClick={() => {
          if (!a.isDisabled && !active) onSwitch(a.accountId);
        }}
      >
        <span className="acct__id">{a.accountId}</span>
        <span className={`tag ${a.isVirtual ? 'tag--demo' : 'tag--real'}`}>{a.isVirtual ? t.demo : t.real}</span>
        <span className="acct__mid">
          {nickname && <span className="acct__nick">{nickname}</span>}
          {status}
        </span>
        <span className="acct__balance">
          {a.balance === null
            ? `${a.currency || ''} ${t.noBalance}`
            : formatBalance(a.balance, a.currency, language, localCurrencies)}
        </span>
        {index < 9 ? <kbd className="acct__key">{`Ctrl+${index + 1}`}</kbd> : <span className="acct__key" />}
      </button>
    </li>
  );
}
