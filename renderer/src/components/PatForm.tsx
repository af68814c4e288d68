import { type FormEvent, useState } from 'react';

import { useCommands } from '../commands';
import { useI18n } from '../i18n-context';
import { isClientIdOrEmpty } from '../validation';
import { Field } from './Field';

/** Where Deriv's developers make apps and Personal Access Tokens; allow-listed, opened in the system browser. */
export const PAT_HELP_URL = 'https://developers.deriv.com';

/**
 * Deriv's current API: sign in with a Personal Access Token and the app id it was made for. The
 * token is a password field, sent to main once and cleared here at once; it is never shown back.
 * `busy`: a token is being checked; the form is disabled meanwhile. `labelledBy`: the id of a heading
 * around it that names it instead of its own.
 */
export function PatForm({
  defaultAppId,
  busy = false,
  labelledBy,
}: {
  defaultAppId: string;
  busy?: boolean;
  labelledBy?: string;
}) {
  const { t } = useI18n();
  const { api, send } = useCommands();
  const [token, setToken] = useState('');
  const [appId, setAppId] = useState(defaultAppId);
  const [submitted, setSubmitted] = useState(false);
  const tokenError = submitted && token.trim() === '' ? t.patMissing : null;
  const appIdError = submitted && (appId.trim() === '' || !isClientIdOrEmpty(appId)) ? t.patAppIdMissing : null;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (busy || token.trim() === '' || appId.trim() === '' || !isClientIdOrEmpty(appId)) return;
    const typed = token.trim();
    setToken('');
    setSubmitted(false);
    // PATs are the current API's: this form is shown only while the settings speak it.
    void send(api.signIn({ api: 'current', method: 'pat', token: typed, appId: appId.trim() }));
  };

  return (
    <form className="pat-form" onSubmit={onSubmit} noValidate aria-labelledby={labelledBy ?? 'pat-title'}>
      {!labelledBy && <h3 id="pat-title">{t.patTitle}</h3>}
      <fieldset className="pat-form__fields" disabled={busy}>
        <Field
          label={t.patLabel}
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={token}
          onValue={setToken}
          error={tokenError}
        />
        <Field label={t.patAppId} autoComplete="off" value={appId} onValue={setAppId} error={appIdError} />
        <p>
          <a
            href={PAT_HELP_URL}
            onClick={(e) => {
              // The app window never navigates away: the system browser opens it.
              e.preventDefault();
              void send(api.openExternal({ url: PAT_HELP_URL }));
            }}
          >
            {t.patWhere}
          </a>
        </p>
        <button type="submit" className="button">
          {t.patSubmit}
        </button>
      </fieldset>
    </form>
  );
}
