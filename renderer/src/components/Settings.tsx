import { type FormEvent, useState } from 'react';

import { API_SETTINGS_KEYS, recordOf } from '../../../main/core/model';
import type {
  AppMode,
  AppState,
  DerivApi,
  Language,
  LoginFlow,
  SettingsPatch,
  SettingsRecord,
} from '../../../main/ipc/contract';
import { useCommands } from '../commands';
import { useI18n } from '../i18n-context';
import {
  isAppId,
  isClientIdOrEmpty,
  isCurrentRedirectOk,
  isRedirectUrl,
  isRedirectUrlOrEmpty,
  isServerUrl,
  isSocketUrl,
} from '../validation';
import { ForgetEverythingButton } from './ConfirmDialog';
import { DemoApiChoice, DemoApiSwitch } from './DemoApiChoice';
import { Field } from './Field';
import { RegisterAppLink } from './FirstRun';
import { LoginPlace } from './LoginPlace';
import { Preferences } from './Preferences';

type TextKey =
  | 'wsUrl'
  | 'oauthUrl'
  | 'issuer'
  | 'appId'
  | 'redirectUrl'
  | 'authServerUrl'
  | 'restUrl'
  | 'clientId'
  | 'clientRedirectUrl';

type ErrorKey = 'invalidSocketUrl' | 'invalidServerUrl' | 'invalidAppId' | 'invalidUrl' | 'invalidClientId';

/** Each field's rule, and the words when it is broken. */
const CHECKS: Record<TextKey, [(value: string) => boolean, ErrorKey]> = {
  wsUrl: [isSocketUrl, 'invalidSocketUrl'],
  oauthUrl: [isServerUrl, 'invalidServerUrl'],
  issuer: [isServerUrl, 'invalidServerUrl'],
  appId: [isAppId, 'invalidAppId'],
  redirectUrl: [isRedirectUrl, 'invalidUrl'],
  authServerUrl: [isServerUrl, 'invalidServerUrl'],
  restUrl: [isServerUrl, 'invalidServerUrl'],
  // Empty until an app is registered: a PAT user may never need one.
  clientId: [isClientIdOrEmpty, 'invalidClientId'],
  clientRedirectUrl: [isRedirectUrlOrEmpty, 'invalidUrl'],
};

/** The server addresses: under the "Advanced" fold, since Deriv's defaults are what a trader needs. */
const ADVANCED: readonly TextKey[] = ['wsUrl', 'oauthUrl', 'issuer', 'authServerUrl', 'restUrl'];

/**
 * Only what the user changed among the chosen API's fields goes to main (with that API), so a save
 * never overwrites fields main manages; null when nothing changed.
 */
export function changedFields(before: SettingsRecord, after: SettingsRecord): SettingsPatch | null {
  const patch: Record<string, string> = {};
  const keys: readonly ((keyof SettingsRecord & TextKey) | 'flow' | 'language')[] = [
    ...API_SETTINGS_KEYS[after.api],
    'language',
  ];
  for (const key of keys) {
    const value = after[key].trim();
    if (value !== before[key]) patch[key] = value;
  }
  if (after.api === before.api && Object.keys(patch).length === 0) return null;
  return { ...patch, api: after.api } as SettingsPatch;
}

export function Settings({
  state,
  mode,
  onClose,
}: {
  state: Pick<AppState, 'settings' | 'settingsByApi' | 'accounts' | 'preferences'>;
  mode: AppMode;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const { api, send } = useCommands();
  const { settings } = state;
  // What main has now (a save updates it), both APIs' values, so switching the API select shows the
  // other API's own; the draft is compared with it.
  const saved = recordOf(state);
  const [draft, setDraft] = useState<SettingsRecord>(saved);
  // A key, not a string: saving may change the language the message is shown in.
  const [message, setMessage] = useState<'saved' | 'noChanges' | null>(null);
  const [showErrors, setShowErrors] = useState(false);
  const [demoApi, setDemoApi] = useState<DerivApi>('current');

  const set = <K extends keyof SettingsRecord>(key: K, value: SettingsRecord[K]) => {
    setDraft((d: SettingsRecord) => ({ ...d, [key]: value }));
    setMessage(null);
  };
  const patch = changedFields(saved, draft);
  const broken = (key: TextKey) => patch !== null && key in patch && !CHECKS[key][0](draft[key]);
  const errorFor = (key: TextKey): string | null => (showErrors && broken(key) ? t[CHECKS[key][1]] : null);
  const invalid = (Object.keys(CHECKS) as TextKey[]).some(broken);
  const advancedInvalid = ADVANCED.some((k) => errorFor(k) !== null);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setShowErrors(true);
    if (invalid) return;
    if (patch === null) {
      setMessage('noChanges');
      return;
    }
    if (await send(api.saveSettings(patch))) setMessage('saved');
  };
  // "Switch to Deriv" follows the API chosen above: the current API's registration, or an app_id.
  const toDeriv =
    draft.api === 'current'
      ? {
          ready: isClientIdOrEmpty(draft.clientId) && isCurrentRedirectOk(draft.clientId, draft.clientRedirectUrl),
          label: t.switchToDerivCurrent,
          args: {
            mode: 'deriv',
            api: 'current',
            clientId: draft.clientId.trim(),
            clientRedirectUrl: draft.clientRedirectUrl.trim(),
          } as const,
        }
      : {
          ready: isAppId(draft.appId) && isRedirectUrl(draft.redirectUrl),
          label: t.switchToDeriv,
          args: { mode: 'deriv', appId: draft.appId.trim(), redirectUrl: draft.redirectUrl.trim() } as const,
        };
  const text = (key: TextKey, label: string, extra: { inputMode?: 'numeric'; hint?: string } = {}) => (
    <Field
      label={label}
      value={draft[key]}
      onValue={(v) => set(key, v)}
      error={errorFor(key)}
      type={key === 'appId' || key === 'clientId' ? 'text' : 'url'}
      autoComplete="off"
      {...extra}
    />
  );

  return (
    <section className="screen" aria-labelledby="settings-title">
      <div className="screen__head">
        <h2 id="settings-title">{t.settingsTitle}</h2>
        <button type="button" className="button" onClick={onClose}>
          {t.back}
        </button>
      </div>
      <form className="card" onSubmit={(e) => void onSubmit(e)} noValidate>
        <div className="field">
          <label htmlFor="settings-api">{t.apiLabel}</label>
          <select id="settings-api" value={draft.api} onChange={(e) => set('api', e.target.value as DerivApi)}>
            <option value="current">{t.apiNames.current}</option>
            <option value="legacy">{t.apiNames.legacy}</option>
          </select>
          <span className="field__hint">{t.apiHint}</span>
        </div>
        {draft.api === settings.api && <LoginPlace settings={settings} />}
        {draft.api === 'current' ? (
          <fieldset className="fieldset">
            <legend>{t.currentApiTitle}</legend>
            {text('clientId', t.clientId, { hint: t.clientIdHint })}
            {text('clientRedirectUrl', t.clientRedirectUrl, { hint: t.redirectUrlHint })}
          </fieldset>
        ) : (
          <fieldset className="fieldset">
            <legend>{t.legacyApiTitle}</legend>
            {text('appId', t.appId, { inputMode: 'numeric' })}
            {text('redirectUrl', t.redirectUrl)}
          </fieldset>
        )}
        {/* Where the login opens (a choice of the trader's, not a server address) goes here, before Advanced. */}
        {/* The servers and the login method: Deriv's defaults do; open by itself when one of its fields is wrong. */}
        <details className="fold fieldset" open={advancedInvalid || undefined}>
          <summary>{t.advanced}</summary>
          {draft.api === 'current' ? (
            <>
              {text('authServerUrl', t.authServerUrl)}
              {text('restUrl', t.restUrl)}
            </>
          ) : (
            <>
              {text('wsUrl', t.wsUrl)}
              {text('oauthUrl', t.oauthUrl)}
              {text('issuer', t.issuer)}
              <div className="field">
                <label htmlFor="settings-flow">{t.flow}</label>
                <select
                  id="settings-flow"
                  value={draft.flow}
                  onChange={(e) => set('flow', e.target.value as LoginFlow)}
                >
                  <option value="legacy">{t.flowNames.legacy}</option>
                  <option value="oidc">{t.flowNames.oidc}</option>
                </select>
              </div>
            </>
          )}
        </details>
        <div className="field">
          <label htmlFor="settings-language">{t.language}</label>
          <select
            id="settings-language"
            value={draft.language}
            onChange={(e) => set('language', e.target.value as Language)}
          >
            <option value="en">{t.languageNames.en}</option>
            <option value="fr">{t.languageNames.fr}</option>
          </select>
        </div>
        <p>
          <RegisterAppLink />
        </p>
        <div className="row">
          <button type="submit" className="button button--primary">
            {t.save}
          </button>
          <span role="status" className="form-message">
            {message && t[message]}
          </span>
        </div>
      </form>

      <Preferences state={state} />
      <section className="card" aria-labelledby="mode-title">
        <h3 id="mode-title">{t.modeTitle}</h3>
        <p>{t.currentMode(t.modeNames[mode])}</p>
        {mode === 'demo' ? (
          <DemoApiSwitch demoApi={settings.api} />
        ) : (
          <DemoApiChoice value={demoApi} onChange={setDemoApi} />
        )}
        <div className="row">
          {mode !== 'demo' && (
            <button
              type="button"
              className="button"
              onClick={() => void send(api.chooseMode({ mode: 'demo', api: demoApi }))}
            >
              {t.switchToDemo}
            </button>
          )}
          <button
            type="button"
            className="button"
            disabled={!toDeriv.ready}
            onClick={() => void send(api.chooseMode(toDeriv.args))}
          >
            {toDeriv.label}
          </button>
        </div>
      </section>

      <section className="card" aria-labelledby="danger-title">
        <h3 id="danger-title">{t.dangerTitle}</h3>
        <ForgetEverythingButton />
      </section>
    </section>
  );
}
