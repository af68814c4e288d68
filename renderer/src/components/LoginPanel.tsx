import { LOGIN_ERROR_CODES, type LoginErrorCode } from '../../../main/core/model';
import type { AppState, LoginState, TokenLoginState } from '../../../main/ipc/contract';
import { useCommands } from '../commands';
import { useI18n } from '../i18n-context';
import { ApiTokenLogin } from './ApiTokenLogin';
import { DemoLogin } from './DemoLogin';
import { PatForm } from './PatForm';

/**
 * The login flow's visible side: the button, the wait while the Deriv window is open (with
 * Cancel), and every failure with its own explanation and a retry.
 * `compact` is the form shown above the accounts when adding a login or logging in again.
 */
export function LoginPanel({
  login,
  demo,
  compact = false,
  tokenLogin,
  patAppId = null,
}: {
  login: LoginState;
  /** Demo mode: its users and its tokens of both APIs; null outside demo mode. */
  demo: AppState['demo'];
  compact?: boolean;
  /** Shown with the sign-in by API tokens beside "Log in with Deriv". */
  tokenLogin?: TokenLoginState;
  /** Deriv's current API: offer PAT sign-in, with this app id pre-filled; null on the legacy API. */
  patAppId?: string | null;
}) {
  const { t } = useI18n();
  const { api, send } = useCommands();
  const start = () => void send(api.login());
  const retry = () => {
    if (login.status === 'failed')
      void send(login.reloginFor ? api.login({ reloginFor: login.reloginFor }) : api.login());
  };
  // A refused PAT is retried in the PAT form, not in the login window: "Retry" would open the
  // window, so the button says so, and on the dashboard (whose Add accounts card and account rows
  // hold the PAT forms) there is no button and no second PAT form.
  const patFailed = login.status === 'failed' && login.method === 'pat';
  // A refused PAT in the trader's language (main's detail would only repeat it, in English).
  const patRefused = patFailed && login.error.code === 'invalid_token';
  const retryButton = (label: string) =>
    compact && patFailed ? null : (
      <button type="button" className="button button--primary" onClick={retry}>
        {patFailed ? t.loginButton : label}
      </button>
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
              {login.method === 'pat' ? t.patChecking : t.waitingTitle}
            </p>
            {login.method !== 'pat' && <p>{t.waitingText}</p>}
            {login.reloginFor && <p>{t.waitingRelogin(login.reloginFor)}</p>}
            <button type="button" className="button" onClick={() => void send(api.cancelLogin())}>
              {t.cancel}
            </button>
          </div>
        </div>
      )}
      {/* A cancel (Deny on Deriv's page, or the window closed) is the trader's choice, not a failure. */}
      {login.status === 'failed' && login.error.code === 'cancelled' && (
        <div className="login__cancelled" role="status" data-error-code="cancelled">
          <p>{t.loginErrors.cancelled}</p>
          {retryButton(login.reloginFor ? t.loginAgain : t.loginButton)}
        </div>
      )}
      {login.status === 'failed' && login.error.code !== 'cancelled' && (
        <div className="login__failed" role="alert" data-error-code={login.error.code}>
          <p className="login__headline">{t.loginFailedTitle}</p>
          {patRefused ? <p>{t.patRefused}</p> : <p>{t.loginErrors[knownLoginError(login.error.code)]}</p>}
          {login.error.message && !patRefused && (
            <p className="muted">
              {t.errorDetail}: {login.error.message}
            </p>
          )}
          {retryButton(t.retry)}
        </div>
      )}
      {/* API tokens are the legacy API's; Deriv's current API signs in with a PAT instead. */}
      {tokenLogin && patAppId === null && (login.status === 'idle' || login.status === 'failed') && (
        <ApiTokenLogin tokenLogin={tokenLogin} />
      )}
      {patAppId !== null &&
        !compact &&
        (login.status === 'idle' ||
          login.status === 'failed' ||
          (login.status === 'waiting' && login.method === 'pat')) && (
          <PatForm defaultAppId={patAppId} busy={login.status === 'waiting'} />
        )}
      {demo && <DemoLogin demo={demo} busy={login.status === 'waiting' || tokenLogin?.status === 'checking'} />}
    </section>
  );
}

/** A code this renderer has no text for (a newer main) reads as the generic failure, never blank. */
function knownLoginError(code: LoginErrorCode): LoginErrorCode {
  return (LOGIN_ERROR_CODES as readonly string[]).includes(code) ? code : 'authorize_failed';
}
