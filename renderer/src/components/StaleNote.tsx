import { staleSince } from '../../../main/core/model';
import type { ConnectionState } from '../../../main/ipc/contract';
import { useI18n } from '../i18n-context';

/**
 * Says that the figures around it are not live, and since when, or that the last update is
 * unknown: a trader must never read a frozen balance as a current one. Renders nothing while the
 * connection is live (or before there is any, `idle`).
 */
export function StaleNote({ connection }: { connection: ConnectionState }) {
  const { t, language } = useI18n();
  if (!isStale(connection)) return null;
  const since = staleSince(connection);
  const time =
    since === null ? null : new Intl.DateTimeFormat(language, { timeStyle: 'medium' }).format(new Date(since));
  return (
    <p className="stale-note" data-testid="stale-note">
      <strong>{t.notLive}</strong> {time === null ? t.lastUpdateUnknown : t.lastLiveAt(time)}
    </p>
  );
}

/** True while the data shown is not live: every state but online (and idle, before any data). */
export function isStale(connection: ConnectionState): boolean {
  return connection.status !== 'online' && connection.status !== 'idle';
}
