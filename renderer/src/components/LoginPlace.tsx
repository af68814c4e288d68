import { useId } from 'react';

import {
  APP_SCHEME,
  BOUNCE_PAGE_NAME,
  browserSignIn,
  isInterceptableRedirectUrl,
  LOGIN_PLACES,
  loginPlaceOf,
  LOOPBACK_IP,
} from '../../../main/core/model';
import type { Settings } from '../../../main/ipc/contract';
import { useCommands } from '../commands';
import { useI18n } from '../i18n-context';

/** The redirect URLs a sign-in in the browser can come back through (RFC 8252 §7.3, §7.1, the bounce page). */
const BROWSER_REDIRECTS = [
  `http://${LOOPBACK_IP}/callback`,
  `${APP_SCHEME}:/callback`,
  `https://…/${BOUNCE_PAGE_NAME}`,
] as const;

/**
 * "Log in: in this app's window / in my browser" for one API (its saved settings), saved at once
 * and remembered; the redirect URL(s) to register for that choice, and whether the one registered
 * fits it. The legacy redirect never runs in the browser: that choice is off, and it says why.
 */
export function LoginPlace({ settings }: { settings: Settings }) {
  const { t } = useI18n();
  const { api, send } = useCommands();
  const name = useId();
  const place = loginPlaceOf(settings);
  const offered = browserSignIn(settings);
  const registered = settings.api === 'legacy' ? settings.redirectUrl : settings.clientRedirectUrl;
  const choose = (to: (typeof LOGIN_PLACES)[number]) =>
    void send(
      api.saveSettings(
        settings.api === 'legacy' ? { api: 'legacy', loginPlace: to } : { api: 'current', clientLoginPlace: to },
      ),
    );
  // Checked under the one address rule: the window intercepts https (http only on this computer).
  const misfit =
    registered.trim() === ''
      ? null
      : place === 'window'
        ? isInterceptableRedirectUrl(registered)
          ? null
          : t.placeWindowMisfit
        : offered === 'offered'
          ? null
          : t.browserUnavailable[offered];
  return (
    <fieldset className="fieldset">
      <legend>{t.placeLegend}</legend>
      {LOGIN_PLACES.map((p) => (
        <div key={p}>
          <input
            id={`${name}-${p}`}
            type="radio"
            name={name}
            checked={place === p}
            disabled={p === 'browser' && offered === 'implicit_flow' && place !== 'browser'}
            onChange={() => choose(p)}
          />
          <label htmlFor={`${name}-${p}`}>{t.placeNames[p]}</label>
        </div>
      ))}
      {offered === 'implicit_flow' && <p className="field__hint">{t.browserUnavailable.implicit_flow}</p>}
      {/* The window takes the https:// redirect URL registered (the field's own hint says so). */}
      {place === 'browser' && (
        <div className="field__hint">
          {t.placeRegister}
          <ul>
            {BROWSER_REDIRECTS.map((url) => (
              <li key={url}>
                <code>{url}</code>
              </li>
            ))}
          </ul>
        </div>
      )}
      {misfit && (
        <p className="field__error" role="alert">
          {misfit}
        </p>
      )}
    </fieldset>
  );
}
