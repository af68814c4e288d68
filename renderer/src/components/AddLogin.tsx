import { useRef, useState } from 'react';

import type { DerivApi } from '../../../main/ipc/contract';
import { useCommands } from '../commands';
import { useI18n } from '../i18n-context';

/**
 * "Add login": every sign-in the API in use allows. Deriv's login page on both; a pasted API token
 * on the legacy API, a personal access token on the current one (their forms open above the list,
 * `onForm`). A disclosure (a button that shows two more) rather than role="menu": Tab and Enter
 * work as everywhere; Escape or focus leaving it (a click elsewhere) closes it. Disabled while a
 * sign-in runs: main takes one at a time.
 */
export function AddLogin({
  api: derivApi,
  busy,
  onForm,
}: {
  api: DerivApi;
  busy: boolean;
  onForm: (form: 'api_token' | 'pat') => void;
}) {
  const { t } = useI18n();
  const { api, send } = useCommands();
  const [open, setOpen] = useState(false);
  const toggle = useRef<HTMLButtonElement>(null);
  const token = derivApi === 'current' ? 'pat' : 'api_token';
  const choose = (run: () => void) => () => {
    setOpen(false);
    run();
  };
  return (
    <div
      className="menu"
      onKeyDown={(e) => {
        if (e.key !== 'Escape' || !open) return;
        e.stopPropagation();
        setOpen(false);
        toggle.current?.focus();
      }}
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget)) setOpen(false);
      }}
    >
      <button
        ref={toggle}
        type="button"
        className="button button--small button--primary"
        aria-expanded={open}
        disabled={busy}
        onClick={() => setOpen(!open)}
      >
        {t.addLoginMenu}
      </button>
      {open && !busy && (
        <div className="menu__list">
          <button
            type="button"
            className="button"
            onClick={choose(() => void send(api.signIn({ api: derivApi, method: 'oauth' })))}
          >
            {t.loginLabels.oauth}
          </button>
          <button type="button" className="button" onClick={choose(() => onForm(token))}>
            {t.loginLabels[token]}
          </button>
        </div>
      )}
    </div>
  );
}
