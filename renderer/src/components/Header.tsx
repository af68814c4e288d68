import type { AppState, Language } from '../../../main/ipc/contract';
import { useCommands } from '../commands';
import { useI18n } from '../i18n-context';
import { groupDomId, loginGroups, needingAttention } from '../login-groups';
import { ConnectionStatus } from './ConnectionStatus';

interface Props {
  state: AppState;
  settingsOpen: boolean;
  onToggleSettings: () => void;
}

export function Header({ state, settingsOpen, onToggleSettings }: Props) {
  const { t, language } = useI18n();
  const { api, send } = useCommands();
  // The worst that is true, beside the connection: logins that need the trader (focus goes to the first).
  const attention = needingAttention(loginGroups(state));
  const showAttention = () => {
    if (settingsOpen) onToggleSettings();
    requestAnimationFrame(() => document.getElementById(groupDomId(attention[0]!.key))?.focus());
  };
  return (
    <header className="header">
      <h1 className="header__title">{t.appTitle}</h1>
      {state.mode === 'demo' && (
        // The app's demo MODE, unlike a demo account's tag: a sandbox, not Deriv.
        <span className="badge badge--demo" title={t.demoBadgeTitle} data-testid="demo-badge">
          {t.demoBadge}
        </span>
      )}
      <ConnectionStatus connection={state.connection} refreshing={state.refreshing} attention={attention.length > 0} />
      {attention.length > 0 && (
        <button type="button" className="attention" onClick={showAttention}>
          {t.attention(attention.length)}
        </button>
      )}
      <div className="header__tools">
        <label className="header__lang">
          <span className="visually-hidden">{t.language}</span>
          <select
            value={language}
            onChange={(e) =>
              void send(api.saveSettings({ api: state.settings.api, language: e.target.value as Language }))
            }
          >
            <option value="en">{t.languageNames.en}</option>
            <option value="fr">{t.languageNames.fr}</option>
          </select>
        </label>
        {state.mode !== 'unconfigured' && (
          <button type="button" className="button button--small" aria-pressed={settingsOpen} onClick={onToggleSettings}>
            {t.settings}
          </button>
        )}
      </div>
    </header>
  );
}
