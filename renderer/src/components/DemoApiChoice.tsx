import { useId } from 'react';

import type { DerivApi } from '../../../main/ipc/contract';
import { useCommands } from '../commands';
import { useI18n } from '../i18n-context';
import { ConfirmButton } from './ConfirmDialog';

const ORDER: readonly DerivApi[] = ['current', 'legacy'];

/** Which of Deriv's APIs the demo speaks: the sandbox serves both. Current first: a new install's default. */
export function DemoApiChoice({ value, onChange }: { value: DerivApi; onChange: (api: DerivApi) => void }) {
  const { t } = useI18n();
  const name = useId();
  return (
    <fieldset className="fieldset demo-api">
      <legend>{t.demoApiLegend}</legend>
      {ORDER.map((api) => (
        <div key={api} className="demo-api__option">
          <input
            id={`${name}-${api}`}
            type="radio"
            name={name}
            value={api}
            checked={value === api}
            onChange={() => onChange(api)}
            aria-describedby={`${name}-${api}-hint`}
          />
          <span>
            <label htmlFor={`${name}-${api}`}>{t.demoApiNames[api]}</label>
            <span id={`${name}-${api}-hint`} className="field__hint">
              {t.demoApiHints[api]}
            </span>
          </span>
        </div>
      ))}
    </fieldset>
  );
}

/**
 * Switches the demo to `to` after asking (it logs out). `disabled` while a login runs: switching
 * would cancel it, and the trader would read that they cancelled it.
 */
export function SwitchDemoApiButton({ to, disabled = false }: { to: DerivApi; disabled?: boolean }) {
  const { t } = useI18n();
  const { api, send } = useCommands();
  const name = t.demoApiNames[to];
  return (
    <ConfirmButton
      label={t.switchDemoApi(name)}
      title={t.confirmSwitchDemoApiTitle(name)}
      text={t.confirmSwitchDemoApiText}
      disabled={disabled}
      onConfirm={() => void send(api.chooseMode({ mode: 'demo', api: to }))}
    />
  );
}

/** In demo mode: the API the demo speaks, and a switch to the other one. */
export function DemoApiSwitch({ demoApi }: { demoApi: DerivApi }) {
  const { t } = useI18n();
  return (
    <div className="row">
      <p>{t.demoApiInUse(t.demoApiNames[demoApi])}</p>
      <SwitchDemoApiButton to={demoApi === 'current' ? 'legacy' : 'current'} />
    </div>
  );
}
