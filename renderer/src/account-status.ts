import type { AccountView } from '../../main/ipc/contract';
import type { Messages } from './i18n';

/** The short label of an account that needs a login, naming the missing scope when that is why. */
export function needsLoginTag(t: Messages, a: AccountView): string {
  if (a.needsLoginReason === 'scope_missing' && a.missingScope) return t.scopeMissingTag(a.missingScope);
  return a.needsLoginReason ? t.needsLoginTags[a.needsLoginReason] : t.needsLogin;
}

/** Why an account needs a login, in a sentence. */
export function needsLoginText(t: Messages, a: AccountView): string {
  if (a.needsLoginReason === 'scope_missing' && a.missingScope) return t.scopeMissingText(a.missingScope);
  return a.needsLoginReason ? t.needsLoginReasons[a.needsLoginReason] : '';
}

/**
 * The account's status in the details panel, in the table's own words: one account is never
 * "Session expired" in the table and "Needs login" beside it.
 */
export function accountStatusText(t: Messages, a: AccountView): string {
  if (a.isDisabled) return t.disabled;
  if (a.needsLogin) return needsLoginTag(t, a);
  return a.authorized ? t.ok : t.notChecked;
}
