import './styles.css';

import { useCallback, useEffect, useMemo, useState } from 'react';

import type { AppState, CommandError, CommandResult, DesktopApi } from '../../main/ipc/contract';
import { type Commands, CommandsContext, isAppState } from './commands';
import { Dashboard } from './components/Dashboard';
import { ErrorBoundary } from './components/ErrorBoundary';
import { FirstRun } from './components/FirstRun';
import { Header } from './components/Header';
import { LoginPanel } from './components/LoginPanel';
import { Notices, PersistenceNotice } from './components/Notices';
import { Settings } from './components/Settings';
import { commandErrorText, messagesFor } from './i18n';
import { I18nContext } from './i18n-context';

/**
 * The whole UI is a function of main's AppState: this component only keeps which screen is
 * open (settings or not) and the last command error.
 */
export function App({ api }: { api: DesktopApi }) {
  const [state, setState] = useState<AppState | null>(null);
  // A code and its parameters, worded below in the trader's language (main sends no sentence).
  const [commandError, setCommandError] = useState<CommandError | null>(null);
  const [settingsOpen, setSettingsOpen] = useState(false);

  const send = useCallback(async <T,>(pending: Promise<CommandResult<T>>): Promise<boolean> => {
    try {
      const result = await pending;
      if (!result.ok) {
        setCommandError(result.error);
        return false;
      }
      setCommandError(null);
      if (isAppState(result.value)) setState(result.value);
      return true;
    } catch {
      // The bridge itself failed (main gone): nothing main could word.
      setCommandError({ code: 'failed', params: {} });
      return false;
    }
  }, []);
  const commands = useMemo<Commands>(() => ({ api, send }), [api, send]);

  useEffect(() => {
    const off = api.onState(setState);
    void send(api.getState());
    return off;
  }, [api, send]);

  const language = state?.settings.language ?? 'en';
  const i18n = useMemo(() => ({ t: messagesFor(language), language }), [language]);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  // The trader's theme on <html> (styles.css): 'system' follows the computer's light or dark.
  const theme = state?.preferences.theme ?? 'system';
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  // Forgetting everything returns to first run, where settings make no sense.
  const showSettings = settingsOpen && state !== null && state.mode !== 'unconfigured';

  return (
    <I18nContext.Provider value={i18n}>
      <CommandsContext.Provider value={commands}>
        {state === null ? (
          <main className="app">
            <p role="status">
              {commandError ? i18n.t.commandFailed(commandErrorText(i18n.t, commandError)) : i18n.t.loading}
            </p>
          </main>
        ) : (
          <div className="app">
            <Header state={state} settingsOpen={showSettings} onToggleSettings={() => setSettingsOpen((o) => !o)} />
            <main className="content">
              {commandError && (
                <div className="notice notice--error" role="alert">
                  <p data-error-code={commandError.code}>
                    {i18n.t.commandFailed(commandErrorText(i18n.t, commandError))}
                  </p>
                  <button type="button" className="button button--small" onClick={() => setCommandError(null)}>
                    {i18n.t.dismiss}
                  </button>
                </div>
              )}
              <PersistenceNotice persistence={state.persistence} />
              <Notices notices={state.notices} />
              <ErrorBoundary t={i18n.t} raw={state.details?.raw ?? null} api={state.details?.api ?? 'legacy'}>
                {state.mode === 'unconfigured' ? (
                  <FirstRun settingsByApi={state.settingsByApi} />
                ) : showSettings ? (
                  <Settings key={state.mode} state={state} mode={state.mode} onClose={() => setSettingsOpen(false)} />
                ) : state.accounts.length === 0 ? (
                  <LoginPanel
                    login={state.login}
                    demo={state.demo}
                    api={state.settings.api}
                    patAppId={state.settings.api === 'current' ? state.settings.clientId : null}
                  />
                ) : (
                  <Dashboard state={state} />
                )}
              </ErrorBoundary>
            </main>
          </div>
        )}
      </CommandsContext.Provider>
    </I18nContext.Provider>
  );
}
