/**
 * The current (v5) shape of the accounts store, and the validation of what callers hand in.
 * Everything read from disk goes through these schemas: the file is untrusted input.
 *
 * v5 records which API each account belongs to. A legacy account carries its own sealed token; a
 * current-API account names a stored credential (`credentialId`), shared by the accounts of one
 * login: its refresh token (OAuth) or its PAT, sealed with the same cipher as legacy tokens. An
 * access token is never stored (it is refreshed after a restart), nor is an OTP URL.
 */
import { z } from 'zod';

import { CREDENTIAL_SECRET_PATTERN, LOGINID_PATTERN, TOKEN_PATTERN } from '../deriv-patterns';
import {
  ACCOUNT_ID_PATTERN,
  ACCOUNT_SOURCES,
  type AccountSource,
  APP_ID_PATTERN,
  APP_MODES,
  CLIENT_ID_PATTERN,
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

export const CURRENT_SCHEMA_VERSION = 5;
const BASE64_PATTERN = /^[A-Za-z0-9+/]*={0,2}$/;

export const loginidSchema = z.string().max(64).regex(LOGINID_PATTERN);
/** An account id of either API (the model's one rule); legacy accounts are held to `LOGINID_PATTERN` too. */
export const accountIdSchema = z.string().max(64).regex(ACCOUNT_ID_PATTERN);
export const derivApiSchema = z.enum(DERIV_APIS);
/** A refresh token or a PAT: opaque to the app; printable, no spaces, bounded. */
export const credentialSecretSchema = z.string().regex(CREDENTIAL_SECRET_PATTERN);
export const clientIdSchema = z.string().regex(CLIENT_ID_PATTERN, 'an app ID of letters, digits, ".", "_" or "-"');
/** The vault's own name for a stored credential (random, never derived from a secret). */
export const credentialIdSchema = z.string().regex(/^[A-Za-z0-9-]{1,64}$/);
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
  api: derivApiSchema,
  authServerUrl: address,
  restUrl: address,
  clientId: z.string().max(64),
  clientRedirectUrl: z.string().max(2048),
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
  authServerUrl: address.refine(
    (u) => isSecureOrLoopback(u, 'http'),
    'an https:// address (http:// only on this computer)',
  ),
  restUrl: address.refine((u) => isSecureOrLoopback(u, 'http'), 'an https:// address (http:// only on this computer)'),
  // Empty until the user registers an app for the current API (a PAT user may never need one).
  clientId: z.union([z.literal(''), clientIdSchema]),
  clientRedirectUrl: z.union([z.literal(''), address.refine(isInterceptableRedirectUrl, REDIRECT_URL_RULE)]),
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

export const storedAccountSchema = z.object({
  /** The v3 loginid, or the current API's `account_id` (checked per API in `vaultDocumentSchema`). */
  loginid: accountIdSchema,
  api: derivApiSchema,
  /** Current API: the stored credential that opens this account; null for legacy accounts. */
  credentialId: credentialIdSchema.nullable(),
  currency: currencySchema,
  isVirtual: z.boolean(),
  isDisabled: z.boolean(),
  landingCompanyName: shortText.nullable(),
  accountType: shortText.nullable(),
  /** How the credential was obtained: an OAuth login, or a token the trader pasted (API token, PAT). */
  source: z.enum(ACCOUNT_SOURCES),
  /** An API token's scopes as Deriv said at sign-in; null for OAuth logins. */
  scopes: scopesSchema.nullable(),
  /** Legacy: the token sealed by the `SecretCipher`, or null when it is kept in memory only. */
  sealedToken: sealedTokenSchema.nullable(),
  /** When the token was last replaced (clock ms); 0 when unknown (migrated). */
  updatedAt: z.number().int().nonnegative(),
});
export type StoredAccount = z.infer<typeof storedAccountSchema>;

export const CREDENTIAL_KINDS = ['oauth', 'pat'] as const;

/** A current-API credential at rest: only what survives a restart, sealed. */
export const storedCredentialSchema = z.object({
  id: credentialIdSchema,
  kind: z.enum(CREDENTIAL_KINDS),
  /** The sealed refresh token (OAuth) or PAT; null when it is kept in memory only. */
  sealedSecret: sealedTokenSchema.nullable(),
  /** PAT: the `Deriv-App-ID` it was made for; OAuth: the client id the grant belongs to. */
  appId: clientIdSchema,
  updatedAt: z.number().int().nonnegative(),
});
export type StoredCredential = z.infer<typeof storedCredentialSchema>;

/**
 * The document as read from disk. Its settings have the stored shape but are not yet checked
 * against the address rules: `readDocument` checks them apart and refuses the settings alone.
 */
export const vaultDocumentSchema = z.object({
  schemaVersion: z.literal(CURRENT_SCHEMA_VERSION),
  accounts: z
    .array(
      storedAccountSchema.refine(
        (a) => a.api === 'current' || LOGINID_PATTERN.test(a.loginid),
        'a legacy account needs a Deriv login id',
      ),
    )
    .max(MAX_STORED_ACCOUNTS),
  credentials: z.array(storedCredentialSchema).max(MAX_STORED_ACCOUNTS),
  activeLoginid: accountIdSchema.nullable(),
  settings: storedSettingsShape.nullable(),
  preferences: uiPreferencesSchema,
  plaintextConsent: z.boolean().nullable(),
});
export type VaultDocument = z.infer<typeof vaultDocumentSchema>;

export function emptyDocument(): VaultDocument {
  return {
    schemaVersion: CURRENT_SCHEMA_VERSION,
    accounts: [],
    credentials: [],
    activeLoginid: null,
    settings: null,
    preferences: {},
    plaintextConsent: null,
  };
}

/**
 * Repairs what is well-typed but inconsistent rather than throwing the whole file away:
 * duplicate login ids keep the last entry, an active id that names no account becomes null; a
 * legacy account names no credential and a current one carries no legacy token; a current account
 * whose credential is missing keeps its place without one (it needs a new login); a credential
 * no account names is dropped.
 */
export function normalizeDocument(doc: VaultDocument): VaultDocument {
  const credentialIds = new Set(doc.credentials.map((c) => c.id));
  const byId = new Map<string, StoredAccount>();
  for (const account of doc.accounts) {
    byId.delete(account.loginid);
    byId.set(
      account.loginid,
      account.api === 'legacy'
        ? { ...account, credentialId: null }
        : {
            ...account,
            sealedToken: null,
            credentialId:
              account.credentialId !== null && credentialIds.has(account.credentialId) ? account.credentialId : null,
          },
    );
  }
  const accounts = [...byId.values()];
  const used = new Set(accounts.map((a) => a.credentialId));
  const seen = new Set<string>();
  const credentials = doc.credentials.filter((c) => used.has(c.id) && !seen.has(c.id) && seen.add(c.id));
  const activeLoginid = doc.activeLoginid !== null && byId.has(doc.activeLoginid) ? doc.activeLoginid : null;
  return { ...doc, accounts, credentials, activeLoginid };
}

/** What the app controller hands over after a login. */
export interface StoredAccountInput {
  api?: DerivApi;
  accountId: string;
  token: string;
  currency: string;
  isVirtual?: boolean;
  isDisabled?: boolean;
  landingCompanyName?: string | null;
  accountType?: string | null;
  /** Absent: an OAuth login. */
  source?: AccountSource;
  scopes?: string[] | null;
}

export const storedAccountInputSchema = z.object({
  // Per-account tokens are the legacy API's; a current-API login is kept with `saveCurrentLogin`.
  api: z.literal('legacy').optional(),
  accountId: loginidSchema,
  token: tokenSchema,
  currency: currencySchema,
  isVirtual: z.boolean().optional(),
  isDisabled: z.boolean().optional(),
  landingCompanyName: shortText.nullable().optional(),
  accountType: shortText.nullable().optional(),
  source: z.enum(ACCOUNT_SOURCES).optional(),
  scopes: scopesSchema.nullable().optional(),
});

/** Flags learnt after `authorize` (from `account_list`); absent fields are left as they are. */
export interface AccountFlagsUpdate {
  accountId: string;
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
    accountId: accountIdSchema,
  });

/** A current-API account of a login, as the account list described it. */
export interface CurrentAccountInput {
  accountId: string;
  currency: string;
  isVirtual: boolean;
  isDisabled?: boolean;
  landingCompanyName?: string | null;
  accountType?: string | null;
}

export const currentAccountInputSchema = z.object({
  accountId: accountIdSchema,
  currency: currencySchema,
  isVirtual: z.boolean(),
  isDisabled: z.boolean().optional(),
  landingCompanyName: shortText.nullable().optional(),
  accountType: shortText.nullable().optional(),
});

/** The credential of a current-API login: an OAuth grant or a PAT (the port's `Credential`). */
export const currentCredentialSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('oauth'),
    accessToken: credentialSecretSchema,
    refreshToken: credentialSecretSchema.nullable(),
    expiresAt: z.number().nullable(),
  }),
  z.object({ kind: z.literal('pat'), token: credentialSecretSchema, appId: clientIdSchema }),
]);
export type CurrentCredential = z.infer<typeof currentCredentialSchema>;
