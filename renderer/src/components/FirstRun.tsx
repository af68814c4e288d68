import { type FormEvent, useState } from 'react';

import type { EndpointSettings } from '../../../main/ipc/contract';
import { useCommands } from '../commands';
import { useI18n } from '../i18n-context';
import { isAppId, isRedirectUrl } from '../validation';
import { Field } from './Field';

export const APP_REGISTRATION_URL = 'https://api.deriv.com/dashboard';

export function RegisterAppLink() {
  const { t } = useI18n();
  const { api, send } = useCommands();
  return (
    <a
      href={APP_REGISTRATION_URL}
      onClick={(e) => {
        // The app window never navigates away: the system browser opens it.
        e.preventDefault();
        void send(api.openExternal({ url: APP_REGISTRATION_URL }));
      }}
    >
      {t.registerApp}
    </a>
  );
}

export function FirstRun({ settings }: { settings: EndpointSettings }) {
  const { t } = useI18n();
  const { api, send } = useCommands();
  const [appId, setAppId] = useState(settings.appId);
  const [redirectUrl, setRedirectUrl] = useState(settings.redirectUrl);
  const [submitted, setSubmitted] = useState(false);
  const appIdError = submitted && !isAppId(appId) ? t.invalidAppId : null;
  const urlError = submitted && !isRedirectUrl(redirectUrl) ? t.invalidUrl : null;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (!isAppId(appId) || !isRedirectUrl(redirectUrl)) return;
    void send(api.chooseMode({ mode: 'deriv', appId: appId.trim(), redirectUrl: redirectUrl.trim() }));
  };

  return (
    <section className="screen" aria-labelledby="first-run-title">
      <h2 id="first-run-title">{t.firstRunTitle}</h2>
      <p>{t.firstRunIntro}</p>
      <div className="choices">
        <section className="card" aria-labelledby="choice-demo">
          <h3 id="choice-demo">{t.demoChoiceTitle}</h3>
          <p>{t.demoChoiceText}</p>
          <button
            type="button"
            className="button button--primary"
            onClick={() => void send(api.chooseMode({ mode: 'demo' }))}
          >
            {t.useDemo}
          </button>
        </section>
        <section className="card" aria-labelledby="choice-deriv">
          <h3 id="choice-deriv">{t.derivChoiceTitle}</h3>
          <p>{t.derivChoiceText}</p>
          <form onSubmit={onSubmit} noValidate>
            <Field
              label={t.appId}
              hint={t.appIdHint}
              error={appIdError}
              value={appId}
              onValue={setAppId}
              inputMode="numeric"
              autoComplete="off"
            />
            <Field
              label={t.redirectUrl}
              hint={t.redirectUrlHint}
              error={urlError}
              value={redirectUrl}
              onValue={setRedirectUrl}
              type="url"
              autoComplete="off"
            />
            <p>
              <RegisterAppLink />
            </p>
            <button type="submit" className="button button--primary">
              {t.useDeriv}
            </button>
          </form>
        </section>
      </div>
    </section>
  );
}
