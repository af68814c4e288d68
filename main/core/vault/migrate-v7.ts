/**
 * The v6 → v7 step: each sealed secret is to hold where it may be sent. v6 recorded a grant's
 * destination beside its sealed secret, in the clear, so another program able to write the store
 * (but not read the keyring) could point the settings, and the destination with them, at its own
 * listener. v7 seals the secret together with its API and destination (`sealing.ts`).
 *
 * This step is pure and opens nothing: it records each grant's destination as the settings in
 * force give it now (the model's `secretDestination`; the v6 record where they give none: no
 * settings, refused ones, or the other API's), and marks the grant `bound: false`. The vault then
 * opens each such secret once, seals it again with that destination and writes the file back; a
 * secret that does not open now (the keyring is away) stays as it was, to be bound when it opens.
 */
import { z } from 'zod';

import { GRANT_SOURCES, secretKindOf } from '../grant';
import { activeSettings, MAX_STORED_ACCOUNTS, secretDestination } from '../model';
import type { V7Document } from './migrate-v8';
import {
  accountIdSchema,
  addressSchema,
  clientIdSchema,
  grantIdSchema,
  sealedTokenSchema,
  sealedTokensSchema,
  storedAccountsSchema,
  type StoredGrant,
  storedSettingsSchema,
  storedSettingsShape,
  uiPreferencesSchema,
} from './schema';

const v6GrantBase = z.object({
  id: grantIdSchema,
  source: z.enum(GRANT_SOURCES),
  destination: z.object({
    appId: z.union([z.literal(''), clientIdSchema]),
    urls: z.array(addressSchema).max(4),
  }),
  updatedAt: z.number().int().nonnegative(),
});

export const v6DocumentSchema = z.object({
  schemaVersion: z.literal(6),
  grants: z
    .array(
      z.discriminatedUnion('api', [
        v6GrantBase.extend({ api: z.literal('legacy'), sealedTokens: sealedTokensSchema }),
        v6GrantBase.extend({ api: z.literal('current'), sealedSecret: sealedTokenSchema.nullable() }),
      ]),
    )
    .max(MAX_STORED_ACCOUNTS),
  accounts: storedAccountsSchema,
  activeAccountId: accountIdSchema.nullable(),
  settings: storedSettingsShape.nullable(),
  preferences: uiPreferencesSchema,
  plaintextConsent: z.boolean().nullable(),
});
export type V6Document = z.infer<typeof v6DocumentSchema>;
export type V6Grant = V6Document['grants'][number];

/** Each grant's destination as the settings in force give it, to be sealed with its secret. */
export function migrateV6toV7(v6: V6Document): V7Document {
  const checked = v6.settings !== null ? storedSettingsSchema.safeParse(v6.settings) : null;
  const inForce = checked?.success ? checked.data : null;
  const grants = v6.grants.map((g): StoredGrant => {
    const now = inForce === null ? null : secretDestination(inForce.mode, activeSettings(inForce), secretKindOf(g));
    return { ...g, destination: now ?? g.destination, bound: false };
  });
  return { ...v6, schemaVersion: 7, grants };
}
