import { type ClipboardEvent, type FormEvent, useState } from 'react';

import { API_TOKEN_PAGE_URL } from '../../../main/core/model';
import type { LoginState } from '../../../main/ipc/contract';
import { useCommands } from '../commands';
import { useI18n } from '../i18n-context';

const MAX_FIELDS = 26;

/** Opens Deriv's API token page in the system browser (the app window never navigates away). */
export function ApiTokenPageLink() {
  const { t } = useI18n();
  const { api, send } = useCommands();
  return (
    <a
      href={API_TOKEN_PAGE_URL}
      onClick={(e) => {
        e.preventDefault();
        void send(api.openExternal({ url: API_TOKEN_PAGE_URL }));
      }}
    >
      {t.tokenWhere}
    </a>
  );
}

/**
 * Sign-in with API tokens: password fields (never shown back), one token each; pasting several
 * tokens at once fills one field per token. The fields are emptied as soon as the tokens are sent
 * to main, whatever the outcome: the renderer keeps no token.
 */
export function ApiTokenLogin({ login }: { login: LoginState }) {
  const { t } = useI18n();
  const { api, send } = useCommands();
  const [fields, setFields] = useState<string[]>(['']);
  const checking = login.status === 'waiting' && login.method === 'api_token';
  // Another sign-in is running (the login window is open): main takes one at a time.
  const busy = login.status === 'waiting';

  const setField = (i: number, value: string) => setFields((f) => f.map((v, j) => (j === i ? value : v)));
  // A password field drops line breaks from a paste, which would glue several tokens together.
  const onPaste = (i: number) => (e: ClipboardEvent<HTMLInputElement>) => {
    const pieces = e.clipboardData
      .getData('text')
      .split(/[\s,;]+/)
      .filter(Boolean);
    if (pieces.length < 2) return;
    e.preventDefault();
    setFields((f) => [...f.slice(0, i), ...pieces, ...f.slice(i + 1)].slice(0, MAX_FIELDS));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const tokens = fields
      .map((v) => v.trim())
      .filter(Boolean)
      .join(' ');
    setFields(['']);
    // API tokens are the legacy API's: this form is shown only while the settings speak it.
    void send(api.signIn({ api: 'legacy', method: 'api_token', tokens }));
  };
  const failed = login.status === 'failed' && login.method === 'api_token' ? login.error : null;

  return (
    <section className="token-login" aria-labelledby="token-login-title">
      <h3 id="token-login-title">{t.tokenLoginTitle}</h3>
      <p>
        {t.tokenLoginIntro} <ApiTokenPageLink />
      </p>
      <form onSubmit={submit} className="stack" autoComplete="off">
        {fields.map((value, i) => (
          <label key={i} className="field">
            <span className="field__label">{t.tokenField(i + 1)}</span>
            <input
              type="password"
              name={`api-token-${i + 1}`}
              autoComplete="off"
              spellCheck={false}
              value={value}
              disabled={busy}
              onChange={(e) => setField(i, e.target.value)}
              onPaste={onPaste(i)}
            />
          </label>
        ))}
        <div className="row">
          {fields.length < MAX_FIELDS && (
            <button type="button" className="button" disabled={busy} onClick={() => setFields((f) => [...f, ''])}>
              {t.tokenAddField}
            </button>
          )}
          <button
            type="submit"
            className="button button--primary"
            disabled={busy || fields.every((v) => v.trim() === '')}
          >
            {t.tokenSubmit}
          </button>
        </div>
      </form>
      {checking && (
        <p role="status" className="login__headline">
          <span className="spinner" aria-hidden="true" /> {t.tokenChecking}
        </p>
      )}
      {failed && (
        <div className="login__failed" role="alert" data-error-code={failed.code}>
          <p className="login__headline">{t.tokenFailedTitle}</p>
          <p>
            {failed.params.position !== null && t.tokenPosition(failed.params.position)}
            {t.tokenErrors[failed.code]}
          </p>
          <p className="muted">{t.tokenNothingChanged}</p>
        </div>
      )}
    </section>
  );
}
