/**
 * Sample app states for tests: one logged-out state and the fixture states the renderer's
 * component tests, screenshots and the fake desktop API start from. Each call returns a fresh copy.
 */
import type { Authorize } from '@deriv/api-types';

import { factsFromAuthorize } from '../../main/core/legacy-api/account-facts';
import { activeSettings, type AppMode, DEFAULT_PREFERENCES, recordOf, settingsView } from '../../main/core/model';
import type {
  AccountDetails,
  AccountView,
  AppState,
  DemoCredential,
  DerivApi,
  LoginView,
  SettingsRecord,
} from '../../main/ipc/contract';

const clone = <T>(value: T): T => structuredClone(value);

export const NOW = Date.UTC(2026, 0, 15, 10, 0, 0);

/** Both APIs' settings as main keeps them (AppState shows them through `settingsView`). */
export const DERIV_SETTINGS: SettingsRecord = {
  appId: '12345',
  wsUrl: 'wss://ws.derivws.com/websockets/v3',
  oauthUrl: 'https://oauth.deriv.com/oauth2/authorize',
  redirectUrl: 'https://example.com/redirect',
  issuer: 'https://oauth.deriv.com',
  flow: 'legacy',
  api: 'legacy',
  authServerUrl: 'https://auth.deriv.com',
  restUrl: 'https://api.derivws.com',
  clientId: '',
  clientRedirectUrl: '',
  language: 'en',
};

/** Where credentials go in `mode` with this record (main's `Destination`): Deriv mode by default. */
export function destinationOf(record: SettingsRecord = DERIV_SETTINGS, mode: AppMode = 'deriv') {
  return { mode, settings: activeSettings(record) };
}

export const DEMO_SETTINGS: SettingsRecord = {
  appId: '1',
  wsUrl: 'ws://127.0.0.1:40123/websockets/v3',
  oauthUrl: 'http://127.0.0.1:40123/oauth2/authorize',
  redirectUrl: 'http://127.0.0.1:40123/redirect',
  issuer: 'http://127.0.0.1:40123',
  flow: 'legacy',
  api: 'legacy',
  authServerUrl: 'https://auth.deriv.com',
  restUrl: 'https://api.derivws.com',
  clientId: '',
  clientRedirectUrl: '',
  language: 'en',
};

export const DEMO_USERS = [
  { email: 'trader@example.com', password: 'demo-pass-1' },
  { email: 'multi@example.com', password: 'demo-pass-2' },
];

/** The demo's credentials as main lists them: ids, never secrets. */
export const DEMO_CREDENTIALS: DemoCredential[] = [
  { id: 'current-pat-1', api: 'current', kind: 'pat', email: 'trader@example.com', accountId: null, scopes: ['trade'] },
  { id: 'current-pat-2', api: 'current', kind: 'pat', email: 'multi@example.com', accountId: null, scopes: ['trade'] },
  {
    id: 'legacy-api-token-1',
    api: 'legacy',
    kind: 'api_token',
    email: 'trader@example.com',
    accountId: 'CR799393',
    scopes: ['read', 'trade'],
  },
];

/** `AppState.demo` of a demo speaking `api`. */
export const demoInfo = (api: DerivApi = 'legacy'): NonNullable<AppState['demo']> => ({
  api,
  users: clone(DEMO_USERS),
  credentials: clone(DEMO_CREDENTIALS),
});

/** When the sample figures arrived (a fixed instant: the fixtures do not depend on the clock). */
export const SAMPLE_BALANCE_AT = Date.UTC(2026, 11, 7, 8, 30);

export const ACCOUNTS: AccountView[] = [
  {
    api: 'legacy',
    source: 'oauth',
    scopes: null,
    accountId: 'CR799393',
    currency: 'USD',
    isVirtual: false,
    isDisabled: false,
    landingCompanyName: 'svg',
    accountType: 'binary',
    balance: '10234.5',
    balanceAt: SAMPLE_BALANCE_AT,
    balanceLive: true,
    authorized: true,
    needsLogin: false,
    needsLoginReason: null,
    missingScope: null,
    appId: null,
    loginId: 'login-legacy-1',
    sessionEnd: null,
  },
  {
    api: 'legacy',
    source: 'oauth',
    scopes: null,
    accountId: 'CR799394',
    currency: 'BTC',
    isVirtual: false,
    isDisabled: false,
    landingCompanyName: 'svg',
    accountType: 'binary',
    balance: '0.01234567',
    balanceAt: SAMPLE_BALANCE_AT,
    balanceLive: true,
    authorized: true,
    needsLogin: false,
    needsLoginReason: null,
    missingScope: null,
    appId: null,
    loginId: 'login-legacy-1',
    sessionEnd: null,
  },
  {
    api: 'legacy',
    source: 'oauth',
    scopes: null,
    accountId: 'VRTC1859315',
    currency: 'USD',
    isVirtual: true,
    isDisabled: false,
    landingCompanyName: 'virtual',
    accountType: 'binary',
    balance: '10000',
    balanceAt: SAMPLE_BALANCE_AT,
    balanceLive: true,
    authorized: true,
    needsLogin: false,
    needsLoginReason: null,
    missingScope: null,
    appId: null,
    loginId: 'login-legacy-1',
    sessionEnd: null,
  },
  {
    api: 'legacy',
    source: 'oauth',
    scopes: null,
    accountId: 'MF100200',
    currency: 'EUR',
    isVirtual: false,
    isDisabled: true,
    landingCompanyName: 'maltainvest',
    accountType: 'binary',
    balance: null,
    balanceAt: null,
    balanceLive: false,
    authorized: false,
    needsLogin: false,
    needsLoginReason: null,
    missingScope: null,
    appId: null,
    loginId: 'login-legacy-1',
    sessionEnd: null,
  },
];

export const AUTHORIZE_RESPONSE: Authorize = {
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

/** What main shows of the fixture's authorize answer: typed facts plus the answer whole. */
export function authorizeDetails(): AccountDetails {
  const raw = clone(AUTHORIZE_RESPONSE);
  return {
    api: 'legacy',
    primaryAccountId: 'CR799393',
    facts: factsFromAuthorize(raw, 'CR799393'),
    raw,
    receivedAt: NOW,
  };
}

function baseState(): AppState {
  return {
    mode: 'deriv',
    ...settingsView(clone(DERIV_SETTINGS)),
    demo: null,
    login: { status: 'idle' },
    connection: { status: 'online', since: NOW },
    refreshing: false,
    accounts: [],
    logins: [],
    activeAccountId: null,
    details: null,
    persistence: {
      backend: 'gnome_libsecret',
      encryptionAvailable: true,
      plaintextConsent: null,
      tokensPersisted: false,
    },
    notices: [],
    migration: null,
    preferences: clone(DEFAULT_PREFERENCES),
  };
}

/** Fresh copies of the fixture states; each test may change its own. */
export const fixtures = {
  unconfigured(): AppState {
    return {
      ...baseState(),
      mode: 'unconfigured',
      ...settingsView({ ...clone(DERIV_SETTINGS), appId: '', redirectUrl: '' }),
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
      ...settingsView(clone(DEMO_SETTINGS)),
      demo: demoInfo(),
      connection: { status: 'idle' },
    };
  },
  /** Demo mode on the current API (the sandbox's OAuth and REST), logged out. */
  demoCurrentLoggedOut(): AppState {
    const state = fixtures.demoLoggedOut();
    return { ...state, ...withSettings(state, { api: 'current', clientId: '41234' }), demo: demoInfo('current') };
  },
  loggedIn(): AppState {
    return {
      ...baseState(),
      accounts: clone(ACCOUNTS),
      // The fixture's four accounts come from one legacy Deriv login.
      logins: [
        {
          loginId: 'login-legacy-1',
          api: 'legacy',
          method: 'oauth',
          appId: null,
          accountIds: ACCOUNTS.map((a) => a.accountId),
          needsLoginReason: null,
          sessionEnd: null,
        },
      ],
      activeAccountId: 'CR799393',
      details: authorizeDetails(),
      persistence: {
        backend: 'gnome_libsecret',
        encryptionAvailable: true,
        plaintextConsent: null,
        tokensPersisted: true,
      },
    };
  },
  demoLoggedIn(): AppState {
    return { ...fixtures.loggedIn(), mode: 'demo', ...settingsView(clone(DEMO_SETTINGS)), demo: demoInfo() };
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
    state.notices = [{ id: 'n1', level: 'warning', code: 'token_decrypt_failed', params: { accounts: ['CR799394'] } }];
    state.connection = { status: 'reconnecting', attempt: 2, nextRetryAt: NOW + 5_000, lastError: 'socket closed' };
    return state;
  },
};

export function withLanguage(state: AppState, language: AppState['settings']['language']): AppState {
  return { ...state, ...withSettings(state, { language }) };
}

/** The state's settings with some of the record's fields changed (`api` among them, maybe). */
export function withSettings(
  state: Pick<AppState, 'settings' | 'settingsByApi'>,
  change: Partial<SettingsRecord>,
): Pick<AppState, 'settings' | 'settingsByApi'> {
  return settingsView({ ...recordOf(state), ...change });
}

/**
 * The logins main would list for these accounts (`loginViews`): one per login id, in the order its
 * first account appears; the method from the accounts (a current-API token is a personal token);
 * the login's problem when every account of it that is not disabled needs a login. Fixtures and
 * tests that move accounts between logins call it so AppState stays as main makes it.
 */
export function withLogins<S extends Pick<AppState, 'accounts' | 'logins'>>(state: S): S {
  const logins = new Map<string, LoginView>();
  for (const a of state.accounts) {
    if (a.loginId === null) continue;
    let login = logins.get(a.loginId);
    if (!login) {
      login = {
        loginId: a.loginId,
        api: a.api,
        method: a.source === 'oauth' ? 'oauth' : a.api === 'current' ? 'pat' : 'api_token',
        appId: a.source === 'api_token' && a.api === 'current' ? a.appId : null,
        accountIds: [],
        needsLoginReason: null,
        sessionEnd: a.sessionEnd,
      };
      logins.set(a.loginId, login);
    }
    login.accountIds.push(a.accountId);
  }
  for (const login of logins.values()) {
    const openable = state.accounts.filter((a) => a.loginId === login.loginId && !a.isDisabled);
    if (openable[0] && openable.every((a) => a.needsLogin)) login.needsLoginReason = openable[0].needsLoginReason;
  }
  return { ...state, logins: [...logins.values()] };
}

/** One account of a fixture login: live, with a balance, unless changed. */
export function account(change: Partial<AccountView> & Pick<AccountView, 'accountId' | 'loginId'>): AccountView {
  return {
    api: 'current',
    source: 'oauth',
    scopes: null,
    currency: 'USD',
    isVirtual: false,
    isDisabled: false,
    landingCompanyName: null,
    accountType: null,
    balance: '1000.00',
    balanceAt: SAMPLE_BALANCE_AT,
    balanceLive: true,
    authorized: true,
    needsLogin: false,
    needsLoginReason: null,
    missingScope: null,
    appId: null,
    sessionEnd: null,
    ...change,
  };
}

/**
 * Two logins on Deriv's current API, eight accounts: a Deriv (OAuth) login of four accounts (one
 * disabled) and a personal token (app 41234) of four. `expired`: the OAuth login's session ended
 * for good, so each of its accounts needs a login, which is said once, on the login.
 */
export function twoLogins(expired = false): AppState {
  const oauth = { loginId: 'login-oauth-1', sessionEnd: 'revoked' as const };
  const pat = { loginId: 'login-pat-1', source: 'api_token' as const, appId: '41234', scopes: ['read', 'trade'] };
  const dead = expired
    ? { needsLogin: true, needsLoginReason: 'session_expired' as const, authorized: false, balance: null }
    : {};
  const accounts = [
    account({ ...oauth, ...dead, accountId: 'CR900001', balance: expired ? null : '2500.50' }),
    account({ ...oauth, ...dead, accountId: 'CR900002', currency: 'BTC', balance: expired ? null : '0.12345678' }),
    account({ ...oauth, ...dead, accountId: 'VRTC900003', isVirtual: true, balance: expired ? null : '10000.00' }),
    account({ ...oauth, accountId: 'MF900004', currency: 'EUR', isDisabled: true, balance: null, authorized: false }),
    account({ ...pat, accountId: 'CR900011', balance: '1234567.89' }),
    account({ ...pat, accountId: 'CR900012', currency: 'EUR', balance: '99.99' }),
    account({ ...pat, accountId: 'VRTC900013', isVirtual: true, balance: '10000.00' }),
    account({ ...pat, accountId: 'VRTC900014', isVirtual: true, currency: 'EUR', balance: '5000.10' }),
  ];
  const state = fixtures.loggedIn();
  Object.assign(state, withSettings(state, { api: 'current', clientId: '41234' }));
  return withLogins({
    ...state,
    accounts,
    activeAccountId: expired ? 'CR900001' : 'CR900011',
    details: null,
  });
}
