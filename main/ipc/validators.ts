/**
 * Runtime validation of every command argument, typed against `DesktopCommands` so a schema that
 * drifts from the contract fails `tsc`. Strict objects: unknown keys are refused, not ignored.
 */
import { z } from 'zod';

import {
  ACCOUNT_ID_PATTERN,
  type API_SETTINGS_KEYS,
  APP_ID_PATTERN,
  CLIENT_ID_PATTERN,
  DERIV_APIS,
  type DerivApi,
  isRegistrableRedirectUrl,
  isSecureOrLoopback,
  LANGUAGES,
  LOGIN_FLOWS,
  LOGIN_ID_PATTERN,
  type LOGIN_PLACE_KEYS,
  LOGIN_PLACES,
  MAX_STORED_ACCOUNTS,
  NICKNAME_PATTERN,
  REDIRECT_URL_RULE,
  type SettingsPatch,
  SIGN_IN_METHODS,
  type SignInArgs,
  type SignInMethod,
  THEMES,
} from '../core/model';
import type { CommandArgs, CommandName } from './contract';

// Either API's account id (a v3 loginid such as CR123456, or a current-API account_id): one rule, the model's.
const accountId = z.string().max(64).regex(ACCOUNT_ID_PATTERN, 'a Deriv account id such as CR123456 or DOT12345678');
// Tokens and the login page must not cross the network in clear text: http/ws only on loopback.
const httpUrl = z
  .url()
  .refine((u) => isSecureOrLoopback(u, 'http'), 'an https:// address (http:// only on this computer)');
const wsUrl = z.url().refine((u) => isSecureOrLoopback(u, 'ws'), 'a wss:// address (ws:// only on this computer)');
const appId = z.string().regex(APP_ID_PATTERN, 'a numeric app_id');
// Main is the enforcer: a redirect the login window cannot intercept (another custom scheme, plain
// http to another computer) could only time out, or carry the tokens in clear text; the app's own
// scheme is for a sign-in in the browser (RFC 8252 §7.1), the OS hands it back to the app.
const redirectUrl = z.url().refine(isRegistrableRedirectUrl, REDIRECT_URL_RULE);
const flow = z.enum(LOGIN_FLOWS);
const api = z.enum(DERIV_APIS);
// The current API's app id; empty clears it (a PAT user may have no registered app).
const clientId = z.union([
  z.literal(''),
  z.string().regex(CLIENT_ID_PATTERN, 'an app ID of letters, digits, ".", "_" or "-"'),
]);
const clientRedirectUrl = z.union([z.literal(''), redirectUrl]);
const language = z.enum(LANGUAGES);
const none = z.undefined();

type Schemas = { [K in CommandName]: z.ZodType<CommandArgs<K>> };

/**
 * Each API's own fields (`API_SETTINGS_KEYS`) with their rules: a key missing here, or one the
 * model does not list, fails `tsc`.
 */
const API_SETTINGS_FIELDS = {
  legacy: { appId, wsUrl, oauthUrl: httpUrl, redirectUrl, issuer: httpUrl, flow, loginPlace: z.enum(LOGIN_PLACES) },
  current: {
    authServerUrl: httpUrl,
    restUrl: httpUrl,
    clientId,
    clientRedirectUrl,
    clientLoginPlace: z.enum(LOGIN_PLACES),
  },
} satisfies {
  [A in DerivApi]: Record<(typeof API_SETTINGS_KEYS)[A][number] | (typeof LOGIN_PLACE_KEYS)[A], z.ZodType>;
};

/**
 * A settings patch names its API and may change only that API's fields (and the language): derived
 * from the settings union, so another API's field is refused as an unknown key.
 */
const settingsPatchSchema = z.discriminatedUnion(
  'api',
  DERIV_APIS.map((forApi) =>
    z
      .strictObject({ api: z.literal(forApi), language, ...API_SETTINGS_FIELDS[forApi] })
      .partial()
      .required({ api: true }),
  ) as unknown as [z.ZodObject, ...z.ZodObject[]],
) as unknown as z.ZodType<SettingsPatch>;

/**
 * `savePreferences`' argument: any of the preferences, each bounded as the vault keeps them (one
 * nickname and one place per account it may hold). A nickname as typed: main trims it, and an
 * empty one removes it; no line breaks, control or invisible format characters.
 */
const preferencesPatchSchema = z
  .strictObject({
    theme: z.enum(THEMES),
    hideZeroBalances: z.boolean(),
    hideDisabled: z.boolean(),
    nicknames: z
      .record(
        accountId,
        z.union([z.literal(''), z.string().regex(NICKNAME_PATTERN, 'at most 40 characters of plain text')]),
      )
      .refine((r) => Object.keys(r).length <= MAX_STORED_ACCOUNTS, 'too many nicknames'),
    order: z
      .array(accountId)
      .max(MAX_STORED_ACCOUNTS)
      .refine((ids) => new Set(ids).size === ids.length, 'each account once'),
  })
  .partial();

/** The fields of each sign-in method (`SignInArgs`), beside its API and method. */
const SIGN_IN_FIELDS = {
  oauth: { reloginFor: accountId.optional() },
  browser: { reloginFor: accountId.optional() },
  // The PAT crosses IPC once, renderer → main, as the user typed it; main never sends it back.
  pat: { token: z.string().min(1).max(4096), appId: z.string().max(64) },
  // The paste is checked token by token in main (typed errors by position); here only its size.
  api_token: { tokens: z.string().min(1).max(4000) },
  // An id from AppState.demo.credentials; main resolves it to the secret (never the other way).
  demo: {
    id: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[a-z0-9-]+$/, 'a demo credential id as listed on the login screen'),
  },
} satisfies Record<SignInMethod, z.ZodRawShape>;

/**
 * `signIn`'s argument, derived from the model's `SIGN_IN_METHODS`: one strict object per API and
 * method that API has, so a PAT for the legacy API or API tokens for the current one are refused
 * here, before main does anything.
 */
export const signInSchema = z.discriminatedUnion(
  'api',
  DERIV_APIS.map((forApi) =>
    z.discriminatedUnion(
      'method',
      SIGN_IN_METHODS[forApi].map((method) =>
        z.strictObject({ api: z.literal(forApi), method: z.literal(method), ...SIGN_IN_FIELDS[method] }),
      ) as unknown as [z.ZodObject, ...z.ZodObject[]],
    ),
  ) as unknown as [z.ZodDiscriminatedUnion, ...z.ZodDiscriminatedUnion[]],
) as unknown as z.ZodType<SignInArgs>;

export const commandArgSchemas: Schemas = {
  getState: none as z.ZodType<void>,
  chooseMode: z.union([
    z.strictObject({ mode: z.literal('demo'), api: api.optional() }),
    z.strictObject({ mode: z.literal('deriv'), appId, redirectUrl }),
    z.strictObject({ mode: z.literal('deriv'), api: z.literal('current'), clientId, clientRedirectUrl }),
  ]),
  saveSettings: settingsPatchSchema,
  savePreferences: preferencesPatchSchema,
  signIn: signInSchema,
  cancelLogin: none as z.ZodType<void>,
  switchAccount: z.strictObject({ accountId }),
  // One account (or, without it, every login), or one login by its id.
  logout: z
    .union([
      z.strictObject({ accountId: accountId.optional() }),
      z.strictObject({ loginId: z.string().regex(LOGIN_ID_PATTERN, 'a login id') }),
    ])
    .optional() as z.ZodType<CommandArgs<'logout'>>,
  forgetEverything: none as z.ZodType<void>,
  retireLegacyLogin: none as z.ZodType<void>,
  retryConnection: none as z.ZodType<void>,
  setPlaintextConsent: z.strictObject({ allow: z.boolean() }),
  dismissNotice: z.strictObject({ id: z.string().min(1).max(200) }),
  openExternal: z.strictObject({ url: z.url({ protocol: /^https$/ }) }),
};
