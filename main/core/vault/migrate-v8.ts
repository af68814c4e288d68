/**
 * The v7 → v8 step: the trader's preferences (theme, hidden accounts, nicknames, order) replace
 * the free-form record of scalars v3 to v7 kept, which no version wrote anything into. The step
 * keeps what of that record fits the new shape (nothing, in any file an app wrote) and starts the
 * rest from the defaults; everything else in the file is left as it is.
 *
 * `preferencesFrom` is also how a v8 file's preferences are read: field by field, so that a value
 * another program wrote there (a theme that does not exist, a nickname of a thousand characters, an
 * account twice in the order) loses only itself, never the other preferences nor the logins.
 */
import { z } from 'zod';

import { DEFAULT_PREFERENCES, MAX_STORED_ACCOUNTS, type Preferences } from '../model';
import { accountIdSchema, nicknameSchema, preferencesSchema, type VaultDocument, vaultDocumentSchema } from './schema';

/** A v7 document: v8's, but for its preferences, taken as they are (read by `preferencesFrom`). */
export const v7DocumentSchema = vaultDocumentSchema.extend({ schemaVersion: z.literal(7), preferences: z.unknown() });
export type V7Document = z.infer<typeof v7DocumentSchema>;

export function migrateV7toV8(v7: V7Document): VaultDocument {
  return { ...v7, schemaVersion: 8, preferences: preferencesFrom(v7.preferences).preferences };
}

type Field = keyof Preferences;
const { shape } = preferencesSchema;

/**
 * Stored preferences, each field checked on its own: a field missing takes its default; a field
 * present but refused (`refused` names it, never its value) takes its default, except nicknames and
 * order, which keep their valid entries (up to the bound) and lose the others. Never throws.
 */
export function preferencesFrom(raw: unknown): { preferences: Preferences; refused: Field[] } {
  const refused: Field[] = [];
  const given = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  if (given !== raw) refused.push(...(Object.keys(DEFAULT_PREFERENCES) as Field[]));
  const field = <K extends 'theme' | 'hideZeroBalances' | 'hideDisabled'>(key: K): Preferences[K] => {
    if (!Object.hasOwn(given, key)) return DEFAULT_PREFERENCES[key];
    const parsed = shape[key].safeParse(given[key]);
    if (parsed.success) return parsed.data as Preferences[K];
    refused.push(key);
    return DEFAULT_PREFERENCES[key];
  };
  const theme = field('theme');
  const hideZeroBalances = field('hideZeroBalances');
  const hideDisabled = field('hideDisabled');
  const nicknames: Record<string, string> = {};
  const rawNicknames = Object.hasOwn(given, 'nicknames') ? given.nicknames : {};
  const nicknameEntries =
    typeof rawNicknames === 'object' && rawNicknames !== null && !Array.isArray(rawNicknames)
      ? Object.entries(rawNicknames)
      : null;
  let kept = 0;
  for (const [id, name] of nicknameEntries ?? []) {
    if (kept < MAX_STORED_ACCOUNTS && accountIdSchema.safeParse(id).success && nicknameSchema.safeParse(name).success) {
      nicknames[id] = name as string; // an account id never is `__proto__` (ACCOUNT_ID_PATTERN)
      kept++;
    }
  }
  if (nicknameEntries === null || kept < nicknameEntries.length) refused.push('nicknames');
  const rawOrder = Object.hasOwn(given, 'order') ? given.order : [];
  const orderEntries = Array.isArray(rawOrder) ? (rawOrder as unknown[]) : null;
  const order = [
    ...new Set((orderEntries ?? []).filter((id): id is string => accountIdSchema.safeParse(id).success)),
  ].slice(0, MAX_STORED_ACCOUNTS);
  if (orderEntries === null || order.length < orderEntries.length) refused.push('order');
  return { preferences: { theme, hideZeroBalances, hideDisabled, nicknames, order }, refused: [...new Set(refused)] };
}
