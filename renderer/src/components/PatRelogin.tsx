import { useEffect, useRef } from 'react';

import { useI18n } from '../i18n-context';
import { PatForm } from './PatForm';

/**
 * "Log in again" for an account signed in with a personal access token: a PAT has no login page,
 * so the trader pastes a new one (the old one expired, was revoked or lacks a scope). Its accounts
 * replace the refused ones by account id. It stays open after a submit (hidden while the token is
 * checked): a refused token is retried here; the dashboard closes it once the account is fixed.
 */
export function PatRelogin({ accountId, appId, onClose }: { accountId: string; appId: string; onClose: () => void }) {
  const { t } = useI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  // The form appears away from the button that opened it: move focus to it.
  useEffect(() => heading.current?.focus(), [accountId]);
  return (
    <section className="card login login--compact" aria-labelledby="pat-relogin-title">
      <h2 id="pat-relogin-title" ref={heading} tabIndex={-1}>
        {t.patReloginTitle(accountId)}
      </h2>
      <PatForm defaultAppId={appId} labelledBy="pat-relogin-title" />
      <button type="button" className="button" onClick={onClose}>
        {t.cancel}
      </button>
    </section>
  );
}
