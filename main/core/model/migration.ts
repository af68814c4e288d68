/**
 * The move of a trader's accounts from Deriv's legacy platform to the current one, as main tells
 * the renderer. Part of `model.ts`; imports no code.
 * @see https://developers.deriv.com/docs/options-legacy/legacy-migration-status/
 */

/** Deriv's migration states (`not_applicable`: the user has no legacy data). */
export const MIGRATION_STATUSES = ['complete', 'pending', 'failed', 'not_applicable'] as const;
export type MigrationStatus = (typeof MIGRATION_STATUSES)[number];

/** A current-API account a legacy loginid became. */
export interface MovedAccount {
  accountId: string;
  currency: string;
}

/** What Deriv said of a login's user: the status and, once complete, legacy loginid → accounts. */
export interface LegacyMigrationFacts {
  status: MigrationStatus;
  /** Empty unless complete (and when Deriv has no mapping: 404). */
  moved: Record<string, MovedAccount[]>;
}

/**
 * The migration as shown, only while legacy accounts are held on this computer and a current-API
 * login has asked: each held legacy account with where it went (none: Deriv lists no account for it).
 */
export type MigrationView =
  | { status: 'pending' | 'failed' }
  | { status: 'complete'; moves: { legacyId: string; accounts: MovedAccount[] }[] };
