/**
 * The one contract between main, preload and renderer.
 *
 * Types, the small constant tables the preload needs at run time, and the one rule both sides
 * check (where server addresses may point): this file must stay free of imports that carry code,
 * because the sandboxed preload bundles it and the renderer imports it. Runtime validation of the arguments lives in main (`main/ipc/validators.ts`),
 * typed against `DesktopCommands` so the two cannot drift apart.
 */
import type { Authorize } from '@deriv/api-types';

export type Language = 'en' | 'fr';
export type LoginFlow = 'legacy' | 'oidc';
export type AppMode = 'unconfigured' | 'demo' | 'deriv';

/** Where the app talks to. Defaults point at production Deriv; demo mode at the embedded sandbox. */
export interface EndpointSettings {
  appId: string;
  /** WebSocket API endpoint, e.g. `wss://ws.derivws.com/websockets/v3`. */
  wsUrl: string;
  /** Legacy authorize page, e.g. `https://oauth.deriv.com/oauth2/authorize`. */
  oauthUrl: string;
  /** The redirect URL registered for `appId`; the login window intercepts it. */
  redirectUrl: string;
  /** OIDC issuer used for discovery, e.g. `https://oauth.deriv.com`. */
  issuer: string;
  flow: LoginFlow;
  language: Language;
}

export type ConnectionState =
  | { status: 'idle' }
  | { status: 'connecting' }
  | { status: 'online'; since: number }
  | { status: 'reconnecting'; attempt: number; nextRetryAt: number; lastError: string | null }
  | { status: 'offline'; reason: string };

export type LoginErrorCode =
  | 'cancelled'
  | 'timeout'
  | 'provider_error'
  | 'network_error'
  | 'state_mismatch'
  | 'no_accounts'
  | 'invalid_token'
  | 'malformed'
  | 'authorize_failed'
  | 'not_configured';

export interface LoginErrorInfo {
  code: LoginErrorCode;
  message: string;
}

export type LoginState =
  | { status: 'idle' }
  | { status: 'waiting'; flow: LoginFlow; startedAt: number; reloginFor: string | null }
  | { status: 'authorizing' }
  /** `reloginFor`: the account a failed re-login was for, so Retry targets it again. */
  | { status: 'failed'; error: LoginErrorInfo; reloginFor: string | null };

export type AccountListEntry = NonNullable<Authorize['account_list']>[number];
export type AuthorizeResponse = Authorize;

/** What the app knows of an account apart from its token and live state (flags from `account_list`). */
export interface AccountRecord {
  loginid: string;
  currency: string;
  isVirtual: boolean;
  isDisabled: boolean;
  landingCompanyName: string | null;
  accountType: string | null;
}

export interface AccountView extends AccountRecord {
  /** Live balance from the `balance` subscription; null until the first figure arrives. */
  balance: number | null;
  /** The token for this account was accepted in the current session. */
  authorized: boolean;
  /** The token was refused or could not be decrypted: the user must log in again for it. */
  needsLogin: boolean;
  needsLoginReason: 'token_refused' | 'decrypt_failed' | null;
}

/** The last `authorize` response, whole, as Deriv sent it (it carries no tokens). */
export interface AuthorizeSnapshot {
  response: AuthorizeResponse;
  /** The account whose token went first: the response's top-level account fields describe it. */
  primaryLoginid: string;
  receivedAt: number;
}

export interface PersistenceState {
  /** `safeStorage` backend name on Linux (`basic_text`, `gnome_libsecret` …), or the platform's. */
  backend: string;
  /** False when encryption is not real (Linux `basic_text`): tokens are kept in memory only unless the user agrees. */
  encryptionAvailable: boolean;
  /** Null: not asked yet (or not needed); true/false: the user's answer to storing tokens without real encryption. */
  plaintextConsent: boolean | null;
  /** Whether tokens of the current accounts are on disk right now. */
  tokensPersisted: boolean;
}

export interface Notice {
  id: string;
  level: 'info' | 'warning' | 'error';
  code: string;
  message: string;
}

export interface DemoUser {
  email: string;
  password: string;
}

export interface AppState {
  mode: AppMode;
  settings: EndpointSettings;
  /** Demo credentials to show on the login screen; null outside demo mode. */
  demo: { users: DemoUser[] } | null;
  login: LoginState;
  connection: ConnectionState;
  accounts: AccountView[];
  activeLoginid: string | null;
  authorize: AuthorizeSnapshot | null;
  persistence: PersistenceState;
  notices: Notice[];
}

/** Settings the user may change; everything optional, merged into the current settings. */
export type SettingsPatch = Partial<EndpointSettings>;

/**
 * Every command the renderer may send, with its argument and result.
 * `args: void` means the command takes no argument.
 */
export interface DesktopCommands {
  getState: { args: void; result: AppState };
  chooseMode: {
    args: { mode: 'demo' } | { mode: 'deriv'; appId: string; redirectUrl: string };
    result: AppState;
  };
  saveSettings: { args: SettingsPatch; result: AppState };
  login: { args: { flow?: LoginFlow; reloginFor?: string } | void; result: AppState };
  cancelLogin: { args: void; result: AppState };
  switchAccount: { args: { loginid: string }; result: AppState };
  logout: { args: { loginid?: string } | void; result: AppState };
  forgetEverything: { args: void; result: AppState };
  retryConnection: { args: void; result: AppState };
  setPlaintextConsent: { args: { allow: boolean }; result: AppState };
  dismissNotice: { args: { id: string }; result: AppState };
  openExternal: { args: { url: string }; result: void };
}

export type CommandName = keyof DesktopCommands;
export type CommandArgs<K extends CommandName> = DesktopCommands[K]['args'];
export type CommandResultValue<K extends CommandName> = DesktopCommands[K]['result'];

export type CommandErrorCode = 'invalid_argument' | 'forbidden_sender' | 'unknown_command' | 'failed';

export interface CommandError {
  code: CommandErrorCode;
  message: string;
}

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

/** Handlers main registers, one per command, from the same table. */
export type CommandHandlers = {
  [K in CommandName]: (args: CommandArgs<K>) => Promise<CommandResultValue<K>> | CommandResultValue<K>;
};

/** The allow-list: the only channels the preload forwards and main handles. */
export const COMMAND_NAMES = [
  'getState',
  'chooseMode',
  'saveSettings',
  'login',
  'cancelLogin',
  'switchAccount',
  'logout',
  'forgetEverything',
  'retryConnection',
  'setPlaintextConsent',
  'dismissNotice',
  'openExternal',
] as const satisfies readonly CommandName[];

export const commandChannel = (name: CommandName): string => `desktop:command:${name}`;
export const STATE_CHANNEL = 'desktop:state';

/** Links the app may open in the system browser (checked in main, by origin). */
export const EXTERNAL_LINK_ORIGINS = [
  'https://api.deriv.com',
  'https://developers.deriv.com',
  'https://app.deriv.com',
  'https://deriv.com',
  'https://www.deriv.com',
] as const;

const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]', '::1'];

/**
 * Where tokens and the login page may travel: encrypted transport (https/wss), or plain http/ws
 * only to this machine (the demo sandbox). Main enforces it; the renderer explains it as you type.
 */
export function isSecureOrLoopback(url: string, kind: 'http' | 'ws'): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === `${kind === 'http' ? 'https' : 'wss'}:`) return true;
  return parsed.protocol === `${kind}:` && LOOPBACK_HOSTS.includes(parsed.hostname);
}

// Compile-time proof that the allow-list names every command and nothing else.
type Unlisted = Exclude<CommandName, (typeof COMMAND_NAMES)[number]>;
const everyCommandListed: [Unlisted] extends [never] ? true : never = true;
void everyCommandListed;
