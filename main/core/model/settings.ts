/**
 * The settings, tagged by API (`Settings`), and the flat form the vault stores with both APIs'
 * values (`SettingsRecord`), with the one pair converting between them. Part of `model.ts`;
 * imports no code.
 */
import type { AppMode, AppState, DerivApi, Language, LoginFlow, LoginPlace } from '../model';

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
  /** Legacy API: where "Log in" shows Deriv's page (`LOGIN_PLACE_KEYS`); unset: the login window. */
  loginPlace?: LoginPlace;
  /** Current API: the same choice for it. */
  clientLoginPlace?: LoginPlace;
}

/**
 * Each API's "Log in: in this app's window / in my browser" (a preference: kept across modes and
 * endpoint changes, and saved in demo mode too). Apart from `API_SETTINGS_KEYS`, as it is optional.
 */
export const LOGIN_PLACE_KEYS = { legacy: 'loginPlace', current: 'clientLoginPlace' } as const satisfies Record<
  DerivApi,
  keyof SettingsRecord
>;

/** The fields each API reads (besides `api` and `language`): its endpoints and app registration. */
export const API_SETTINGS_KEYS = {
  legacy: ['appId', 'wsUrl', 'oauthUrl', 'redirectUrl', 'issuer', 'flow'],
  current: ['authServerUrl', 'restUrl', 'clientId', 'clientRedirectUrl'],
} as const satisfies Record<DerivApi, readonly Exclude<keyof SettingsRecord, 'api' | 'language'>[]>;

type ApiSettings<A extends DerivApi> = { api: A; language: Language } & Pick<
  SettingsRecord,
  (typeof API_SETTINGS_KEYS)[A][number] | (typeof LOGIN_PLACE_KEYS)[A]
>;

/** Where these settings' API signs in with its login page (unset: the login window). */
export function loginPlaceOf(settings: Settings): LoginPlace {
  return (settings.api === 'legacy' ? settings.loginPlace : settings.clientLoginPlace) ?? 'window';
}
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
  const place = record[LOGIN_PLACE_KEYS[api]];
  if (place !== undefined) out[LOGIN_PLACE_KEYS[api]] = place;
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
  for (const key of [...API_SETTINGS_KEYS[settings.api], LOGIN_PLACE_KEYS[settings.api], 'language'] as const) {
    if (given[key] !== undefined) (next as unknown as Record<string, string>)[key] = given[key];
  }
  return next;
}

/**
 * Where a login's secret may be sent: the app or client id it was issued to and the addresses that
 * carry it (legacy: the socket; current: the REST base and, for OAuth, the authorization server
 * that renews it). A demo login's (`demo`) goes to the sandbox the app runs itself, whose addresses
 * are the running app's own (a new port every run), never taken from the store: they are recorded
 * but not compared. Empty `urls` (and `appId`) when not known: such a secret goes nowhere.
 */
export interface GrantDestination {
  demo?: true;
  appId: string;
  urls: string[];
}

/** What of a login's secret decides where it goes: its API and kind, and a PAT's own app id. */
export type SecretKind =
  | { api: 'legacy' }
  | { api: 'current'; kind: 'oauth' }
  | { api: 'current'; kind: 'pat'; appId: string };

/**
 * The one rule for where a secret of this kind would be sent in this mode with these settings:
 * recorded (and sealed with the secret) when a login is made, and checked again before a saved
 * secret is used, so that an address changed in the store file (by another program) never
 * receives it. Null when it would go nowhere: nothing chosen yet, or settings of the other API.
 */
export function secretDestination(mode: AppMode, settings: Settings, secret: SecretKind): GrantDestination | null {
  if (mode === 'unconfigured' || settings.api !== secret.api) return null;
  const demo = mode === 'demo' ? { demo: true as const } : {};
  if (settings.api === 'legacy') return { ...demo, appId: settings.appId, urls: [settings.wsUrl] };
  if (secret.api === 'current' && secret.kind === 'pat')
    return { ...demo, appId: secret.appId, urls: [settings.restUrl] };
  return { ...demo, appId: settings.clientId, urls: [settings.restUrl, settings.authServerUrl] };
}

/** The same destination, exactly (what a sealed secret names against what the store says). */
export function equalDestinations(a: GrantDestination, b: GrantDestination): boolean {
  return (a.demo ?? false) === (b.demo ?? false) && a.appId === b.appId && sameUrls(a.urls, b.urls);
}

/**
 * Whether a secret sealed for `sealed` may go to `now`: the same app and addresses, or both the
 * app's own demo sandbox with the same app. An unknown destination (no addresses) matches nothing.
 */
export function sameDestination(sealed: GrantDestination, now: GrantDestination): boolean {
  if (sealed.urls.length === 0 || now.urls.length === 0) return false;
  if ((sealed.demo ?? false) !== (now.demo ?? false) || sealed.appId !== now.appId) return false;
  return sealed.demo === true || sameUrls(sealed.urls, now.urls);
}

const sameUrls = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((u, i) => u === b[i]);
