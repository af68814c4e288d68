/**
 * The account-id rule, part of the domain model (re-exported by `model.ts`; like it, imports no code).
 *
 * An account id from either API: a v3 loginid (`CR123456`, letters then digits) or a current-API
 * `account_id` (Deriv documents no format; the sandbox's are `DOT…`/`ROT…` plus digits). One rule for
 * every place an id enters (IPC, the vault, account lists): only what is safe as a URL path segment,
 * a map key and on screen — no `/`, `.`, `%`, spaces or non-ASCII, and no leading `-` or `_`.
 */
export const ACCOUNT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
export const isAccountId = (value: string): boolean => ACCOUNT_ID_PATTERN.test(value);
