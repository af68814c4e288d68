/**
 * The command table: every command the renderer may send, with its argument and result. The
 * controller implements `CommandHandlers`; the IPC contract derives its channels, allow-list and
 * `DesktopApi` from `DesktopCommands`, and the validators are typed against it.
 */
import type { AppState, DerivApi, PreferencesPatch, SettingsPatch, SignInArgs } from '../model';

/** `args: void` means the command takes no argument. */
export interface DesktopCommands {
  getState: { args: void; result: AppState };
  chooseMode: {
    args: /** The embedded sandbox, speaking `api` (without it: the demo's API so far, or the default). */
    | { mode: 'demo'; api?: DerivApi }
      | { mode: 'deriv'; appId: string; redirectUrl: string }
      /** Deriv's current API: the registered app (both may be empty for a PAT user). */
      | { mode: 'deriv'; api: 'current'; clientId: string; clientRedirectUrl: string };
    result: AppState;
  };
  saveSettings: { args: SettingsPatch; result: AppState };
  /**
   * The trader's preferences (`PreferencesPatch`: nicknames merged by account, the rest replaced);
   * a nickname or place for an account not held is refused (`unknown_account`), nothing changed.
   */
  savePreferences: { args: PreferencesPatch; result: AppState };
  /** One sign-in, by any method the settings' API has (see `SIGN_IN_METHODS`); its progress is `AppState.login`. */
  signIn: { args: SignInArgs; result: AppState };
  cancelLogin: { args: void; result: AppState };
  /**
   * Answers without a state: the snapshot main publishes for the switch carries it (and reaches the
   * renderer before this answer), so a switch delivers one snapshot, not two.
   */
  switchAccount: { args: { accountId: string }; result: void };
  /**
   * Without an argument: every login. `accountId`: that account (a legacy OAuth login's token goes
   * alone; on the current API its whole login goes). `loginId`: that login and all its accounts
   * (one no longer held: nothing to do).
   */
  logout: { args: { accountId?: string } | { loginId: string } | void; result: AppState };
  forgetEverything: { args: void; result: AppState };
  /** Once the legacy migration is complete: removes the legacy login(s) from this computer (the current accounts stay). */
  retireLegacyLogin: { args: void; result: AppState };
  retryConnection: { args: void; result: AppState };
  setPlaintextConsent: { args: { allow: boolean }; result: AppState };
  dismissNotice: { args: { id: string }; result: AppState };
  openExternal: { args: { url: string }; result: void };
}

export type CommandName = keyof DesktopCommands;
export type CommandArgs<K extends CommandName> = DesktopCommands[K]['args'];
export type CommandResultValue<K extends CommandName> = DesktopCommands[K]['result'];

/** Handlers main registers, one per command, from the same table. */
export type CommandHandlers = {
  [K in CommandName]: (args: CommandArgs<K>) => Promise<CommandResultValue<K>> | CommandResultValue<K>;
};
