import { LOGIN_ERROR_CODES } from '../../../main/core/model';
import type { AppState, DerivApi, LoginErrorCode, LoginState } from '../../../main/ipc/contract';
import { useCommands } from '../commands';
import type { Messages, PlainLoginErrorCode } from '../i18n';
import { useI18n } from '../i18n-context';
import { ApiTokenLogin } from './ApiTokenLogin';
import { ConfirmButton } from './ConfirmDialog';
import { DemoLogin } from './DemoLogin';
import { PatForm } from './PatForm';

/** The window or PAT part of the one sign-in state; an API-token attempt shows in its own form. */
type PanelLogin = Exclude<LoginState, { method: 'api_token' }>;

/**
 * The login flow's visible side: the button, the wait while the Deriv window is open (with
 * Cancel), and every failure in one sentence with the one action that can help (a retry, the
 * switch to the current API, or none where the sentence says what to change).
 * `compact` is the form shown above the accounts when adding a login or logging in again.
 */
export function LoginPanel({
  login: state,
  demo,
  api: settingsApi,
  compact = false,
  patAppId = null,
}: {
  login: LoginState;
  /** Demo mode: its users and its tokens of both APIs; null outside demo mode. */
  demo: AppState['demo'];
  /** The API the settings speak: the one every sign-in here is for. */
  api: DerivApi;
  compact?: boolean;
  /** Deriv's current API: offer PAT sign-in, with this app id pre-filled; null on the legacy API. */
  patAppId?: string | null;
}) {
  const { t } = useI18n();
  const { api, send } = useCommands();
  // API tokens are checked in their own form (below), which shows their progress and failures; the
  // retired legacy login's failure is over once the settings speak the current API (its action).
  const login: PanelLogin =
    (state.status !== 'idle' && state.method === 'api_token') ||
    (state.status === 'failed' && state.error.code === 'legacy_retired' && settingsApi === 'current')
      ? { status: 'idle' }
      : state;
  const start = () => void send(api.signIn({ api: settingsApi, method: 'oauth' }));
  // `browser`: the trader's own browser (a provider refused the window, or a browser login is retried).
  const signIn = (method: 'oauth' | 'browser') => {
    if (login.status !== 'failed') return;
    const reloginFor = login.reloginFor;
    void send(api.signIn({ api: settingsApi, method, ...(reloginFor ? { reloginFor } : {}) }));
  };
  const retry = () => signIn(login.status === 'failed' && login.method === 'browser' ? 'browser' : 'oauth');
  // A refused PAT is retried in the PAT form, not in the login window: "Retry" would open the
  // window, so the button says so, and on the dashboard (whose Add accounts card and account rows
  // hold the PAT forms) there is no button and no second PAT form.
  const patFailed = login.status === 'failed' && login.method === 'pat';
  // A refused PAT in the trader's language.
  const patRefused = patFailed && login.error.code === 'invalid_token';
  const retryButton = (label: string) =>
    compact && patFailed ? null : (
      <button type="button" className="button button--primary" onClick={retry}>
        {patFailed ? t.loginButton : label}
      </button>
    );
  // Deny on Deriv's legacy page is the trader's choice, as on the current API (where it is `cancelled`).
  const calm =
    login.status === 'failed' &&
    (login.error.code === 'cancelled' ||
      (login.error.code === 'provider_error' && login.error.params.error === 'access_denied'));
  // What each failure offers: the action that can help, or none where another retry would fail the same way.
  const action = (code: LoginErrorCode) =>
    code === 'legacy_retired' ? (
      <SwitchToCurrentButton demo={demo !== null} />
    ) : NO_RETRY.includes(code) ? null : (
      retryButton(t.retry)
    );

  return (
    <section className={compact ? 'card login login--compact' : 'card login'} aria-labelledby="login-title">
      <h2 id="login-title">{t.loginTitle}</h2>
      {login.status === 'idle' && (
        <>
          <p>{t.loginIntro}</p>
          <button type="button" className="button button--primary button--large" onClick={start}>
            {t.loginButton}
          </button>
        </>
      )}
      {login.status === 'waiting' && (
        <div className="login__waiting">
          <span className="spinner" aria-hidden="true" />
          <div>
            <p className="login__headline" role="status">
              {login.method === 'pat' ? t.patChecking : login.method === 'browser' ? t.browserWaiting : t.waitingTitle}
            </p>
            {login.method === 'oauth' && <p>{t.waitingText}</p>}
            {login.reloginFor && <p>{t.waitingRelogin(login.reloginFor)}</p>}
            <button type="button" className="button" onClick={() => void send(api.cancelLogin())}>
              {t.cancel}
            </button>
          </div>
        </div>
      )}
      {/* A cancel (Deny on Deriv's page, or the window closed) is the trader's choice, not a failure. */}
      {login.status === 'failed' && calm && (
        <div className="login__cancelled" role="status" data-error-code={login.error.code}>
          <p>
            {login.error.code === 'cancelled' && login.error.params.settingsChanged
              ? t.loginStoppedBySettings
              : t.loginErrors.cancelled}
          </p>
          {retryButton(login.reloginFor ? t.loginAgain : t.loginButton)}
        </div>
      )}
      {login.status === 'failed' && !calm && (
        <div className="login__failed" role="alert" data-error-code={login.error.code}>
          <p className="login__headline">{t.loginFailedTitle}</p>
          <p>{patRefused ? t.patRefused : failureText(t, login)}</p>
          {/* The provider's OAuth error code (`server_error` …): an identifier, shown as code. */}
          {login.error.code === 'provider_error' && login.error.params.error && (
            <p className="muted">
              {t.errorDetail} <code>{login.error.params.error}</code>
            </p>
          )}
          {/* The way on: the trader's browser (the PAT form below offers a token on the current API). */}
          {login.error.code === 'provider_refuses_window' ? (
            login.error.params.browser === 'offered' ? (
              <button type="button" className="button button--primary" onClick={() => signIn('browser')}>
                {t.browserContinue}
              </button>
            ) : (
              <p>{t.browserUnavailable[login.error.params.browser]}</p>
            )
          ) : (
            action(login.error.code)
          )}
        </div>
      )}
      {/* API tokens are the legacy API's; Deriv's current API signs in with a PAT instead. */}
      {!compact && settingsApi === 'legacy' && (login.status === 'idle' || login.status === 'failed') && (
        <ApiTokenLogin login={state} />
      )}
      {patAppId !== null &&
        !compact &&
        (login.status === 'idle' ||
          login.status === 'failed' ||
          (login.status === 'waiting' && login.method === 'pat')) && (
          <PatForm defaultAppId={patAppId} busy={login.status === 'waiting'} />
        )}
      {demo && <DemoLogin demo={demo} busy={state.status === 'waiting'} />}
    </section>
  );
}

/** A failure in the trader's words, from its code (and method: `wrong_api` says what it is about). */
function failureText(t: Messages, login: Extract<PanelLogin, { status: 'failed' }>): string {
  if (login.error.code === 'wrong_api' && login.method === 'oauth') return t.loginOtherApi;
  if (login.error.code === 'provider_refuses_window') return t.providerRefuses(login.error.params.provider);
  if (login.error.code === 'browser_unavailable') return t.browserUnavailable[login.error.params.reason];
  return t.loginErrors[knownLoginError(login.error.code)];
}

/**
 * Failures another try would meet again: no Retry. The sentence says what to change (Settings, a
 * new token, fewer accounts), and the form that does it is on the screen. The retired legacy login's
 * action is the move to Deriv's current API; every other failure offers Retry (`wrong_api` too: the
 * settings changed meanwhile, and a new sign-in is for the API they speak now).
 */
const NO_RETRY: readonly LoginErrorCode[] = [
  'blocked_navigation',
  'window_failed',
  'no_accounts',
  'not_configured',
  'missing_app_id',
  'scope_missing',
  'too_many_accounts',
  'unknown_client',
];

/**
 * Deriv's current API instead of the retired legacy login, after a confirmation (it logs out of
 * what the legacy API holds): the settings' own API switch (`saveSettings`), or in demo mode the
 * demo's (`chooseMode`), the very commands Settings sends.
 */
function SwitchToCurrentButton({ demo }: { demo: boolean }) {
  const { t } = useI18n();
  const { api, send } = useCommands();
  return (
    <ConfirmButton
      label={t.switchToCurrentApi}
      title={t.switchToCurrentApi + t.question}
      text={t.switchToCurrentApiText}
      primary
      onConfirm={() =>
        void send(demo ? api.chooseMode({ mode: 'demo', api: 'current' }) : api.saveSettings({ api: 'current' }))
      }
    />
  );
}

/** A code this renderer has no text for (a newer main) reads as the generic failure, never blank. */
function knownLoginError(code: PlainLoginErrorCode): PlainLoginErrorCode {
  return (LOGIN_ERROR_CODES as readonly string[]).includes(code) ? code : 'authorize_failed';
}
