/**
 * The current (v4) shape of the accounts store, and the validation of what callers hand in.
 * Everything read from disk goes through these schemas: the file is untrusted input.
 */
import { z } from 'zod';

import { LOGINID_PATTERN, TOKEN_PATTERN } from '../deriv-patterns';
import {
  ACCOUNT_SOURCES,
  type AccountSource,
  APP_ID_PATTERN,
  APP_MODES,
  DERIV_APIS,
  type DerivApi,
  isInterceptableRedirectUrl,
  isSecureOrLoopback,
  LANGUAGES,
  LOGIN_FLOWS,
  MAX_SCOPES,
  MAX_STORED_ACCOUNTS,
  REDIRECT_URL_RULE,
  type StoredSettings,
} from '../model';

export type { StoredSettings };

export const CURRENT_SCHEMA_VERSION = 4;
const BASE64_PATTERN = /^[A-Za-z0-9+/]*={0,2}$/;

export const loginidSchema = z.string().max(64).regex(LOGINID_PATTERN);
export const tokenSchema = z.string().regex(TOKEN_PATTERN);
export const currencySchema = z
  .string()
  .max(20)
  .regex(/^[A-Za-z0-9]*$/);
const shortText = z.string().max(100);
/** A sealed token, as the cipher returned it (bounded so a hostile file cannot balloon memory). */
export const sealedTokenSchema = z.string().min(1).max(8192).regex(BASE64_PATTERN);

const address = z.string().min(1).max(2048);

/**
 * The shape of endpoint settings, as earlier versions wrote them: any address. Only for reading
 * files (the migrations, and the document before its settings are checked), so that one bad
 * address refuses the settings, not the whole file with the user's saved logins.
 */
export const endpointSettingsShape = z.object({
  appId: z.string().min(1).max(64),
  wsUrl: address,
  oauthUrl: address,
  redirectUrl: address,
  issuer: address,
  flow: z.enum(LOGIN_FLOWS),
  language: z.enum(LANGUAGES),
});

export const appModeSchema = z.enum(APP_MODES);

/** Settings the app may act on: the app_id rule, the address rule and the redirect-URL rule hold. */
export const endpointSettingsSchema = endpointSettingsShape.extend({
  appId: z.string().regex(APP_ID_PATTERN, 'a numeric app_id'),
  wsUrl: address.refine((u) => isSecureOrLoopback(u, 'ws'), 'a wss:// address (ws:// only on this computer)'),
  oauthUrl: address.refine((u) => isSecureOrLoopback(u, 'http'), 'an https:// address (http:// only on this computer)'),
  issuer: address.refine((u) => isSecureOrLoopback(u, 'http'), 'an https:// address (http:// only on this computer)'),
  redirectUrl: address.refine(isInterceptableRedirectUrl, REDIRECT_URL_RULE),
});

export const storedSettingsShape = endpointSettingsShape.extend({ mode: appModeSchema });
export const storedSettingsSchema = endpointSettingsSchema.extend({ mode: appModeSchema });

/** Small, flat UI preferences (e.g. `hideBalances: true`); values are JSON scalars. */
export type UiPreferences = Record<string, string | number | boolean | null>;
export const uiPreferencesSchema = z
  .record(z.string().min(1).max(64), z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]))
  .refine((r) => Object.keys(r).length <= 100, 'too many preferences');

/** An API token scope as Deriv names them (`read`, `trading_information` …). */
export const scopeSchema = z
  .string()
  .min(1)
  .max(40)
  .regex(/^[a-z_]+$/);
export const scopesSchema = z.array(scopeSchema).max(MAX_SCOPES);

/** An account as version 3 stored it (no `source`, no `scopes`): every one came from an OAuth login. */
export const v3StoredAccountSchema = z.object({
  /** Which API the credential belongs to; files written before there were two are all legacy. */
  api: z.enum(DERIV_APIS).default('legacy'),
  loginid: loginidSchema,
  currency: currencySchema,
  isVirtual: z.boolean(),
  isDisabled: z.boolean(),
  landingCompanyName: shortText.nullable(),
  accountType: shortText.nullable(),
  /** The token sealed by the `SecretCipher`, or null when it is kept in memory only. */
  sealedToken: sealedTokenSchema.nullable(),
  /** When the token was last replaced (clock ms); 0 when unknown (migrated). */
  updatedAt: z.number().int().nonnegative(),
});

export const storedAccountSchema = v3StoredAccountSchema.extend({
  /** How the credential was obtained: an OAuth login, or an API token the trader pasted. */
  source: z.enum(ACCOUNT_SOURCES),
  /** An API token's scopes as Deriv said at sign-in; null for OAuth logins. */
  scopes: scopesSchema.nullable(),
});
export type StoredAccount = z.infer<typeof storedAccountSchema>;

/**
 * The document as read from disk. Its settings have the stored shape but are not yet checked
 * against the address rules: `readDocument` checks them apart and refuses the settings alone.
 */
export const vaultDocumentSchema = z.object({
  schemaVersion: z.literal(CURRENT_SCHEMA_VERSION),
  accounts: z.array(storedAccountSchema).max(MAX_STORED_ACCOUNTS),
  activeLoginid: loginidSchema.nullable(),
  settings: storedSettingsShape.nullable(),
  preferences: uiPreferencesSchema,
  plaintextConsent: z.boolean().nullable(),
});
export type VaultDocument = z.infer<typeof vaultDocumentSchema>;

export function emptyDocument(): VaultDocument {
  return {
    schemaVersion: CURRENT_SCHEMA_VERSION,
    accounts: [],
    activeLoginid: null,
    settings: null,
    preferences: {},
    plaintextConsent: null,
  };
}

/**
 * Repairs what is well-typed but inconsistent rather than throwing the whole file away:
 * duplicate login ids keep the last entry, an active id that names no account becomes null.
 */
export function normalizeDocument(doc: VaultDocument): VaultDocument {
  const byId = new Map<string, StoredAccount>();
  for (const account of doc.accounts) {
    byId.delete(account.loginid);
    byId.set(account.loginid, account);
  }
  const accounts = [...byId.values()];
  const activeLoginid = doc.activeLoginid !== null && byId.has(doc.activeLoginid) ? doc.activeLoginid : null;
  return { ...doc, accounts, activeLoginid };
}

/** What the app controller hands over after a login. */
export interface StoredAccountInput {
  api?: DerivApi;
  /** Absent: an OAuth login. */
  source?: AccountSource;
  scopes?: string[] | null;
  loginid: string;
  token: string;
  currency: string;
  isVirtual?: boolean;
  isDisabled?: boolean;
  landingCompanyName?: string | null;
  accountType?: string | null;
}

export const storedAccountInputSchema = z.object({
  api: z.enum(DERIV_APIS).optional(),
  source: z.enum(ACCOUNT_SOURCES).optional(),
  scopes: scopesSchema.nullable().optional(),
  loginid: loginidSchema,
  token: tokenSchema,
  currency: currencySchema,
  isVirtual: z.boolean().optional(),
  isDisabled: z.boolean().optional(),
  landingCompanyName: shortText.nullable().optional(),
  accountType: shortText.nullable().optional(),
});

/** Flags learnt after `authorize` (from `account_list`); absent fields are left as they are. */
export interface AccountFlagsUpdate {
  loginid: string;
  currency?: string;
  isVirtual?: boolean;
  isDisabled?: boolean;
  landingCompanyName?: string | null;
  accountType?: string | null;
}

export const accountFlagsUpdateSchema = storedAccountInputSchema
  .omit({ token: true, api: true, source: true, scopes: true })
  .partial()
  .extend({
    loginid: loginidSchema,
  });
