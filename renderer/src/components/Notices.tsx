import { memo } from 'react';

import type { Notice, PersistenceState } from '../../../main/ipc/contract';
import { useCommands } from '../commands';
import { noticeText } from '../i18n';
import { useI18n } from '../i18n-context';

/** Shown only when the OS cannot really encrypt (Linux without a keyring). Memoised, as `Notices`. */
export const PersistenceNotice = memo(function PersistenceNotice({ persistence }: { persistence: PersistenceState }) {
  const { t } = useI18n();
  const { api, send } = useCommands();
  if (persistence.encryptionAvailable) return null;
  const allowed = persistence.plaintextConsent === true;
  return (
    <section className={`notice ${allowed ? 'notice--info' : 'notice--warning'}`} aria-labelledby="persistence-title">
      <h2 id="persistence-title" className="notice__title">
        {allowed ? t.plaintextOnTitle : t.persistenceTitle}
      </h2>
      <p>{allowed ? t.plaintextOnText : t.persistenceText(persistence.backend)}</p>
      <button
        type="button"
        className="button button--small"
        onClick={() => void send(api.setPlaintextConsent({ allow: !allowed }))}
      >
        {allowed ? t.stopPlaintext : t.allowPlaintext}
      </button>
    </section>
  );
});

/** Memoised: the notices keep their identity across snapshots while unchanged (App's `keepUnchanged`). */
export const Notices = memo(function Notices({ notices }: { notices: Notice[] }) {
  const { t } = useI18n();
  const { api, send } = useCommands();
  return (
    <div aria-live="polite">
      {notices.length > 0 && (
        <ul className="notices" aria-label={t.noticesTitle}>
          {notices.map((n) => {
            const text = noticeText(t, n);
            return (
              <li key={n.id} className={`notice notice--${n.level}`} data-code={n.code}>
                <p>{text}</p>
                <button
                  type="button"
                  className="button button--small"
                  aria-label={`${t.dismiss}: ${text}`}
                  onClick={() => void send(api.dismissNotice({ id: n.id }))}
                >
                  {t.dismiss}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
});
