/**
 * The temporary "Options Trading (Legacy)" endpoints, as Deriv publishes them: the caller's
 * migration status, the legacy loginids with the accounts they became, and a legacy loginid's
 * statement. What the pages leave unsaid (the 200 bodies' envelope, the statement's fields, the
 * status of a missing `Deriv-App-ID`) is the sandbox's choice, written in `sandbox/README.md`.
 * @see https://developers.deriv.com/docs/options-legacy/legacy-migration-status/
 * @see https://developers.deriv.com/docs/options-legacy/legacy-accounts/
 * @see https://deriv-api-v2.pages.dev/docs/options-legacy/legacy-statement/
 */
import type { DemoUser } from '../users';
import type { CurrentUser } from './users';

export const LEGACY_PREFIX = '/trading/v1/options/legacy/';
export const MIGRATION_STATUS_PATH = `${LEGACY_PREFIX}migration-status`;
export const LEGACY_ACCOUNTS_PATH = `${LEGACY_PREFIX}accounts`;
export const LEGACY_STATEMENT_PATH = `${LEGACY_PREFIX}statement`;

export const MIGRATION_STATUSES = ['complete', 'pending', 'failed', 'not_applicable'] as const;
export type MigrationStatus = (typeof MIGRATION_STATUSES)[number];

export type LegacyMapping = Record<string, { account_id: string; currency: string }[]>;

/** One user's migration as the sandbox serves it; every field can be changed through the control API. */
export interface Migration {
  status: MigrationStatus;
  /** Legacy loginid → the accounts it became; null: no mapping (`legacy/accounts` answers 404). */
  mapping: LegacyMapping | null;
  /** `data`: 200 bodies are `{ data, meta }` as the other REST answers; `bare`: the fields at the top. */
  shape: 'data' | 'bare';
  /** While set, the three endpoints answer this status (500 InternalServerError, 503 ServiceUnavailable). */
  fail: 500 | 503 | null;
}

export class LegacyFailure {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly message: string,
  ) {}
}

const ACTION_TYPES = ['buy', 'sell', 'deposit', 'withdrawal', 'transfer', 'hold', 'release', 'adjustment', 'escrow'];
const MAX_EPOCH = 2_147_483_647;

/**
 * Each user's migration at start: complete, each legacy account mapped to the current account of
 * the same kind (virtual → demo, real → real) and currency. A legacy account with no such account
 * is left out, as Deriv leaves out loginids with no resolvable accounts.
 */
export function defaultMigrations(
  legacy: readonly DemoUser[],
  current: readonly CurrentUser[],
): Map<string, Migration> {
  const out = new Map<string, Migration>();
  for (const user of current) {
    const old = legacy.find((u) => u.email === user.email);
    const mapping: LegacyMapping = {};
    const used = new Set<string>();
    for (const a of old?.accounts ?? []) {
      const type = a.is_virtual ? 'demo' : 'real';
      const to = user.accounts.find(
        (c) => !used.has(c.account_id) && c.account_type === type && c.currency === a.currency,
      );
      if (!to) continue;
      used.add(to.account_id);
      mapping[a.loginid] = [{ account_id: to.account_id, currency: to.currency }];
    }
    out.set(user.email, { status: 'complete', mapping, shape: 'data', fail: null });
  }
  return out;
}

/** The answer's `data` for a legacy path (throws `LegacyFailure`); null when `path` is not one. */
export function legacyAnswer(path: string, query: URLSearchParams, migration: Migration): unknown {
  if (path !== MIGRATION_STATUS_PATH && path !== LEGACY_ACCOUNTS_PATH && path !== LEGACY_STATEMENT_PATH) return null;
  if (migration.fail === 500) throw new LegacyFailure(500, 'InternalServerError', 'An internal error occurred');
  if (migration.fail === 503) throw new LegacyFailure(503, 'ServiceUnavailable', 'Service temporarily unavailable');
  if (path === MIGRATION_STATUS_PATH) return { status: migration.status };
  if (migration.status === 'pending' || migration.status === 'failed')
    throw new LegacyFailure(409, 'MigrationPending', 'User migration is pending or has failed');
  if (path === LEGACY_ACCOUNTS_PATH) {
    if (migration.mapping === null || migration.status === 'not_applicable')
      throw new LegacyFailure(404, 'NotFound', 'User has no legacy account mapping');
    return { loginids: migration.mapping };
  }
  return statement(query, migration);
}

/** `legacy/statement`: the parameters as the request schema bounds them; a few made-up transactions per loginid. */
function statement(query: URLSearchParams, migration: Migration): unknown {
  const loginid = query.get('loginid');
  if (loginid === null) throw new LegacyFailure(422, 'ValidationError', 'loginid is required');
  if (!/^[A-Z]+[0-9]+$/.test(loginid))
    throw new LegacyFailure(400, 'ValidationError', 'loginid must match ^[A-Z]+[0-9]+$');
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = query.get(name);
    if (raw === null) return fallback;
    const n = /^\d{1,12}$/.test(raw) ? Number(raw) : Number.NaN;
    if (!(n >= min)) throw new LegacyFailure(422, 'ValidationError', `${name} must be an integer >= ${min}`);
    if (n > max) throw new LegacyFailure(422, 'ValidationError', `${name} must be <= ${max}`);
    return n;
  };
  const dateFrom = int('date_from', 0, 0, MAX_EPOCH);
  const dateTo = int('date_to', Math.floor(Date.now() / 1000), 0, MAX_EPOCH);
  const limit = int('limit', 100, 1, 999);
  const offset = int('offset', 0, 0, MAX_EPOCH);
  const actionType = query.get('action_type');
  if (actionType !== null && !ACTION_TYPES.includes(actionType))
    throw new LegacyFailure(422, 'ValidationError', `action_type must be one of ${ACTION_TYPES.join(', ')}`);
  const to = migration.mapping?.[loginid]?.[0];
  if (!to) throw new LegacyFailure(404, 'NotFound', 'User or default account not found');
  // Newest first (transaction_time, then transaction_id, descending); `count` is this page's size.
  const base = 1_700_000_000;
  const all = [
    { transaction_id: 3003, transaction_time: base + 7200, action_type: 'sell', amount: 19.5 },
    { transaction_id: 3002, transaction_time: base + 3600, action_type: 'buy', amount: -10 },
    { transaction_id: 3001, transaction_time: base, action_type: 'deposit', amount: 100 },
  ].map((t) => ({ ...t, currency: to.currency }));
  const page = all
    .filter((t) => t.transaction_time >= dateFrom && t.transaction_time < dateTo)
    .filter((t) => actionType === null || t.action_type === actionType)
    .slice(offset, offset + limit);
  return { loginid, transactions: page, count: page.length };
}
