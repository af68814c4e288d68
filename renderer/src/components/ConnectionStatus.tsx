import { useEffect, useState } from 'react';

import type { ConnectionState } from '../../../main/ipc/contract';
import { useCommands } from '../commands';
import { useI18n } from '../i18n-context';

/** Seconds left before the next retry, counted down live from main's `nextRetryAt`. */
function useSecondsUntil(at: number | null): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (at === null) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [at]);
  return at === null ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

/** A clock time, HH:MM:SS in the user's language. */
function clockTime(at: number, language: string): string {
  return new Intl.DateTimeFormat(language, {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(at));
}

/**
 * The connection in the header: its state word (live for screen readers), the retry countdown,
 * until when Deriv asked to wait, and a discreet note while the session is renewed (which never
 * interrupts anything: the state stays "Online").
 */
export function ConnectionStatus({
  connection,
  refreshing = false,
  attention = false,
}: {
  connection: ConnectionState;
  refreshing?: boolean;
  /** A login needs the trader: the dot is never green then, even online. */
  attention?: boolean;
}) {
  const { t, language } = useI18n();
  const { api, send } = useCommands();
  const seconds = useSecondsUntil(connection.status === 'reconnecting' ? connection.nextRetryAt : null);
  // With no network a retry is pointless unless the OS is wrong; the button stays for that case.
  const canRetry =
    connection.status === 'reconnecting' || connection.status === 'offline' || connection.status === 'no_network';
  return (
    <div className={`connection connection--${connection.status}${attention ? ' connection--attention' : ''}`}>
      <span className="connection__dot" aria-hidden="true" />
      {/* Only the status word is live: a per-second countdown would flood screen readers. */}
      <span role="status" aria-label={`${t.connectionLabel}: ${t.connection[connection.status]}`}>
        {t.connection[connection.status]}
      </span>
      {connection.status === 'reconnecting' && seconds !== null && (
        <span className="connection__detail" data-testid="countdown">
          {t.reconnectingIn(seconds)} ({t.reconnectAttempt(connection.attempt)})
        </span>
      )}
      {connection.status === 'no_network' && <span className="connection__detail">{t.noNetworkDetail}</span>}
      {connection.status === 'rate_limited' && (
        <span className="connection__detail" data-testid="rate-limited-until">
          {t.rateLimitedUntil(clockTime(connection.until, language))}
        </span>
      )}
      {refreshing && (
        <span className="connection__detail connection__refreshing" data-testid="refreshing">
          {t.refreshingSession}
        </span>
      )}
      {connection.status === 'offline' && connection.reason && (
        <span className="connection__detail">{t.failureReasons[connection.reason]}</span>
      )}
      {canRetry && (
        <button type="button" className="button button--small" onClick={() => void send(api.retryConnection())}>
          {t.retryNow}
        </button>
      )}
    </div>
  );
}
