/**
 * Every earlier shape of the accounts store, and the steps that lift each one to the next.
 *
 * v1 (first release): one account and its sealed token, legacy-flow endpoint only.
 * v2: several accounts (one login returns many), full endpoint settings incl. OIDC; no flags.
 * v3: account flags from `account_list`, app mode, UI preferences, plaintext consent.
 * v4: each account says how its credential was obtained (`source`: an OAuth login or a pasted API
 *   token) and an API token's `scopes`; every v3 account came from an OAuth login.
 * v5: the API of each account and of the settings (legacy or current), the current API's endpoints
 *   and app, current-API credentials (sealed refresh tokens and PATs) shared per login.
 * v6: logins (grants) hold the secrets, accounts name their grant; the account id is
 *   `accountId` at rest. Every sealed secret is moved as it is, never opened (`migrate-v6.ts`).
 * v7: each secret is sealed together with its API and destination; the step records the
 *   destination, the vault seals each secret with it once it opens (`migrate-v7.ts`).
 * v8 (current): the trader's preferences (theme, hidden accounts, nicknames, order) in place of the
 *   free-form record (`migrate-v8.ts`).
 *
 * A step receives a document already validated against its own version's schema, so each step is
 * a small pure function; `readDocument` runs the chain and never throws.
 */
import { z } from 'zod';

import {
  ACCOUNT_SOURCES,
  DERIV_APIS,
  isLoopbackUrl,
  MAX_STORED_ACCOUNTS,
  type Preferences,
  SETTINGS_FIELDS,
  type SettingsField,
} from '../model';
import { migrateV5toV6, type V5Document, v5DocumentSchema } from './migrate-v6';
import { migrateV6toV7, type V6Document, v6DocumentSchema } from './migrate-v7';
import { migrateV7toV8, preferencesFrom, type V7Document, v7DocumentSchema } from './migrate-v8';
import {
  appModeSchema,
  currencySchema,
  CURRENT_SCHEMA_VERSION,
  endpointSettingsShape,
  loginidSchema,
  normalizeDocument,
  scopesSchema,
  sealedTokenSchema,
  storedDocumentSchema,
  type StoredSettings,
  storedSettingsSchema,
  uiPreferencesSchema,
  type VaultDocument,
} from './schema';

export {
  migrateV5toV6,
  migrateV6toV7,
  migrateV7toV8,
  type V5Document,
  v5DocumentSchema,
  type V6Document,
  v6DocumentSchema,
  type V7Document,
  v7DocumentSchema,
};

/** The endpoint settings every version up to v3 wrote: the legacy API's only. */
const legacySettingsShape = endpointSettingsShape.omit({
  api: true,
  authServerUrl: true,
  restUrl: true,
  clientId: true,
  clientRedirectUrl: true,
});

export const v1DocumentSchema = z.object({
  schemaVersion: z.literal(1),
  account: z.object({ loginid: loginidSchema, currency: currencySchema, token: sealedTokenSchema }).nullable(),
  endpoint: legacySettingsShape
    .pick({
      appId: true,
      wsUrl: true,
      oauthUrl: true,
      redirectUrl: true,
      language: true,
    })
    .nullable(),
});
export type V1Document = z.infer<typeof v1DocumentSchema>;

export const v2DocumentSchema = z.object({
  schemaVersion: z.literal(2),
  accounts: z
    .array(z.object({ loginid: loginidSchema, currency: currencySchema, token: sealedTokenSchema.nullable() }))
    .max(MAX_STORED_ACCOUNTS),
  activeLoginid: loginidSchema.nullable(),
  endpoint: legacySettingsShape.nullable(),
});
export type V2Document = z.infer<typeof v2DocumentSchema>;

export const v3DocumentSchema = z.object({
  schemaVersion: z.literal(3),
  accounts: z
    .array(
      z.object({
        // Written by some v3 builds; every v3 account came through the legacy API.
        api: z.enum(DERIV_APIS).optional(),
        loginid: loginidSchema,
        currency: currencySchema,
        isVirtual: z.boolean(),
        isDisabled: z.boolean(),
        landingCompanyName: z.string().max(100).nullable(),
        accountType: z.string().max(100).nullable(),
        sealedToken: sealedTokenSchema.nullable(),
        updatedAt: z.number().int().nonnegative(),
      }),
    )
    .max(MAX_STORED_ACCOUNTS),
  activeLoginid: loginidSchema.nullable(),
  settings: legacySettingsShape.extend({ mode: appModeSchema }).nullable(),
  preferences: uiPreferencesSchema,
  plaintextConsent: z.boolean().nullable(),
});
export type V3Document = z.infer<typeof v3DocumentSchema>;

export const v4DocumentSchema = v3DocumentSchema.extend({
  schemaVersion: z.literal(4),
  accounts: z
    .array(
      v3DocumentSchema.shape.accounts.element.extend({
        source: z.enum(ACCOUNT_SOURCES),
        scopes: scopesSchema.nullable(),
      }),
    )
    .max(MAX_STORED_ACCOUNTS),
});
export type V4Document = z.infer<typeof v4DocumentSchema>;

/**
 * The current API's endpoints as v5 first wrote them for an existing install. Fixed here (not the
 * app's defaults) so this step gives the same result whatever the defaults become.
 */
const V5_CURRENT_API_DEFAULTS = {
  authServerUrl: 'https://auth.deriv.com',
  restUrl: 'https://api.derivws.com',
  clientId: '',
  clientRedirectUrl: '',
} as const;

export function migrateV1toV2(v1: V1Document): V2Document {
  let endpoint: V2Document['endpoint'] = null;
  if (v1.endpoint !== null) {
    // v1 only knew the legacy flow; its issuer is the authorize page's origin.
    const issuer = originOf(v1.endpoint.oauthUrl);
    endpoint = issuer === null ? null : { ...v1.endpoint, issuer, flow: 'legacy' };
  }
  return {
    schemaVersion: 2,
    accounts: v1.account === null ? [] : [{ ...v1.account }],
    activeLoginid: v1.account?.loginid ?? null,
    endpoint,
  };
}

export function migrateV2toV3(v2: V2Document): V3Document {
  const settings: V3Document['settings'] =
    v2.endpoint === null ? null : { ...v2.endpoint, mode: isLoopbackUrl(v2.endpoint.wsUrl) ? 'demo' : 'deriv' };
  return {
    schemaVersion: 3,
    accounts: v2.accounts.map((a) => ({
      api: 'legacy' as const,
      loginid: a.loginid,
      currency: a.currency,
      // Deriv's virtual (demo-money) accounts are the VR* ones; authorize refreshes this later.
      isVirtual: /^VR/i.test(a.loginid),
      isDisabled: false,
      landingCompanyName: null,
      accountType: null,
      sealedToken: a.token,
      updatedAt: 0,
    })),
    activeLoginid: v2.activeLoginid,
    settings,
    preferences: {},
    plaintextConsent: null,
  };
}

export function migrateV3toV4(v3: V3Document): V4Document {
  return {
    ...v3,
    schemaVersion: 4,
    // Before API tokens could be pasted, every stored token came from an OAuth login.
    accounts: v3.accounts.map((a) => ({ ...a, source: 'oauth' as const, scopes: null })),
  };
}

/** Everything stored so far came through the legacy API: it stays there until the user changes it. */
export function migrateV4toV5(v4: V4Document): V5Document {
  return {
    ...v4,
    schemaVersion: 5,
    accounts: v4.accounts.map((a) => ({ ...a, api: 'legacy' as const, credentialId: null })),
    credentials: [],
    settings: v4.settings === null ? null : { ...v4.settings, api: 'legacy', ...V5_CURRENT_API_DEFAULTS },
  };
}

interface Step {
  schema: z.ZodType<unknown>;
  up: (doc: never) => unknown;
}

/** `STEPS[n]` lifts a valid version-n document to version n+1. */
const STEPS: Record<number, Step> = {
  1: { schema: v1DocumentSchema, up: migrateV1toV2 as (doc: never) => unknown },
  2: { schema: v2DocumentSchema, up: migrateV2toV3 as (doc: never) => unknown },
  3: { schema: v3DocumentSchema, up: migrateV3toV4 as (doc: never) => unknown },
  4: { schema: v4DocumentSchema, up: migrateV4toV5 as (doc: never) => unknown },
  5: { schema: v5DocumentSchema, up: migrateV5toV6 as (doc: never) => unknown },
  6: { schema: v6DocumentSchema, up: migrateV6toV7 as (doc: never) => unknown },
  7: { schema: v7DocumentSchema, up: migrateV7toV8 as (doc: never) => unknown },
};

export type ReadResult =
  | { kind: 'empty' }
  /**
   * `refusedSettings`: the settings fields that broke the address, redirect or app_id rule (the
   * settings were dropped from `doc`, the accounts kept); null when the settings were fine.
   */
  | {
      kind: 'ok';
      doc: VaultDocument;
      migratedFrom: number | null;
      refusedSettings: SettingsField[] | null;
      /** The preferences refused (each took its default, or lost its bad entries); empty when all were fine. */
      refusedPreferences: (keyof Preferences)[];
    }
  | { kind: 'newer'; version: number }
  | { kind: 'unrecognized'; reason: string };

/** Bookkeeping keys of the store library, not ours. */
const FOREIGN_KEYS = new Set(['__internal__']);

/** Validates (and migrates) a raw store document. Never throws. */
export function readDocument(raw: unknown): ReadResult {
  try {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      return { kind: 'unrecognized', reason: 'not an object' };
    }
    const keys = Object.keys(raw).filter((k) => !FOREIGN_KEYS.has(k));
    if (keys.length === 0) return { kind: 'empty' };
    const version = (raw as Record<string, unknown>).schemaVersion;
    if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
      return { kind: 'unrecognized', reason: 'no schema version' };
    }
    if (version > CURRENT_SCHEMA_VERSION) return { kind: 'newer', version };

    let doc: unknown = raw;
    for (let v = version; v < CURRENT_SCHEMA_VERSION; v++) {
      const step = STEPS[v];
      if (step === undefined) return { kind: 'unrecognized', reason: `no migration from version ${v}` };
      const parsed = step.schema.safeParse(doc);
      if (!parsed.success)
        return { kind: 'unrecognized', reason: `invalid version ${v} document: ${describe(parsed.error)}` };
      doc = step.up(parsed.data as never);
    }
    const current = storedDocumentSchema.safeParse(doc);
    if (!current.success) {
      return {
        kind: 'unrecognized',
        reason: `invalid version ${CURRENT_SCHEMA_VERSION} document: ${describe(current.error)}`,
      };
    }
    const { settings, refusedSettings } = checkSettings(current.data.settings);
    // One bad preference loses itself only, not the file with the trader's logins.
    const { preferences, refused } = preferencesFrom(current.data.preferences);
    return {
      kind: 'ok',
      doc: normalizeDocument({ ...current.data, settings, preferences }),
      migratedFrom: version === CURRENT_SCHEMA_VERSION ? null : version,
      refusedSettings,
      refusedPreferences: refused,
    };
  } catch (error) {
    return { kind: 'unrecognized', reason: `unreadable: ${error instanceof Error ? error.name : 'error'}` };
  }
}

/**
 * A file edited by another program (or an old profile) may point the tokens at a plain-text or
 * foreign address: such settings are never adopted, whatever the version that wrote them.
 */
function checkSettings(settings: VaultDocument['settings']): {
  settings: StoredSettings | null;
  refusedSettings: SettingsField[] | null;
} {
  if (settings === null) return { settings: null, refusedSettings: null };
  const checked = storedSettingsSchema.safeParse(settings);
  if (checked.success) return { settings: checked.data, refusedSettings: null };
  // Named by field (translated in the notice); a whole-object problem names every field.
  const named = checked.error.issues.map((i) => i.path[0]);
  const fields = SETTINGS_FIELDS.filter((f) => named.includes(f));
  return { settings: null, refusedSettings: fields.length > 0 ? fields : [...SETTINGS_FIELDS] };
}

/** Paths and zod messages only: never the offending values (they may be tokens). */
function describe(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(root)'} ${i.code}`)
    .join('; ');
}

function originOf(url: string): string | null {
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}
