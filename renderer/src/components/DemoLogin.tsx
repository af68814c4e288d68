import { useId } from 'react';

import type { AppState, DemoCredential, DemoUser, DerivApi } from '../../../main/ipc/contract';
import { useCommands } from '../commands';
import { useI18n } from '../i18n-context';
import { SwitchDemoApiButton } from './DemoApiChoice';

type Demo = NonNullable<AppState['demo']>;

/** The sandbox login page's users, one line each (e-mail · password): they are typed there, not here. */
function DemoUsers({ users }: { users: DemoUser[] }) {
  const { t } = useI18n();
  return (
    <section className="demo-users" aria-labelledby="demo-users-title">
      <h3 id="demo-users-title">{t.demoUsersTitle}</h3>
      <p>{t.demoUsersIntro}</p>
      <ul className="demo-users__list">
        {users.map((u) => (
          <li key={u.email}>
            <code>{u.email}</code> · <code>{u.password}</code>
          </li>
        ))}
      </ul>
    </section>
  );
}

function CredentialItem({ credential, usable, busy }: { credential: DemoCredential; usable: boolean; busy: boolean }) {
  const { t } = useI18n();
  const { api, send } = useCommands();
  const action = credential.kind === 'pat' ? t.signInWithDemoPat : t.signInWithDemoApiToken;
  const who = credential.accountId ? `${credential.email} (${credential.accountId})` : credential.email;
  return (
    <li className="demo-credential">
      <span>
        <span>
          <strong>{t.demoCredentialKinds[credential.kind]}</strong> · <code>{credential.email}</code>
          {credential.accountId && (
            <>
              {' '}
              · <code>{credential.accountId}</code>
            </>
          )}
        </span>
        <span className="field__hint">{t.demoScopes(credential.scopes)}</span>
      </span>
      {usable && (
        <button
          type="button"
          className="button"
          disabled={busy}
          aria-label={t.demoSignInLabel(action, who)}
          onClick={() => void send(api.signIn({ api: credential.api, method: 'demo', id: credential.id }))}
        >
          {action}
        </button>
      )}
    </li>
  );
}

/** One API's demo credentials: usable when the demo speaks that API, else a switch to it (asked first). */
function CredentialGroup({ forApi, demo, busy }: { forApi: DerivApi; demo: Demo; busy: boolean }) {
  const { t } = useI18n();
  const id = useId();
  const credentials = demo.credentials.filter((c) => c.api === forApi);
  if (credentials.length === 0) return null;
  const usable = forApi === demo.api;
  const name = t.demoApiNames[forApi];
  const list = (
    <ul className="demo-credentials__list">
      {credentials.map((c) => (
        <CredentialItem key={c.id} credential={c} usable={usable} busy={busy} />
      ))}
    </ul>
  );
  // The other API's tokens are folded: they need a switch first, and the screen stays short.
  return (
    <section className="demo-credentials__group" aria-labelledby={id} data-api={forApi}>
      {usable ? (
        <>
          <h4 id={id}>{name}</h4>
          {list}
        </>
      ) : (
        <details>
          <summary>
            <h4 id={id}>{name}</h4>
          </summary>
          <div className="row">
            <p>{t.demoOtherApi(name)}</p>
            <SwitchDemoApiButton to={forApi} disabled={busy} />
          </div>
          {list}
        </details>
      )}
    </section>
  );
}

/**
 * What demo mode offers on the login screen: the demo users for the sandbox's login page, and the
 * demo's tokens of both APIs, grouped by API, signed in with by id (main holds the secrets).
 * `busy`: a login or a token check is running; its sign-in buttons wait for it (main would drop a
 * second login silently).
 */
export function DemoLogin({ demo, busy = false }: { demo: Demo; busy?: boolean }) {
  const { t } = useI18n();
  const other: DerivApi = demo.api === 'current' ? 'legacy' : 'current';
  return (
    <>
      {demo.users.length > 0 && <DemoUsers users={demo.users} />}
      {demo.credentials.length > 0 && (
        <section className="demo-credentials" aria-labelledby="demo-credentials-title">
          <h3 id="demo-credentials-title">{t.demoCredentialsTitle}</h3>
          <p>
            <span>{t.demoApiInUse(t.demoApiNames[demo.api])}</span> {t.demoCredentialsIntro}
          </p>
          <CredentialGroup forApi={demo.api} demo={demo} busy={busy} />
          <CredentialGroup forApi={other} demo={demo} busy={busy} />
        </section>
      )}
    </>
  );
}
