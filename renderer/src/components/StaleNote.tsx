import { staleSince } from '../../../main/core/model';
import type { ConnectionState } from '../../../main/ipc/contract';
import { useI18n } from '../i18n-context';

/**
 * Says that the figures around it are not live, and since when: a trader must never read a frozen
 * balance as a current one. Renders nothing while the connection is live (or there is no data yet).
 */
export function StaleNote({ connection }: { connection: ConnectionState }) {
  const { t, language } = useI18n();
  const since = staleSince(connection);
  if (since === null) return null;
  const time = new Intl.DateTimeFormat(language, { timeStyle: 'medium' }).format(new Date(since));
  return (
    <p className="stale-note" data-testid="stale-note">
      <strong>{t.notLive}</strong> {t.lastLiveAt(time)}
    </p>
  );
}

/** True while the data shown is not live: cards grey their figures out. */
export function isStale(connection: ConnectionState): boolean {
  return staleSince(connection) !== null;
}
