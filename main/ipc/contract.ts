/**
 * The one contract between main, preload and renderer.
 *
 * The IPC-only parts: channels, the allow-list, `DesktopApi` and `CommandResult`. The domain
 * model (`main/core/model.ts`) and the command table (`main/core/app/commands.ts`) live in core and
 * are re-exported here. This file must stay free of imports that carry code (the model imports
 * none), because the sandboxed preload bundles it and the renderer imports it. Runtime validation
 * of the arguments lives in main (`main/ipc/validators.ts`), typed against `DesktopCommands`.
 */
import type { CommandArgs, CommandName, CommandResultValue } from '../core/app/commands';
import type { AppState, CommandError } from '../core/model';

// The domain model and the command table live in core; the contract re-exports them so the
// renderer and the preload keep one import.
export type {
  CommandArgs,
  CommandHandlers,
  CommandName,
  CommandResultValue,
  DesktopCommands,
} from '../core/app/commands';
export type {
  AccountDetails,
  AccountFacts,
  AccountRecord,
  AccountSource,
  AccountView,
  ApiTokenErrorCode,
  ApiTokenErrorInfo,
  AppMode,
  AppState,
  BrowserUnavailableReason,
  CommandError,
  CommandErrorCode,
  CommandErrorParams,
  ConnectionState,
  CurrentSettings,
  DemoCredential,
  DemoCredentialKind,
  DemoUser,
  DerivApi,
  FailureReason,
  IdentityProvider,
  Language,
  LegacySettings,
  LoginErrorCode,
  LoginErrorInfo,
  LoginErrorParams,
  LoginFlow,
  LoginMethod,
  LoginPlace,
  LoginState,
  LoginView,
  MigrationView,
  MovedAccount,
  NeedsLoginReason,
  Notice,
  NoticeCode,
  NoticeInput,
  NoticeLevel,
  NoticeParams,
  PersistenceState,
  Preferences,
  PreferencesPatch,
  Settings,
  SettingsField,
  SettingsPatch,
  SettingsRecord,
  SignInArgs,
  SignInMethod,
  Theme,
} from '../core/model';

/** Errors never cross IPC as exceptions: every command answers with one of these. */
export type CommandResult<T> = { ok: true; value: T } | { ok: false; error: CommandError };

/** The object the preload exposes as `window.desktop`. */
export type DesktopApi = {
  [K in CommandName]: CommandArgs<K> extends void
    ? () => Promise<CommandResult<CommandResultValue<K>>>
    : undefined extends CommandArgs<K>
      ? (args?: Exclude<CommandArgs<K>, void>) => Promise<CommandResult<CommandResultValue<K>>>
      : void extends CommandArgs<K>
        ? (args?: Exclude<CommandArgs<K>, void>) => Promise<CommandResult<CommandResultValue<K>>>
        : (args: CommandArgs<K>) => Promise<CommandResult<CommandResultValue<K>>>;
} & {
  /** Subscribe to state snapshots from main; returns the unsubscribe function. */
  onState(listener: (state: AppState) => void): () => void;
};

/** The allow-list: the only channels the preload forwards and main handles. */
export const COMMAND_NAMES = [
  'getState',
  'chooseMode',
  'saveSettings',
  'savePreferences',
  'signIn',
  'cancelLogin',
  'switchAccount',
  'logout',
  'forgetEverything',
  'retireLegacyLogin',
  'retryConnection',
  'setPlaintextConsent',
  'dismissNotice',
  'openExternal',
] as const satisfies readonly CommandName[];

export const commandChannel = (name: CommandName): string => `desktop:command:${name}`;
export const STATE_CHANNEL = 'desktop:state';

// Compile-time proof that the allow-list names every command and nothing else.
type Unlisted = Exclude<CommandName, (typeof COMMAND_NAMES)[number]>;
const everyCommandListed: [Unlisted] extends [never] ? true : never = true;
void everyCommandListed;
