import { type FormEvent, useState } from 'react';

import type { CurrentSettings, DerivApi, LegacySettings } from '../../../main/ipc/contract';
import { useCommands } from '../commands';
import { useI18n } from '../i18n-context';
import { isAppId, isClientIdOrEmpty, isCurrentRedirectOk, isRedirectUrl } from '../validation';
import { DemoApiChoice } from './DemoApiChoice';
import { Field } from './Field';
import { LoginPlace } from './LoginPlace';

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
 * The recommended path: Deriv's current API, with the app registered for it (its app id, which is
 * the OAuth client id, and its return address), or nothing at all for a trader who signs in with
 * a personal token. The fields carry a trader's words; the OAuth terms are in a fold beneath.
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
    <section className="card card--recommended" aria-labelledby="choice-current">
      <h3 id="choice-current">
        {t.currentChoiceTitle} <span className="tag tag--active">{t.recommended}</span>
      </h3>
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
        <details className="fold">
          <summary>{t.technicalTerms}</summary>
          <p className="field__hint">{t.technicalTermsText}</p>
        </details>
        <LoginPlace settings={settings} />
        <p>
          <button type="submit" className="button button--primary button--large">
            {t.useCurrentApi}
          </button>
        </p>
      </form>
    </section>
  );
}

/** The legacy API's app_id form, folded among the other ways: that API is being retired. */
function LegacyApiChoice({ settings }: { settings: LegacySettings }) {
  const { t } = useI18n();
  const { api, send } = useCommands();
  const [appId, setAppId] = useState(settings.appId);
  const [redirectUrl, setRedirectUrl] = useState(settings.redirectUrl);
  const [submitted, setSubmitted] = useState(false);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (!isAppId(appId) || !isRedirectUrl(redirectUrl)) return;
    void send(api.chooseMode({ mode: 'deriv', appId: appId.trim(), redirectUrl: redirectUrl.trim() }));
  };

  return (
    <details className="card">
      <summary>
        <h3 id="choice-deriv">{t.derivChoiceTitle}</h3>
      </summary>
      <form onSubmit={onSubmit} noValidate aria-labelledby="choice-deriv">
        <Field
          label={t.appId}
          hint={t.appIdHint}
          error={submitted && !isAppId(appId) ? t.invalidAppId : null}
          value={appId}
          onValue={setAppId}
          inputMode="numeric"
          autoComplete="off"
        />
        <Field
          label={t.redirectUrl}
          hint={t.redirectUrlHint}
          error={submitted && !isRedirectUrl(redirectUrl) ? t.invalidUrl : null}
          value={redirectUrl}
          onValue={setRedirectUrl}
          type="url"
          autoComplete="off"
        />
        <LoginPlace settings={settings} />
        <p>
          <RegisterAppLink />
        </p>
        <button type="submit" className="button">
          {t.useDeriv}
        </button>
      </form>
    </details>
  );
}

/**
 * First run: one recommended path (log in with Deriv, on its current API) first and large; demo
 * mode and the legacy API below it as secondary choices.
 */
export function FirstRun({ settingsByApi }: { settingsByApi: { legacy: LegacySettings; current: CurrentSettings } }) {
  const { t } = useI18n();
  const { api, send } = useCommands();
  // The sandbox serves both APIs; the current one is a new install's default, as for "Deriv".
  const [demoApi, setDemoApi] = useState<DerivApi>('current');

  return (
    <section className="screen" aria-labelledby="first-run-title">
      <h2 id="first-run-title">{t.firstRunTitle}</h2>
      <p>{t.firstRunIntro}</p>
      <CurrentApiChoice settings={settingsByApi.current} />
      <h3>{t.otherWays}</h3>
      <div className="choices">
        <section className="card" aria-labelledby="choice-demo">
          <h3 id="choice-demo">{t.demoChoiceTitle}</h3>
          <p>{t.demoChoiceText}</p>
          <DemoApiChoice value={demoApi} onChange={setDemoApi} />
          <button
            type="button"
            className="button"
            onClick={() => void send(api.chooseMode({ mode: 'demo', api: demoApi }))}
          >
            {t.useDemo}
          </button>
        </section>
        <LegacyApiChoice settings={settingsByApi.legacy} />
      </div>
    </section>
  );
}
