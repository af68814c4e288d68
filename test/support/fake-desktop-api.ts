/**
 * A fake `DesktopApi` (the object the preload exposes as `window.desktop`) holding a fixture
 * `AppState`, for the renderer's component tests and screenshots. Every command is recorded with
 * its argument and answers like main would, with a plausible next state, so a test can assert
 * both what the UI sent and what it shows afterwards.
 */
import { preferencesWith, recordOf, recordWith, settingsView } from '../../main/core/model';
import type {
  AccountView,
  AppState,
  CommandArgs,
  CommandError,
  CommandName,
  CommandResult,
  DesktopApi,
  LoginState,
  PreferencesPatch,
  SettingsPatch,
  SignInArgs,
} from '../../main/ipc/contract';
import { COMMAND_NAMES } from '../../main/ipc/contract';
import { DEMO_SETTINGS, demoInfo, fixtures, NOW, withSettings } from './sample-state';

export interface RecordedCall {
  command: CommandName;
  args: unknown;
}

export interface FakeDesktop {
  api: DesktopApi;
  calls: RecordedCall[];
  /** Calls of one command, their arguments only. */
  argsOf(command: CommandName): unknown[];
  /** The state the fake holds now. */
  state(): AppState;
  /** Replaces the state and pushes it to `onState` listeners, as main does. */
  push(next: AppState): void;
  /** The next call of `command` fails with this error instead of changing the state. */
  failNext(command: CommandName, error: CommandError): void;
  /**
   * Holds every call of `command` (main busy, its snapshot not out yet) until the returned function
   * is called; then they run in order, as main would have.
   */
  hold(command: CommandName): () => void;
}

const clone = <T>(value: T): T => structuredClone(value);

// ---------------------------------------------------------------------------------------------
// The fake

type Reducer = (state: AppState, args: never) => AppState;

function withoutAccounts(state: AppState, keep: (a: AccountView) => boolean): AppState {
  const accounts = state.accounts.filter(keep);
  const activeStillThere = accounts.some((a) => a.accountId === state.activeAccountId);
  return {
    ...state,
    accounts,
    logins: state.logins
      .map((l) => ({ ...l, accountIds: l.accountIds.filter((id) => accounts.some((a) => a.accountId === id)) }))
      .filter((l) => l.accountIds.length > 0),
    activeAccountId: activeStillThere ? state.activeAccountId : (accounts[0]?.accountId ?? null),
    details: accounts.length ? state.details : null,
  };
}

const waiting = (
  method: 'oauth' | 'browser' | 'pat' | 'api_token',
  flow: Extract<LoginState, { status: 'waiting' }>['flow'],
  reloginFor: string | null = null,
): LoginState => ({
  status: 'waiting',
  method,
  flow,
  startedAt: NOW,
  reloginFor,
});

/** What main does with a sign-in: the wrong API refused (typed), else the attempt shown as waiting. */
function signIn(s: AppState, a: SignInArgs): AppState {
  if (a.api !== s.settings.api) {
    const error = { code: 'wrong_api', params: {} } as const;
    return {
      ...s,
      login:
        a.method === 'api_token'
          ? {
              status: 'failed',
              method: 'api_token',
              error: { code: 'wrong_api', params: { position: null } },
              reloginFor: null,
            }
          : { status: 'failed', method: a.method === 'demo' ? 'pat' : a.method, error, reloginFor: null },
    };
  }
  switch (a.method) {
    case 'oauth':
    case 'browser':
      return {
        ...s,
        login: waiting(
          a.method,
          a.api === 'legacy' && s.settings.api === 'legacy' ? s.settings.flow : null,
          a.reloginFor ?? null,
        ),
      };
    // A PAT is checked by listing its accounts: no login window.
    case 'pat':
      return { ...s, login: waiting('pat', null) };
    case 'api_token':
      return { ...s, login: waiting('api_token', null) };
    case 'demo': {
      const credential = s.demo?.credentials.find((c) => c.id === a.id);
      if (!credential || credential.api !== a.api) return s;
      return { ...s, login: waiting(credential.kind, null) };
    }
  }
}

const REDUCERS: Partial<Record<CommandName, Reducer>> = {
  chooseMode: (s, a: CommandArgs<'chooseMode'>) =>
    a.mode === 'demo'
      ? {
          ...s,
          mode: 'demo',
          ...settingsView({ ...clone(DEMO_SETTINGS), api: a.api ?? 'current', language: s.settings.language }),
          demo: demoInfo(a.api ?? 'current'),
        }
      : 'api' in a
        ? {
            ...s,
            mode: 'deriv',
            demo: null,
            ...withSettings(s, { api: 'current', clientId: a.clientId, clientRedirectUrl: a.clientRedirectUrl }),
          }
        : {
            ...s,
            mode: 'deriv',
            demo: null,
            ...withSettings(s, { api: 'legacy', appId: a.appId, redirectUrl: a.redirectUrl }),
          },
  saveSettings: (s, a: SettingsPatch) => ({ ...s, ...settingsView(recordWith(recordOf(s), a)) }),
  savePreferences: (s, a: PreferencesPatch) => ({ ...s, preferences: preferencesWith(s.preferences, a) }),
  signIn: (s, a: SignInArgs) => signIn(s, a),
  cancelLogin: (s) =>
    s.login.status !== 'waiting'
      ? s
      : s.login.method === 'api_token'
        ? { ...s, login: { status: 'idle' } }
        : {
            ...s,
            login: {
              status: 'failed',
              method: s.login.method,
              error: { code: 'cancelled', params: { settingsChanged: false } },
              reloginFor: s.login.reloginFor,
            },
          },
  switchAccount: (s, a: { accountId: string }) => ({ ...s, activeAccountId: a.accountId }),
  logout: (s, a: { accountId?: string } | { loginId: string } | undefined) =>
    withoutAccounts(s, (acc) =>
      a && 'loginId' in a ? acc.loginId !== a.loginId : a?.accountId !== undefined && acc.accountId !== a.accountId,
    ),
  forgetEverything: () => fixtures.unconfigured(),
  retireLegacyLogin: (s) => ({ ...withoutAccounts(s, (a) => a.api !== 'legacy'), migration: null }),
  retryConnection: (s) => ({ ...s, connection: { status: 'connecting' } }),
  setPlaintextConsent: (s, a: { allow: boolean }) => ({
    ...s,
    persistence: { ...s.persistence, plaintextConsent: a.allow, tokensPersisted: a.allow },
  }),
  dismissNotice: (s, a: { id: string }) => ({ ...s, notices: s.notices.filter((n) => n.id !== a.id) }),
};

export function createFakeDesktop(initial: AppState): FakeDesktop {
  let current = clone(initial);
  const calls: RecordedCall[] = [];
  const listeners = new Set<(state: AppState) => void>();
  const failures = new Map<CommandName, CommandError>();
  const held = new Map<CommandName, Promise<void>>();

  const push = (next: AppState) => {
    current = clone(next);
    for (const listener of listeners) listener(clone(current));
  };

  const command =
    (name: CommandName) =>
    async (args?: unknown): Promise<CommandResult<unknown>> => {
      calls.push({ command: name, args });
      // Taken at the call, so a failure set before a held call applies to it.
      const failure = failures.get(name);
      if (failure) failures.delete(name);
      const gate = held.get(name);
      if (gate) await gate;
      return answer(name, args, failure);
    };

  const answer = (name: CommandName, args: unknown, failure: CommandError | undefined): CommandResult<unknown> => {
    if (failure) return { ok: false, error: failure };
    if (name === 'openExternal') return { ok: true, value: undefined };
    const reduce = REDUCERS[name];
    if (reduce) current = reduce(clone(current), args as never);
    // Like main: a switch answers without the state; the snapshot published for it comes first.
    if (name === 'switchAccount') {
      push(current);
      return { ok: true, value: undefined };
    }
    return { ok: true, value: clone(current) };
  };

  const api = {
    onState(listener: (state: AppState) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  } as Record<string, unknown>;
  for (const name of COMMAND_NAMES) {
    api[name] = command(name);
  }

  return {
    api: api as unknown as DesktopApi,
    calls,
    argsOf: (name) => calls.filter((c) => c.command === name).map((c) => c.args),
    state: () => clone(current),
    push,
    failNext: (name, error) => failures.set(name, error),
    hold: (name) => {
      let release = () => undefined as void;
      held.set(
        name,
        new Promise<void>((resolve) => {
          release = () => {
            held.delete(name);
            resolve();
          };
        }),
      );
      return release;
    },
  };
}

/**
 * The same fake as a self-contained browser script for `page.addInitScript`: it defines
 * `window.desktop` answering every command with the given state, and records calls in
 * `window.__desktopCalls`. No closures over this module, only the serialized state.
 */
export function fakeDesktopInitScript(state: AppState): string {
  return `(() => {
  const state = ${JSON.stringify(state)};
  const calls = [];
  window.__desktopCalls = calls;
  const names = ${JSON.stringify(COMMAND_NAMES)};
  const api = { onState: () => () => {} };
  for (const name of names) {
    api[name] = async (args) => {
      calls.push({ command: name, args });
      return name === 'openExternal' ? { ok: true, value: undefined } : { ok: true, value: state };
    };
  }
  window.desktop = api;
})();`;
}
