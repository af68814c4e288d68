/**
 * The shapes of the current API's REST answers, defined once: what `wire.ts` accepts from the
 * server before anything else in the app sees it. Deriv documents field types but few rules; where
 * our two copies of Deriv's pages and Deriv's own client disagree, the comment says which rule won.
 */
import { z } from 'zod';

import { LOGINID_PATTERN } from '../deriv-patterns';
import { ACCOUNT_ID_PATTERN, type Amount, amountOf, MIGRATION_STATUSES } from '../model';
import { exactBalanceOf } from '../net/exact-json';

/**
 * Deriv's currency rule: empty, or 2–20 letters and digits, in the case Deriv wrote it. The accounts
 * page only says "string"; the balance page of the same API gives this pattern. The case is kept:
 * codes such as `eUSDT` are mixed-case, and the account's currency goes back to Deriv as it came
 * (proposals use the selected account's currency).
 * @see https://developers.deriv.com/llms/balance.md (`balance.currency`)
 * @see https://developers.deriv.com/llms/get-accounts.md (`data[].currency`)
 */
export const CURRENCY_PATTERN = /^(|[A-Za-z0-9]{2,20})$/;

/**
 * Accounts one list may hold. Deriv documents no cap, and a user has a handful; a longer answer is
 * broken or hostile and refused whole, so an untrusted body cannot balloon memory or the view.
 * The same bound as one login redirect and one session (`MAX_ACCOUNTS_PER_REDIRECT`).
 */
export const MAX_LISTED_ACCOUNTS = 100;

/**
 * `balance` is a number in Deriv's page, a decimal string in Deriv's own client (`"10000.00"`);
 * the wire type is unconfirmed, so both are read, and kept as the exact decimal text (`Amount`):
 * a number as the digits the server wrote (`wire.ts` parses with `parseJson`), never a double.
 * @see https://developers.deriv.com/llms/get-accounts.md (`data[].balance`: number)
 * @see https://github.com/deriv-com/dbot-reference/blob/3941d6bac6e014a9d44bbe26c285e52dcf3a9065/src/services/derivws-accounts.service.ts (`balance: string`)
 */
const balanceSchema = z.unknown().transform((value, ctx): Amount => {
  const amount = amountOf(value);
  if (amount === null) {
    ctx.addIssue({ code: 'custom', message: 'not a decimal amount' });
    return z.NEVER;
  }
  return amount;
});

/** One account of `GET /trading/v1/options/accounts` (`get_accounts_response` `data[]`); other fields are ignored. */
const accountObject = z.object({
  // The one account-id rule (IPC, vault, the login's list): an id breaking it never reaches a view.
  account_id: z.string().regex(ACCOUNT_ID_PATTERN),
  account_type: z.enum(['demo', 'real']),
  currency: z.string().regex(CURRENCY_PATTERN),
  balance: balanceSchema,
  // Documented as active|inactive; another value is shown as it comes rather than refusing the list.
  status: z.string().max(32),
  group: z.string().max(64),
});

/** An account, its `balance` read with the digits the wire carried (`exactBalanceOf`). */
export const accountSchema = z.preprocess((account) => {
  const exact = exactBalanceOf(account);
  return exact === null ? account : { ...(account as object), balance: exact };
}, accountObject);
export type ApiAccount = z.output<typeof accountObject>;

const accountList = z.array(accountSchema).max(MAX_LISTED_ACCOUNTS);

/**
 * The account list: `{ data: [...] }` as documented, or `{ data: { data: [...] } }`, the nesting
 * Deriv's own client read in its first version (its guide still shows it). Extra fields, on the
 * envelope or an account, are ignored. Always comes out as `{ data: [...] }`.
 * @see https://developers.deriv.com/llms/get-accounts.md
 * @see https://github.com/deriv-com/dbot-reference/blob/7e58584f73f7c8b2986b39fe8aff453ef2ca8e85/src/services/derivws-accounts.service.ts (`data.data?.data`)
 */
export const accountsAnswerSchema = z
  .object({ data: z.union([accountList, z.object({ data: accountList })]), meta: z.unknown().optional() })
  .transform((answer) => ({ data: Array.isArray(answer.data) ? answer.data : answer.data.data }));

const otpUrl = z.object({ url: z.string().min(1).max(4096) });

/**
 * The OTP answer: `{ data: { url } }` as documented, or `data` as a JSON string of `{ data: { url } }`
 * (or of `{ url }`), which Deriv's own client parsed in its first version. Always comes out as
 * `{ data: { url } }`; a string that is not JSON fails like any other shape.
 * @see https://developers.deriv.com/llms/websocket.md (`data.url`)
 * @see https://github.com/deriv-com/dbot-reference/blob/7e58584f73f7c8b2986b39fe8aff453ef2ca8e85/src/services/derivws-accounts.service.ts (`JSON.parse(otpResponse.data)`)
 */
export const otpAnswerSchema = z.object({
  data: z.preprocess(
    (data) => {
      if (typeof data !== 'string' || data.length > 8192) return data;
      try {
        return JSON.parse(data) as unknown;
      } catch {
        return data;
      }
    },
    z.union([otpUrl, z.object({ data: otpUrl }).transform((inner) => inner.data)]),
  ),
});

/**
 * The REST error envelope: `errors[]` of `{ status, code, message }` plus `meta`. Only the first
 * entry is read; each field is optional here because a broken server must not turn a 401 into a crash.
 * @see https://developers.deriv.com/llms/errors.md
 */
export const errorsAnswerSchema = z.object({
  errors: z
    .array(
      z.object({
        // A field of another type is dropped, not a reason to lose the others.
        status: z.number().optional().catch(undefined),
        code: z.string().optional().catch(undefined),
        message: z.string().optional().catch(undefined),
      }),
    )
    .min(1),
});

/**
 * A migration status. The English page lists `complete | pending | failed | not_applicable`; its
 * es/fr/pt versions also list `not_started`, read here as `pending` (the move is due, not done).
 * @see https://developers.deriv.com/docs/options-legacy/legacy-migration-status/
 */
const migrationStatusSchema = z
  .string()
  .max(32)
  .transform((s) => (s === 'not_started' ? 'pending' : s))
  .pipe(z.enum(MIGRATION_STATUSES));

/**
 * `GET …/legacy/migration-status`. Deriv shows no 200 body: the status is read under `data` (the
 * envelope of the other REST answers) or at the top level, as clients in the field disagree.
 */
export const migrationStatusAnswerSchema = z.union([
  z.object({ data: z.object({ status: migrationStatusSchema }) }).transform((a) => a.data.status),
  z.object({ status: migrationStatusSchema }).transform((a) => a.status),
]);

/** Legacy loginid → the accounts it became, bounded as one account list is. */
const loginidsSchema = z
  .record(
    z.string().regex(LOGINID_PATTERN),
    z
      .array(
        z.object({ account_id: z.string().regex(ACCOUNT_ID_PATTERN), currency: z.string().regex(CURRENCY_PATTERN) }),
      )
      .max(MAX_LISTED_ACCOUNTS),
  )
  .refine((r) => Object.keys(r).length <= MAX_LISTED_ACCOUNTS);

/**
 * `GET …/legacy/accounts`: one `loginids` object (the page's prose; its envelope is unconfirmed, so
 * under `data` or at the top level).
 * @see https://developers.deriv.com/docs/options-legacy/legacy-accounts/
 */
export const legacyAccountsAnswerSchema = z.union([
  z.object({ data: z.object({ loginids: loginidsSchema }) }).transform((a) => a.data.loginids),
  z.object({ loginids: loginidsSchema }).transform((a) => a.loginids),
]);
