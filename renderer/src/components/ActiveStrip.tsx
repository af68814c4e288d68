import { useEffect, useRef, useState } from 'react';

import type { AccountView, ConnectionState } from '../../../main/ipc/contract';
import { needsLoginTag } from '../account-status';
import { formatBalance } from '../format';
import { useI18n } from '../i18n-context';
import { totals } from '../login-groups';
import { isStale, StaleNote } from './StaleNote';

type Local = Record<string, { fractional_digits: number }>;

/** Re-renders every second while `on`: "updated N s ago" counts up. */
function useNow(on: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!on) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [on]);
  return now;
}

/** "now", "12 seconds ago", "5 minutes ago", "3 hours ago", "2 days ago" (a balance that has not changed for long). */
export function relativeAgo(seconds: number, language: string): string {
  const [value, unit]: [number, Intl.RelativeTimeFormatUnit] =
    seconds < 60
      ? [seconds, 'second']
      : seconds < 3600
        ? [Math.floor(seconds / 60), 'minute']
        : seconds < 86_400
          ? [Math.floor(seconds / 3600), 'hour']
          : [Math.floor(seconds / 86_400), 'day'];
  return new Intl.RelativeTimeFormat(language, { numeric: 'auto' }).format(-value, unit);
}

/**
 * The active account first: its id (copied in one click), real or demo, its balance large with
 * when it was last updated (a brief highlight when the figure changes, none with reduced motion),
 * or why it is not live; then the totals per currency, real and demo apart, summed exactly.
 */
export function ActiveStrip({
  account: a,
  accounts,
  connection,
  login,
  localCurrencies,
}: {
  account: AccountView;
  accounts: AccountView[];
  connection: ConnectionState;
  /** The label of the login that opens it. */
  login: string;
  localCurrencies?: Local;
}) {
  const { t, language } = useI18n();
  const live =
    !isStale(connection) && connection.status !== 'idle' && !a.needsLogin && a.balance !== null && a.balanceLive;
  // A last known figure (kept from before a restart, or from before its login failed): said as such, with its time.
  const restoredAt = !live && a.balance !== null && !a.balanceLive ? a.balanceAt : null;
  const now = useNow(live);
  // When this figure was first seen here: the renderer learns of a balance when main pushes it.
  const seen = useRef({ key: '', at: 0, changed: false });
  const key = `${a.accountId}|${a.balance}`;
  if (seen.current.key !== key) {
    const sameAccount = seen.current.key.startsWith(`${a.accountId}|`);
    seen.current = { key, at: Date.now(), changed: sameAccount };
  }
  // The id last copied: "Copied" shows until another account is active.
  const [copied, setCopied] = useState('');
  // Main's time of the figure where it says; else when this page first saw it.
  const ago = Math.max(0, Math.round((now - (a.balanceAt ?? seen.current.at)) / 1000));
  const sums = accounts.length > 1 ? totals(accounts) : { real: [], demo: [] };
  const money = (pairs: [string, string][]) =>
    pairs.map(([code, amount]) => formatBalance(amount, code, language, localCurrencies)).join(' · ');

  return (
    <section
      className={`card strip${live ? '' : ' strip--stale'}${isStale(connection) ? ' strip--offline' : ''}`}
      aria-labelledby="strip-title"
    >
      <h2 id="strip-title" className="visually-hidden">
        {t.activeTitle}
      </h2>
      <div className="strip__who">
        <span className="strip__id" data-testid="active-id">
          {a.accountId}
        </span>
        <button
          type="button"
          className="button button--small"
          aria-label={t.copyId(a.accountId)}
          onClick={() => void navigator.clipboard?.writeText(a.accountId).then(() => setCopied(a.accountId))}
        >
          {copied === a.accountId ? t.copied : t.copy}
        </button>
        <span className={`tag ${a.isVirtual ? 'tag--demo' : 'tag--real'}`}>{a.isVirtual ? t.demo : t.real}</span>
        <span className="muted small">{login}</span>
      </div>
      <p
        key={a.balance ?? ''}
        className={`strip__balance${seen.current.changed ? ' strip__balance--changed' : ''}`}
        data-testid="active-balance"
      >
        {a.balance === null
          ? `${a.currency || ''} ${t.noBalance}`
          : formatBalance(a.balance, a.currency, language, localCurrencies)}
      </p>
      {live ? (
        <p className="strip__when muted small">{t.updated(relativeAgo(ago, language))}</p>
      ) : isStale(connection) && restoredAt === null ? (
        <StaleNote connection={connection} />
      ) : restoredAt !== null && !a.needsLogin ? (
        <p className="stale-note" data-testid="stale-note">
          <strong>{t.notLive}</strong>{' '}
          {t.lastLiveAt(new Intl.DateTimeFormat(language, { timeStyle: 'medium' }).format(new Date(restoredAt)))}
        </p>
      ) : (
        // Live connection, but not this account: its login needs signing in again (said on its group).
        <p className="stale-note" data-testid="stale-note">
          <strong>{t.notLive}</strong> {a.needsLogin ? needsLoginTag(t, a) : t.lastUpdateUnknown}
        </p>
      )}
      {(sums.real.length > 0 || sums.demo.length > 0) && (
        <dl className="strip__totals small" aria-label={t.totalsTitle}>
          {sums.real.length > 0 && (
            <div>
              <dt>{t.real}</dt>
              <dd>{money(sums.real)}</dd>
            </div>
          )}
          {sums.demo.length > 0 && (
            <div>
              <dt>{t.demo}</dt>
              <dd>{money(sums.demo)}</dd>
            </div>
          )}
        </dl>
      )}
    </section>
  );
}
