/**
 * How the trader likes the screen: the theme, which accounts to hide, their nicknames and order.
 * Kept with the settings, never with secrets (nothing here opens an account); part of `model.ts`,
 * imports no code. The renderer applies them (`renderer/src/preferences.ts`); main keeps them
 * bounded (a nickname and a place in the order per account, at most `MAX_STORED_ACCOUNTS` of
 * each) and drops what names an account no longer held.
 */
/** `system` follows the computer's light or dark setting (`prefers-color-scheme`). */
export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

export interface Preferences {
  theme: Theme;
  /** Hide accounts whose balance is exactly zero (the active account is always shown). */
  hideZeroBalances: boolean;
  /** Hide accounts Deriv reports as disabled (the active account is always shown). */
  hideDisabled: boolean;
  /** The trader's own name for an account, by account id: short plain text. */
  nicknames: Record<string, string>;
  /** Account ids in the trader's order; accounts not named here follow, in their own order. */
  order: string[];
}

export const DEFAULT_PREFERENCES: Preferences = {
  theme: 'system',
  hideZeroBalances: false,
  hideDisabled: false,
  nicknames: {},
  order: [],
};

/** A nickname's length at most, in characters: it sits beside the account id on one line. */
export const MAX_NICKNAME_LENGTH = 40;

/**
 * A nickname: 1 to 40 characters, none of them a control or format character (no line breaks, no
 * invisible bidirectional overrides that would make a name read as another account's id).
 */
export const NICKNAME_PATTERN = /^[^\p{Cc}\p{Cf}\p{Zl}\p{Zp}]{1,40}$/u;

/**
 * A change of preferences (`savePreferences`): the fields given replace the stored ones, except
 * `nicknames`, merged by account: a nickname given replaces that account's (trimmed), an empty one
 * removes it, the others stay. `order` is the whole new order.
 */
export type PreferencesPatch = Partial<Preferences>;

/** The preferences with `patch` applied (see `PreferencesPatch`); a fresh object, inputs untouched. */
export function preferencesWith(prefs: Preferences, patch: PreferencesPatch): Preferences {
  const nicknames = new Map(Object.entries(prefs.nicknames));
  for (const [id, name] of Object.entries(patch.nicknames ?? {})) {
    const trimmed = name.trim();
    if (trimmed === '') nicknames.delete(id);
    else nicknames.set(id, trimmed);
  }
  return {
    theme: patch.theme ?? prefs.theme,
    hideZeroBalances: patch.hideZeroBalances ?? prefs.hideZeroBalances,
    hideDisabled: patch.hideDisabled ?? prefs.hideDisabled,
    nicknames: Object.fromEntries(nicknames),
    order: [...(patch.order ?? prefs.order)],
  };
}

/** The preferences without the nicknames and places of accounts `held` says are gone. */
export function preferencesFor(prefs: Preferences, held: (accountId: string) => boolean): Preferences {
  return {
    ...prefs,
    nicknames: Object.fromEntries(Object.entries(prefs.nicknames).filter(([id]) => held(id))),
    order: prefs.order.filter(held),
  };
}
