import { type FormEvent, useState } from 'react';

import type { CurrentSettings, DerivApi, LegacySettings } from '../../../main/ipc/contract';
import { useCommands } from '../commands';
import { useI18n } from '../i18n-context';
import { isAppId, isClientIdOrEmpty, isCurrentRedirectOk, isRedirectUrl } from '../validation';
import { DemoApiChoice } from './DemoApiChoice';
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

/**
 * Deriv's current API: the app registered for it (app id = OAuth client id, and its redirect URL),
 * or nothing at all for a trader who signs in with a personal access token.
 */
function CurrentApiChoice({ settings }: { settings: CurrentSettings }) {
  const { t } = useI18n();
  const { api, send } = useCommands();
  const [clientId, setClientId] = useState(settings.clientId);
  const [redirect, setRedirect] = useState(settings.clientRedirectUrl);
  const [submitted, setSubmitted] = useState(false);
  const idOk = isClientIdOrEmpty(clientId);
  const redirectOk = isCurrentRedirectOk(clientId, redirect);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (!idOk || !redirectOk) return;
    const args = {
      mode: 'deriv',
      api: 'current',
      clientId: clientId.trim(),
      clientRedirectUrl: redirect.trim(),
    } as const;
    void send(api.chooseMode(args));
  };

  return (
    <section className="card" aria-labelledby="choice-current">
      <h3 id="choice-current">{t.currentChoiceTitle}</h3>
      <p>{t.currentChoiceText}</p>
      <form onSubmit={onSubmit} noValidate>
        <Field
          label={t.clientId}
          hint={t.clientIdHint}
          error={submitted && !idOk ? t.invalidClientId : null}
          value={clientId}
          onValue={setClientId}
          autoComplete="off"
        />
        <Field
          label={t.clientRedirectUrl}
          hint={t.redirectUrlHint}
          error={submitted && !redirectOk ? t.invalidUrl : null}
          value={redirect}
          onValue={setRedirect}
          type="url"
          autoComplete="off"
        />
        <button type="submit" className="button button--primary">
          {t.useCurrentApi}
        </button>
      </form>
    </section>
  );
}

export function FirstRun({ settingsByApi }: { settingsByApi: { legacy: LegacySettings; current: CurrentSettings } }) {
  const settings = settingsByApi.legacy;
  const { t } = useI18n();
  const { api, send } = useCommands();
  const [appId, setAppId] = useState(settings.appId);
  const [redirectUrl, setRedirectUrl] = useState(settings.redirectUrl);
  const [submitted, setSubmitted] = useState(false);
  // The sandbox serves both APIs; the current one is a new install's default, as for "Deriv".
  const [demoApi, setDemoApi] = useState<DerivApi>('current');
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
          <DemoApiChoice value={demoApi} onChange={setDemoApi} />
          <button
            type="button"
            className="button button--primary"
            onClick={() => void send(api.chooseMode({ mode: 'demo', api: demoApi }))}
          >
            {t.useDemo}
          </button>
        </section>
        <CurrentApiChoice settings={settingsByApi.current} />
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
