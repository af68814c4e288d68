/**
 * The settings, tagged by API (`Settings`), and the flat form the vault stores with both APIs'
 * values (`SettingsRecord`), with the one pair converting between them. Part of `model.ts`;
 * imports no code.
 */
import type { AppMode, AppState, DerivApi, Language, LoginFlow } from '../model';

/**
 * Both APIs' endpoints and app registrations, flat: the form the vault stores (with the mode), so
 * the Settings screen shows the other API's remembered values when the trader switches the API.
 * Only `activeSettings` / `recordWith` (model/settings.ts) read or write it as a whole; the rest
 * of the app sees `Settings`, the union tagged by API. Defaults point at production Deriv; demo
 * mode at the embedded sandbox.
 */
export interface SettingsRecord {
  /** Which of Deriv's APIs the app speaks; `current` for a new install. */
  api: DerivApi;
  /** Legacy API: the numeric app_id. */
  appId: string;
  /** WebSocket API endpoint, e.g. `wss://ws.derivws.com/websockets/v3`. */
  wsUrl: string;
  /** Legacy authorize page, e.g. `https://oauth.deriv.com/oauth2/authorize`. */
  oauthUrl: string;
  /** The redirect URL registered for `appId`; the login window intercepts it. */
  redirectUrl: string;
  /** OIDC issuer used for discovery, e.g. `https://oauth.deriv.com`. */
  issuer: string;
  flow: LoginFlow;
  /**
   * Current API: the authorization server's base, e.g. `https://auth.deriv.com`; the login window
   * opens its `/oauth2/auth`, main exchanges codes at its `/oauth2/token`.
   */
  authServerUrl: string;
  /** Current API: the REST base, e.g. `https://api.derivws.com`. */
  restUrl: string;
  /** Current API: the app id registered with Deriv, used as OAuth `client_id`; empty until set. */
  clientId: string;
  /** Current API: the redirect URL registered for `clientId` (matched exactly); empty until set. */
  clientRedirectUrl: string;
  language: Language;
}

/** The fields each API reads (besides `api` and `language`): its endpoints and app registration. */
export const API_SETTINGS_KEYS = {
  legacy: ['appId', 'wsUrl', 'oauthUrl', 'redirectUrl', 'issuer', 'flow'],
  current: ['authServerUrl', 'restUrl', 'clientId', 'clientRedirectUrl'],
} as const satisfies Record<DerivApi, readonly Exclude<keyof SettingsRecord, 'api' | 'language'>[]>;

type ApiSettings<A extends DerivApi> = { api: A; language: Language } & Pick<
  SettingsRecord,
  (typeof API_SETTINGS_KEYS)[A][number]
>;
/** The legacy API's settings: its socket, login pages and app_id. */
export type LegacySettings = ApiSettings<'legacy'>;
/** The current API's settings: its REST base, authorization server and registered app. */
export type CurrentSettings = ApiSettings<'current'>;
/**
 * Where the app talks to, tagged by API: each API's code reads only its own fields (narrowed by
 * `api`), so a legacy field read on current-API settings fails to compile.
 */
export type Settings = LegacySettings | CurrentSettings;

/**
 * Settings whose change sends the credentials somewhere else (another API, server or app): the
 * held accounts are logged out first. The redirect URLs and the language are not among them.
 */
export const ENDPOINT_KEYS = {
  legacy: ['wsUrl', 'appId', 'oauthUrl', 'issuer'],
  current: ['authServerUrl', 'restUrl', 'clientId'],
} as const satisfies { [A in DerivApi]: readonly (keyof ApiSettings<A>)[] };

/** The fields of stored settings by name: a refused one is named in a notice, translated. */
export const SETTINGS_FIELDS = [
  'mode',
  'api',
  'appId',
  'wsUrl',
  'oauthUrl',
  'redirectUrl',
  'issuer',
  'flow',
  'authServerUrl',
  'restUrl',
  'clientId',
  'clientRedirectUrl',
  'language',
] as const satisfies readonly (keyof SettingsRecord | 'mode')[];
export type SettingsField = (typeof SETTINGS_FIELDS)[number];

/**
 * Settings the user may change, for one API: what is given is merged into that API's settings
 * (and the app then speaks it). A patch cannot name another API's field.
 */
export type SettingsPatch = {
  [A in DerivApi]: { api: A } & Partial<Omit<ApiSettings<A>, 'api'>>;
}[DerivApi];

/** Both APIs' settings plus the mode the user chose; what the vault keeps across restarts. */
export type StoredSettings = SettingsRecord & { mode: AppMode };

/** The settings the record's API speaks: the one way from the stored form to the union. */
export function activeSettings(record: SettingsRecord): Settings {
  return settingsFor(record, record.api);
}

/** One API's settings out of the record (the Settings screen shows the other API's). */
export function settingsFor<A extends DerivApi>(record: SettingsRecord, api: A): ApiSettings<A>;
export function settingsFor(record: SettingsRecord, api: DerivApi): Settings {
  const out: Record<string, string> = { api, language: record.language };
  for (const key of API_SETTINGS_KEYS[api]) out[key] = record[key];
  return out as unknown as Settings;
}

/** What AppState shows of the record: the active settings, and each API's (the Settings screen's choice). */
export function settingsView(record: SettingsRecord): Pick<AppState, 'settings' | 'settingsByApi'> {
  return {
    settings: activeSettings(record),
    settingsByApi: { legacy: settingsFor(record, 'legacy'), current: settingsFor(record, 'current') },
  };
}

/** Back from that view to the record (the Settings screen's form). */
export function recordOf(view: Pick<AppState, 'settings' | 'settingsByApi'>): SettingsRecord {
  const { legacy, current } = view.settingsByApi;
  return { ...legacy, ...current, api: view.settings.api, language: view.settings.language };
}

/**
 * The record with `settings` (whole or a patch) merged in, its API made the active one; the other
 * API's fields stay as remembered. The one way from the union back to the stored form.
 */
export function recordWith(record: SettingsRecord, settings: Settings | SettingsPatch): SettingsRecord {
  const next: SettingsRecord = { ...record, api: settings.api };
  const given = settings as Partial<Record<keyof SettingsRecord, string>>;
  for (const key of [...API_SETTINGS_KEYS[settings.api], 'language'] as const) {
    if (given[key] !== undefined) (next as unknown as Record<string, string>)[key] = given[key];
  }
  return next;
}
