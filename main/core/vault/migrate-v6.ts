/**
 * The v5 → v6 step: logins become first-class at rest. v5 kept a legacy account's sealed token on
 * the account and a current-API login's credential apart, named by `credentialId`; v6 keeps every
 * secret on its login (grant) and names the account `accountId`. The step is pure and never opens a
 * secret: each sealed blob moves as it is.
 */
import { z } from 'zod';

import { LOGINID_PATTERN } from '../deriv-patterns';
import { ACCOUNT_SOURCES, MAX_STORED_ACCOUNTS } from '../model';
import type { V6Document, V6Grant } from './migrate-v7';
import {
  accountIdSchema,
  clientIdSchema,
  currencySchema,
  derivApiSchema,
  grantIdSchema,
  scopesSchema,
  sealedTokenSchema,
  type StoredSettings,
  storedSettingsSchema,
  storedSettingsShape,
  uiPreferencesSchema,
} from './schema';

const v5AccountSchema = z.object({
  loginid: accountIdSchema,
  api: derivApiSchema,
  credentialId: grantIdSchema.nullable(),
  currency: currencySchema,
  isVirtual: z.boolean(),
  isDisabled: z.boolean(),
  landingCompanyName: z.string().max(100).nullable(),
  accountType: z.string().max(100).nullable(),
  source: z.enum(ACCOUNT_SOURCES),
  scopes: scopesSchema.nullable(),
  sealedToken: sealedTokenSchema.nullable(),
  updatedAt: z.number().int().nonnegative(),
});

export const v5DocumentSchema = z.object({
  schemaVersion: z.literal(5),
  accounts: z
    .array(
      v5AccountSchema.refine(
        (a) => a.api === 'current' || LOGINID_PATTERN.test(a.loginid),
        'a legacy account needs a Deriv login id',
      ),
    )
    .max(MAX_STORED_ACCOUNTS),
  credentials: z
    .array(
      z.object({
        id: grantIdSchema,
        kind: z.enum(['oauth', 'pat']),
        sealedSecret: sealedTokenSchema.nullable(),
        appId: clientIdSchema,
        updatedAt: z.number().int().nonnegative(),
      }),
    )
    .max(MAX_STORED_ACCOUNTS),
  activeLoginid: accountIdSchema.nullable(),
  settings: storedSettingsShape.nullable(),
  preferences: uiPreferencesSchema,
  plaintextConsent: z.boolean().nullable(),
});
export type V5Document = z.infer<typeof v5DocumentSchema>;

/**
 * Logins become first-class: each v5 current-API credential is a grant (same id), each legacy
 * account's token a grant of its own (v5 did not record which accounts came from one login). The
 * sealed blobs move as they are, byte for byte: nothing is opened, nothing written in clear. Where
 * a grant's secret may go is taken from the settings in force, when they are the grant's API and
 * pass the address rules; otherwise it is recorded as not known.
 */
export function migrateV5toV6(v5: V5Document): V6Document {
  const settings = v5.settings !== null ? storedSettingsSchema.safeParse(v5.settings) : null;
  const inForce = settings?.success ? settings.data : null;
  const grants: V6Grant[] = [];
  for (const c of v5.credentials) {
    grants.push({
      id: c.id,
      api: 'current',
      source: c.kind === 'pat' ? 'pat' : 'oauth',
      destination: currentDestination(inForce, c.kind, c.appId),
      sealedSecret: c.sealedSecret,
      updatedAt: c.updatedAt,
    });
  }
  const accounts = v5.accounts.map((a) => {
    if (a.api === 'current') return { ...recordOf5(a), grantId: a.credentialId };
    const id = `legacy-${a.loginid}`;
    grants.push({
      id,
      api: 'legacy',
      source: a.source,
      destination:
        inForce?.api === 'legacy' ? { appId: inForce.appId, urls: [inForce.wsUrl] } : { appId: '', urls: [] },
      sealedTokens: { [a.loginid]: a.sealedToken },
      updatedAt: a.updatedAt,
    });
    return { ...recordOf5(a), grantId: id };
  });
  return {
    schemaVersion: 6,
    grants,
    accounts,
    activeAccountId: v5.activeLoginid,
    settings: v5.settings,
    preferences: v5.preferences,
    plaintextConsent: v5.plaintextConsent,
  };
}

function recordOf5(a: V5Document['accounts'][number]) {
  return {
    accountId: a.loginid,
    api: a.api,
    currency: a.currency,
    isVirtual: a.isVirtual,
    isDisabled: a.isDisabled,
    landingCompanyName: a.landingCompanyName,
    accountType: a.accountType,
    source: a.source,
    scopes: a.scopes,
  };
}

function currentDestination(
  settings: StoredSettings | null,
  kind: 'oauth' | 'pat',
  appId: string,
): V6Grant['destination'] {
  if (settings?.api !== 'current') return { appId, urls: [] };
  return { appId, urls: kind === 'pat' ? [settings.restUrl] : [settings.restUrl, settings.authServerUrl] };
}
