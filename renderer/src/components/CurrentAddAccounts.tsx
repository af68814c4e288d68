import { useCommands } from '../commands';
import { useI18n } from '../i18n-context';
import { PatForm } from './PatForm';

/**
 * Adding accounts on Deriv's current API, the two ways that API signs in: another OAuth login in
 * the login window, or a personal access token with its app id. (Pasted API tokens are the legacy
 * API's, and main refuses them here.) `busy`: a login is running; both ways wait for it.
 */
export function CurrentAddAccounts({ clientId, busy }: { clientId: string; busy: boolean }) {
  const { t } = useI18n();
  const { api, send } = useCommands();
  return (
    <details className="card">
      <summary>{t.currentAddAccounts}</summary>
      <div className="stack">
        <p>{t.currentAddIntro}</p>
        <div>
          <button
            type="button"
            className="button button--primary"
            disabled={busy}
            onClick={() => void send(api.signIn({ api: 'current', method: 'oauth' }))}
          >
            {t.loginButton}
          </button>
        </div>
        {/* Its own heading id: the PAT re-login form above may be open beside it. */}
        <h3 id="add-pat-title">{t.patTitle}</h3>
        <PatForm defaultAppId={clientId} busy={busy} labelledBy="add-pat-title" />
      </div>
    </details>
  );
}
