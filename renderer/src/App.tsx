import './styles.css';

import { memo, useCallback, useEffect, useMemo, useState } from 'react';

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
import { keepUnchanged } from './stable-state';
import { useOptimisticSwitch } from './switching';

// Rendered again only for a new state: not when App renders for the error line or the settings toggle.
const MemoDashboard = memo(Dashboard);

/**
 * The whole UI is a function of main's AppState: this component only keeps which screen is
 * open (settings or not), the last command error, and the account a switch asked for until main
 * answers (`switching.ts`). Each snapshot keeps the parts that did not change (`keepUnchanged`),
 * and the callbacks handed down are stable, so memoised components skip what a change left alone.
 */
export function App({ api }: { api: DesktopApi }) {
  const [core, setState] = useState<AppState | null>(null);
  // A code and its parameters, worded below in the trader's language (main sends no sentence).
  const [commandError, setCommandError] = useState<CommandError | null>(null);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const adopt = useCallback(
    (next: AppState) => setState((prev) => (prev === null ? next : keepUnchanged(prev, next))),
    [],
  );

  const send = useCallback(
    async <T,>(pending: Promise<CommandResult<T>>): Promise<boolean> => {
      try {
        const result = await pending;
        if (!result.ok) {
          setCommandError(result.error);
          return false;
        }
        setCommandError(null);
        if (isAppState(result.value)) adopt(result.value);
        return true;
      } catch {
        // The bridge itself failed (main gone): nothing main could word.
        setCommandError({ code: 'failed', params: {} });
        return false;
      }
    },
    [adopt],
  );
  const { shown: state, switchTo } = useOptimisticSwitch(api, send, core);
  const commands = useMemo<Commands>(() => ({ api, send, switchTo }), [api, send, switchTo]);
  const toggleSettings = useCallback(() => setSettingsOpen((o) => !o), []);
  const closeSettings = useCallback(() => setSettingsOpen(false), []);

  useEffect(() => {
    const off = api.onState(adopt);
    void send(api.getState());
    return off;
  }, [api, send, adopt]);

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
  const errorText = commandError && i18n.t.commandFailed(commandErrorText(i18n.t, commandError));

  // Until main's first state the page stays blank, no "Loading…": main answers `getState` from
  // memory in a few milliseconds, so the first contentful paint is the real screen, with the
  // accounts and their last known figures (restored after a restart), not a placeholder painted
  // and replaced a frame later. Only a bridge that fails says something (main is gone).
  if (state === null)
    return (
      errorText && (
        <main className="app">
          <p role="status">{errorText}</p>
        </main>
      )
    );

  return (
    <I18nContext.Provider value={i18n}>
      <CommandsContext.Provider value={commands}>
        <div className="app">
          <Header state={state} settingsOpen={showSettings} onToggleSettings={toggleSettings} />
          <main className="content">
            {commandError && (
              <div className="notice notice--error" role="alert">
                <p data-error-code={commandError.code}>{errorText}</p>
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
                <Settings key={state.mode} state={state} mode={state.mode} onClose={closeSettings} />
              ) : state.accounts.length === 0 ? (
                <LoginPanel
                  login={state.login}
                  demo={state.demo}
                  api={state.settings.api}
                  patAppId={state.settings.api === 'current' ? state.settings.clientId : null}
                />
              ) : (
                <MemoDashboard state={state} />
              )}
            </ErrorBoundary>
          </main>
        </div>
      </CommandsContext.Provider>
    </I18nContext.Provider>
  );
}
