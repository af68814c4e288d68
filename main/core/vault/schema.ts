/**
 * The current (v7) shape of the accounts store, and the validation of what callers hand in.
 * Everything read from disk goes through these schemas: the file is untrusted input.
 *
 * v7 stores logins (grants) and accounts. A grant is one sign-in: its API, how it was made, where
 * its secret may be sent, and its sealed secret: one token per account for a legacy login, the
 * refresh token (OAuth) or PAT for a current-API one, each sealed by the `SecretCipher` together
 * with the grant's API and destination (`sealing.ts`), so that the destination cannot be changed
 * in the file without the keyring's key. An account
 * names the grant that opens it (`grantId`; null once none does: it needs a new login). An access
 * token is never stored (it is refreshed after a restart), nor is an OTP URL.
 */
import { z } from 'zod';

import type { Credential } from '../backend/port';
import { CREDENTIAL_SECRET_PATTERN, LOGINID_PATTERN, TOKEN_PATTERN } from '../deriv-patterns';
import { GRANT_SOURCES, type GrantDestination, type GrantSource } from '../grant';
import {
  ACCOUNT_ID_PATTERN,
  ACCOUNT_SOURCES,
  AMOUNT_PATTERN,
  APP_ID_PATTERN,
  APP_MODES,
  CLIENT_ID_PATTERN,
  DEFAULT_PREFERENCES,
  DERIV_APIS,
  type DerivApi,
  isRegistrableRedirectUrl,
  isSecureOrLoopback,
  LANGUAGES,
  type LastBalance,
  LOGIN_FLOWS,
  LOGIN_ID_PATTERN,
  LOGIN_PLACES,
  MAX_SCOPES,
  MAX_STORED_ACCOUNTS,
  NICKNAME_PATTERN,
  type Preferences,
  preferencesFor,
  REDIRECT_URL_RULE,
  type StoredSettings,
  THEMES,
} from '../model';

export type { StoredSettings };

export const CURRENT_SCHEMA_VERSION = 8;
const BASE64_PATTERN = /^[A-Za-z0-9+/]*={0,2}$/;

export const loginidSchema = z.string().max(64).regex(LOGINID_PATTERN);
/** An account id of either API (the model's one rule); legacy accounts are held to `LOGINID_PATTERN` too. */
export const accountIdSchema = z.string().max(64).regex(ACCOUNT_ID_PATTERN);
export const derivApiSchema = z.enum(DERIV_APIS);
/** A refresh token or a PAT: opaque to the app; printable, no spaces, bounded. */
export const credentialSecretSchema = z.string().regex(CREDENTIAL_SECRET_PATTERN);
export const clientIdSchema = z.string().regex(CLIENT_ID_PATTERN, 'an app ID of letters, digits, ".", "_" or "-"');
/** The vault's own name for a grant (random, never derived from a secret). */
export const grantIdSchema = z.string().regex(LOGIN_ID_PATTERN);
export const tokenSchema = z.string().regex(TOKEN_PATTERN);
export const currencySchema = z
  .string()
  .max(20)
  .regex(/^[A-Za-z0-9]*$/);
const shortText = z.string().max(100);
/** A sealed token, as the cipher returned it (bounded so a hostile file cannot balloon memory). */
export const sealedTokenSchema = z.string().min(1).max(8192).regex(BASE64_PATTERN);

export const addressSchema = z.string().min(1).max(2048);
const address = addressSchema;

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
  // Added without a new schema version: optional, and a value this version does not know reads
  // as unset (the login window), never as a refusal of the whole settings.
  loginPlace: z.enum(LOGIN_PLACES).optional().catch(undefined),
  clientLoginPlace: z.enum(LOGIN_PLACES).optional().catch(undefined),
});

export const appModeSchema = z.enum(APP_MODES);

/** Settings the app may act on: the app_id rule, the address rule and the redirect-URL rule hold. */
export const endpointSettingsSchema = endpointSettingsShape.extend({
  appId: z.string().regex(APP_ID_PATTERN, 'a numeric app_id'),
  wsUrl: address.refine((u) => isSecureOrLoopback(u, 'ws'), 'a wss:// address (ws:// only on this computer)'),
  oauthUrl: address.refine((u) => isSecureOrLoopback(u, 'http'), 'an https:// address (http:// only on this computer)'),
  issuer: address.refine((u) => isSecureOrLoopback(u, 'http'), 'an https:// address (http:// only on this computer)'),
  redirectUrl: address.refine(isRegistrableRedirectUrl, REDIRECT_URL_RULE),
  authServerUrl: address.refine(
    (u) => isSecureOrLoopback(u, 'http'),
    'an https:// address (http:// only on this computer)',
  ),
  restUrl: address.refine((u) => isSecureOrLoopback(u, 'http'), 'an https:// address (http:// only on this computer)'),
  // Empty until the user registers an app for the current API (a PAT user may never need one).
  clientId: z.union([z.literal(''), clientIdSchema]),
  clientRedirectUrl: z.union([z.literal(''), address.refine(isRegistrableRedirectUrl, REDIRECT_URL_RULE)]),
});

export const storedSettingsShape = endpointSettingsShape.extend({ mode: appModeSchema });
export const storedSettingsSchema = endpointSettingsSchema.extend({ mode: appModeSchema });

/**
 * The free-form preferences v3 to v7 kept (a flat record of JSON scalars, which no version wrote
 * anything into); v8 replaced them with `Preferences` (`migrate-v8.ts`).
 */
export type UiPreferences = Record<string, string | number | boolean | null>;
export const uiPreferencesSchema = z
  .record(z.string().min(1).max(64), z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]))
  .refine((r) => Object.keys(r).length <= 100, 'too many preferences');

/** A nickname at rest: the model's rule, trimmed (`preferencesWith` trims what the trader typed). */
export const nicknameSchema = z
  .string()
  .regex(NICKNAME_PATTERN)
  .refine((n) => n.trim() === n, 'a trimmed nickname');

/**
 * The trader's preferences (v8 on), as the vault takes them and writes them: every field, each
 * bounded (one nickname and one place in the order per account the vault may hold). Read from a
 * file field by field instead (`preferencesFrom`), so that one bad value loses only itself.
 */
export const preferencesSchema = z.strictObject({
  theme: z.enum(THEMES),
  hideZeroBalances: z.boolean(),
  hideDisabled: z.boolean(),
  nicknames: z
    .record(accountIdSchema, nicknameSchema)
    .refine((r) => Object.keys(r).length <= MAX_STORED_ACCOUNTS, 'too many nicknames'),
  order: z
    .array(accountIdSchema)
    .max(MAX_STORED_ACCOUNTS)
    .refine((ids) => new Set(ids).size === ids.length, 'an account twice in the order'),
}) satisfies z.ZodType<Preferences>;

/** An API token scope as Deriv names them (`read`, `trading_information` …). */
export const scopeSchema = z
  .string()
  .min(1)
  .max(40)
  .regex(/^[a-z_]+$/);
export const scopesSchema = z.array(scopeSchema).max(MAX_SCOPES);

/** An account at rest: its record, and the grant that opens it. */
export const storedAccountSchema = z.object({
  /** The v3 loginid, or the current API's `account_id` (checked per API in `vaultDocumentSchema`). */
  accountId: accountIdSchema,
  api: derivApiSchema,
  /** The grant that opens this account; null when none does any more (it needs a new login). */
  grantId: grantIdSchema.nullable(),
  currency: currencySchema,
  isVirtual: z.boolean(),
  isDisabled: z.boolean(),
  landingCompanyName: shortText.nullable(),
  accountType: shortText.nullable(),
  /** How its grant was made, as the account shows it: an OAuth login, or a pasted token (API token, PAT). */
  source: z.enum(ACCOUNT_SOURCES),
  /** An API token's scopes as Deriv said at sign-in; null for OAuth logins. */
  scopes: scopesSchema.nullable(),
});
export type StoredAccount = z.infer<typeof storedAccountSchema>;

/** Where a grant's secret may be sent (see `GrantDestination`); `urls` empty when not known. */
export const grantDestinationSchema = z.object({
  demo: z.literal(true).optional(),
  appId: z.union([z.literal(''), clientIdSchema]),
  urls: z.array(address).max(4),
});

const storedGrantBase = z.object({
  id: grantIdSchema,
  source: z.enum(GRANT_SOURCES),
  destination: grantDestinationSchema,
  /** When the secret was last replaced (clock ms); 0 when unknown (migrated). */
  updatedAt: z.number().int().nonnegative(),
  /**
   * True: each sealed secret holds its API and destination. False: some may be an earlier
   * version's, the secret alone, not opened since (`migrate-v7.ts`); each is bound once it opens.
   */
  bound: z.boolean(),
});

/** A legacy grant's sealed tokens by account id (null: kept in memory only). */
export const sealedTokensSchema = z
  .record(loginidSchema, sealedTokenSchema.nullable())
  .refine((r) => Object.keys(r).length <= MAX_STORED_ACCOUNTS, 'too many tokens');

/**
 * A grant at rest. Legacy: one sealed token per account id (null: kept in memory only); current:
 * the sealed refresh token or PAT (null: kept in memory only, or an OAuth grant without one).
 */
export const storedGrantSchema = z.discriminatedUnion('api', [
  storedGrantBase.extend({
    api: z.literal('legacy'),
    sealedTokens: sealedTokensSchema,
  }),
  storedGrantBase.extend({ api: z.literal('current'), sealedSecret: sealedTokenSchema.nullable() }),
]);
export type StoredGrant = z.infer<typeof storedGrantSchema>;

/**
 * The document as read from disk. Its settings have the stored shape but are not yet checked
 * against the address rules: `readDocument` checks them apart and refuses the settings alone.
 */
/** The accounts at rest (v6 on): a legacy one is named by a Deriv login id. */
export const storedAccountsSchema = z
  .array(
    storedAccountSchema.refine(
      (a) => a.api === 'current' || LOGINID_PATTERN.test(a.accountId),
      'a legacy account needs a Deriv login id',
    ),
  )
  .max(MAX_STORED_ACCOUNTS);

/**
 * The last balance the app saw of each account, with when it was received (epoch ms): not a
 * secret, shown after a restart (marked as not live) until the server's own figure arrives.
 * Optional (a file written before them has none), and a damaged entry drops the balances
 * alone (`catch`), never the logins beside them.
 */
export const lastBalancesSchema = z
  .record(accountIdSchema, z.object({ amount: z.string().regex(AMOUNT_PATTERN), at: z.number().int().nonnegative() }))
  .refine((r) => Object.keys(r).length <= MAX_STORED_ACCOUNTS, 'too many balances');
export type LastBalances = Record<string, LastBalance>;

/**
 * The document as written (v8). Read from disk through `storedDocumentSchema`, which takes the
 * preferences as they are, to be read field by field (`preferencesFrom`).
 */
export const vaultDocumentSchema = z.object({
  schemaVersion: z.literal(CURRENT_SCHEMA_VERSION),
  grants: z.array(storedGrantSchema).max(MAX_STORED_ACCOUNTS),
  accounts: storedAccountsSchema,
  activeAccountId: accountIdSchema.nullable(),
  settings: storedSettingsShape.nullable(),
  preferences: preferencesSchema,
  plaintextConsent: z.boolean().nullable(),
  lastBalances: lastBalancesSchema.optional().catch(undefined),
});
export type VaultDocument = z.infer<typeof vaultDocumentSchema>;
export const storedDocumentSchema = vaultDocumentSchema.extend({ preferences: z.unknown() });

export function emptyDocument(): VaultDocument {
  return {
    schemaVersion: CURRENT_SCHEMA_VERSION,
    grants: [],
    accounts: [],
    activeAccountId: null,
    settings: null,
    preferences: { ...DEFAULT_PREFERENCES, nicknames: {}, order: [] },
    plaintextConsent: null,
  };
}

/**
 * Repairs what is well-typed but inconsistent rather than throwing the whole file away: duplicate
 * account ids keep the last entry (so do duplicate grant ids), an active id that names no account
 * becomes null; an account whose grant is missing, of the other API, or (legacy) holds
 * no token entry for it keeps its place without one (it needs a login); a legacy grant's tokens
 * for accounts that are not its own are dropped, and a grant no account names is dropped, and so
 * are the nickname and place in the order of an account not stored.
 */
export function normalizeDocument(doc: VaultDocument): VaultDocument {
  const grantById = new Map<string, StoredGrant>();
  for (const g of doc.grants) {
    grantById.delete(g.id);
    grantById.set(g.id, g);
  }
  const byId = new Map<string, StoredAccount>();
  for (const account of doc.accounts) {
    byId.delete(account.accountId);
    const grant = account.grantId === null ? undefined : grantById.get(account.grantId);
    const fits =
      grant !== undefined &&
      grant.api === account.api &&
      (grant.api === 'current' || Object.hasOwn(grant.sealedTokens, account.accountId));
    byId.set(account.accountId, fits ? account : { ...account, grantId: null });
  }
  const accounts = [...byId.values()];
  const grants: StoredGrant[] = [];
  for (const grant of grantById.values()) {
    const own = accounts.filter((a) => a.grantId === grant.id).map((a) => a.accountId);
    if (own.length === 0) continue;
    grants.push(
      grant.api === 'legacy'
        ? { ...grant, sealedTokens: Object.fromEntries(own.map((id) => [id, grant.sealedTokens[id] ?? null])) }
        : grant,
    );
  }
  const activeAccountId = doc.activeAccountId !== null && byId.has(doc.activeAccountId) ? doc.activeAccountId : null;
  // Nicknames and places of accounts no longer stored go with them.
  const preferences = preferencesFor(doc.preferences, (id) => byId.has(id));
  return { ...doc, grants, accounts, activeAccountId, preferences };
}

/**
 * An account a grant opens, as a login hands it over: flags given here replace stored ones,
 * absent flags are kept (a new account gets defaults). Its API and source are its grant's.
 */
export interface GrantAccountInput {
  accountId: string;
  currency: string;
  isVirtual?: boolean;
  isDisabled?: boolean;
  landingCompanyName?: string | null;
  accountType?: string | null;
  /** An API token's scopes as Deriv said at sign-in; null or absent otherwise. */
  scopes?: string[] | null;
}

export const grantAccountInputSchema = z.object({
  accountId: accountIdSchema,
  currency: currencySchema,
  isVirtual: z.boolean().optional(),
  isDisabled: z.boolean().optional(),
  landingCompanyName: shortText.nullable().optional(),
  accountType: shortText.nullable().optional(),
  scopes: scopesSchema.nullable().optional(),
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

/** A legacy grant's tokens, by account id. */
export const legacyTokensSchema = z.object({
  kind: z.literal('tokens'),
  tokens: z
    .record(loginidSchema, tokenSchema)
    .refine((r) => Object.keys(r).length <= MAX_STORED_ACCOUNTS, 'too many tokens'),
});

const grantInputBase = z.object({ id: grantIdSchema, destination: grantDestinationSchema });

/** A grant handed to the vault (its secrets in clear, to be sealed); `grantInputSchema` checks it. */
export interface GrantInput {
  id: string;
  api: DerivApi;
  source: GrantSource;
  destination: GrantDestination;
  credential: Credential;
}

/** A grant as the vault takes it: its API, source and credential agree. */
export const grantInputSchema = z.discriminatedUnion('api', [
  grantInputBase.extend({
    api: z.literal('legacy'),
    source: z.enum(['oauth', 'api_token']),
    credential: legacyTokensSchema,
  }),
  grantInputBase.extend({
    api: z.literal('current'),
    source: z.enum(['oauth', 'pat']),
    credential: currentCredentialSchema,
  }),
]);
export type CheckedGrantInput = z.infer<typeof grantInputSchema>;

/** Flags learnt after `authorize` (from `account_list`); absent fields are left as they are. */
export interface AccountFlagsUpdate {
  accountId: string;
  currency?: string;
  isVirtual?: boolean;
  isDisabled?: boolean;
  landingCompanyName?: string | null;
  accountType?: string | null;
}

export const accountFlagsUpdateSchema = grantAccountInputSchema.omit({ scopes: true }).partial().extend({
  accountId: accountIdSchema,
});
