/**
 * A fake `DesktopApi` (the object the preload exposes as `window.desktop`) holding a fixture
 * `AppState`, for the renderer's component tests and screenshots. Every command is recorded with
 * its argument and answers like main would, with a plausible next state, so a test can assert
 * both what the UI sent and what it shows afterwards.
 */
import type {
  AccountView,
  AppState,
  AuthorizeResponse,
  CommandError,
  CommandName,
  CommandResult,
  DesktopApi,
  LoginState,
} from '../../main/ipc/contract';
import { COMMAND_NAMES } from '../../main/ipc/contract';

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
}

const clone = <T>(value: T): T => structuredClone(value);

// ---------------------------------------------------------------------------------------------
// Fixtures

export const NOW = Date.UTC(2026, 0, 15, 10, 0, 0);

export const DERIV_SETTINGS: AppState['settings'] = {
  appId: '12345',
  wsUrl: 'wss://ws.derivws.com/websockets/v3',
  oauthUrl: 'https://oauth.deriv.com/oauth2/authorize',
  redirectUrl: 'https://example.com/redirect',
  issuer: 'https://oauth.deriv.com',
  flow: 'legacy',
  language: 'en',
};

export const DEMO_SETTINGS: AppState['settings'] = {
  appId: '1',
  wsUrl: 'ws://127.0.0.1:40123/websockets/v3',
  oauthUrl: 'http://127.0.0.1:40123/oauth2/authorize',
  redirectUrl: 'http://127.0.0.1:40123/redirect',
  issuer: 'http://127.0.0.1:40123',
  flow: 'legacy',
  language: 'en',
};

export const DEMO_USERS = [
  { email: 'trader@example.com', password: 'demo-pass-1' },
  { email: 'multi@example.com', password: 'demo-pass-2' },
];

export const ACCOUNTS: AccountView[] = [
  {
    loginid: 'CR799393',
    currency: 'USD',
    isVirtual: false,
    isDisabled: false,
    landingCompanyName: 'svg',
    accountType: 'binary',
    balance: 10234.5,
    authorized: true,
    needsLogin: false,
    needsLoginReason: null,
  },
  {
    loginid: 'CR799394',
    currency: 'BTC',
    isVirtual: false,
    isDisabled: false,
    landingCompanyName: 'svg',
    accountType: 'binary',
    balance: 0.01234567,
    authorized: true,
    needsLogin: false,
    needsLoginReason: null,
  },
  {
    loginid: 'VRTC1859315',
    currency: 'USD',
    isVirtual: true,
    isDisabled: false,
    landingCompanyName: 'virtual',
    accountType: 'binary',
    balance: 10000,
    authorized: true,
    needsLogin: false,
    needsLoginReason: null,
  },
  {
    loginid: 'MF100200',
    currency: 'EUR',
    isVirtual: false,
    isDisabled: true,
    landingCompanyName: 'maltainvest',
    accountType: 'binary',
    balance: null,
    authorized: false,
    needsLogin: false,
    needsLoginReason: null,
  },
];

export const AUTHORIZE_RESPONSE: AuthorizeResponse = {
  account_list: [
    {
      loginid: 'CR799393',
      currency: 'USD',
      is_virtual: 0,
      is_disabled: 0,
      landing_company_name: 'svg',
      account_type: 'binary',
      account_category: 'trading',
      broker: 'CR',
      created_at: 1700000000,
    },
    {
      loginid: 'CR799394',
      currency: 'BTC',
      is_virtual: 0,
      is_disabled: 0,
      landing_company_name: 'svg',
      account_type: 'binary',
      account_category: 'trading',
      broker: 'CR',
      created_at: 1700100000,
    },
    {
      loginid: 'VRTC1859315',
      currency: 'USD',
      is_virtual: 1,
      is_disabled: 0,
      landing_company_name: 'virtual',
      account_type: 'binary',
      account_category: 'trading',
      broker: 'VRTC',
      created_at: 1690000000,
    },
    {
      loginid: 'MF100200',
      currency: 'EUR',
      is_virtual: 0,
      is_disabled: 1,
      landing_company_name: 'maltainvest',
      account_type: 'binary',
      account_category: 'trading',
      broker: 'MF',
      created_at: 1695000000,
    },
  ],
  balance: 10234.5,
  country: 'fr',
  currency: 'USD',
  email: 'trader@example.com',
  fullname: 'Mme Alice Martin',
  is_virtual: 0,
  landing_company_fullname: 'Deriv (SVG) LLC',
  landing_company_name: 'svg',
  linked_to: [],
  local_currencies: { EUR: { fractional_digits: 2 } },
  loginid: 'CR799393',
  preferred_language: 'FR',
  scopes: ['read', 'trade', 'payments', 'admin'],
  upgradeable_landing_companies: ['svg', 'maltainvest'],
  user_id: 4242,
};

function baseState(): AppState {
  return {
    mode: 'deriv',
    settings: clone(DERIV_SETTINGS),
    demo: null,
    login: { status: 'idle' },
    connection: { status: 'online', since: NOW },
    accounts: [],
    activeLoginid: null,
    authorize: null,
    persistence: {
      backend: 'gnome_libsecret',
      encryptionAvailable: true,
      plaintextConsent: null,
      tokensPersisted: false,
    },
    notices: [],
  };
}

/** Fresh copies of the fixture states; each test may change its own. */
export const fixtures = {
  unconfigured(): AppState {
    return {
      ...baseState(),
      mode: 'unconfigured',
      settings: { ...clone(DERIV_SETTINGS), appId: '', redirectUrl: '' },
      connection: { status: 'idle' },
    };
  },
  derivLoggedOut(): AppState {
    return { ...baseState(), connection: { status: 'idle' } };
  },
  demoLoggedOut(): AppState {
    return {
      ...baseState(),
      mode: 'demo',
      settings: clone(DEMO_SETTINGS),
      demo: { users: clone(DEMO_USERS) },
      connection: { status: 'idle' },
    };
  },
  loggedIn(): AppState {
    return {
      ...baseState(),
      accounts: clone(ACCOUNTS),
      activeLoginid: 'CR799393',
      authorize: { response: clone(AUTHORIZE_RESPONSE), primaryLoginid: 'CR799393', receivedAt: NOW },
      persistence: {
        backend: 'gnome_libsecret',
        encryptionAvailable: true,
        plaintextConsent: null,
        tokensPersisted: true,
      },
    };
  },
  demoLoggedIn(): AppState {
    return { ...fixtures.loggedIn(), mode: 'demo', settings: clone(DEMO_SETTINGS), demo: { users: clone(DEMO_USERS) } };
  },
  /** Logged in, with one account whose token was refused, a notice, and no keyring. */
  degraded(): AppState {
    const state = fixtures.loggedIn();
    const btc = state.accounts[1];
    if (btc)
      Object.assign(btc, { needsLogin: true, needsLoginReason: 'token_refused', authorized: false, balance: null });
    state.persistence = {
      backend: 'basic_text',
      encryptionAvailable: false,
      plaintextConsent: null,
      tokensPersisted: false,
    };
    state.notices = [
      { id: 'n1', level: 'warning', code: 'InvalidToken', message: 'The saved login for CR799394 was refused.' },
    ];
    state.connection = { status: 'reconnecting', attempt: 2, nextRetryAt: NOW + 5_000, lastError: 'socket closed' };
    return state;
  },
};

export function withLanguage(state: AppState, language: AppState['settings']['language']): AppState {
  return { ...state, settings: { ...state.settings, language } };
}

// ---------------------------------------------------------------------------------------------
// The fake

type Reducer = (state: AppState, args: never) => AppState;

function withoutAccounts(state: AppState, keep: (a: AccountView) => boolean): AppState {
  const accounts = state.accounts.filter(keep);
  const activeStillThere = accounts.some((a) => a.loginid === state.activeLoginid);
  return {
    ...state,
    accounts,
    activeLoginid: activeStillThere ? state.activeLoginid : (accounts[0]?.loginid ?? null),
    authorize: accounts.length ? state.authorize : null,
  };
}

const REDUCERS: Partial<Record<CommandName, Reducer>> = {
  chooseMode: (s, a: { mode: 'demo' } | { mode: 'deriv'; appId: string; redirectUrl: string }) =>
    a.mode === 'demo'
      ? {
          ...s,
          mode: 'demo',
          settings: { ...clone(DEMO_SETTINGS), language: s.settings.language },
          demo: { users: clone(DEMO_USERS) },
        }
      : { ...s, mode: 'deriv', demo: null, settings: { ...s.settings, appId: a.appId, redirectUrl: a.redirectUrl } },
  saveSettings: (s, a: Partial<AppState['settings']>) => ({ ...s, settings: { ...s.settings, ...a } }),
  login: (s, a: { reloginFor?: string } | undefined) => ({
    ...s,
    login: {
      status: 'waiting',
      flow: s.settings.flow,
      startedAt: NOW,
      reloginFor: a?.reloginFor ?? null,
    } satisfies LoginState,
  }),
  cancelLogin: (s) => ({
    ...s,
    login: {
      status: 'failed',
      error: { code: 'cancelled', message: '' },
      reloginFor: s.login.status === 'waiting' ? s.login.reloginFor : null,
    },
  }),
  switchAccount: (s, a: { loginid: string }) => ({ ...s, activeLoginid: a.loginid }),
  logout: (s, a: { loginid?: string } | undefined) =>
    withoutAccounts(s, (acc) => a?.loginid !== undefined && acc.loginid !== a.loginid),
  forgetEverything: () => fixtures.unconfigured(),
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

  const push = (next: AppState) => {
    current = clone(next);
    for (const listener of listeners) listener(clone(current));
  };

  const command =
    (name: CommandName) =>
    async (args?: unknown): Promise<CommandResult<unknown>> => {
      calls.push({ command: name, args });
      const failure = failures.get(name);
      if (failure) {
        failures.delete(name);
        return { ok: false, error: failure };
      }
      if (name === 'openExternal') return { ok: true, value: undefined };
      const reduce = REDUCERS[name];
      if (reduce) current = reduce(clone(current), args as never);
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
