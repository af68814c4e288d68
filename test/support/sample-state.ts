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
