/**
 * The soak's ONE coupling to the app core: how to start a real core on a store folder, the
 * commands it sends (through the controller's command table, as the renderer would), and how it
 * reads an account out of a published AppState. Everything else in soak/ speaks `Lane`, `Held`
 * and the sandbox's control API. When the core's commands or ids are renamed (e.g. `signIn({ method })`,
 * `accountId`), this file is the one to adapt.
 */
import type { AppState } from '../main/core/model';
import type { ManualOsSignals } from '../main/core/net/os-signals';
import type { SandboxHandle } from '../sandbox/index';
import { AesCipher } from '../test/support/aes-cipher';
import { type Harness, startHarness } from '../test/support/app-harness';
import { FormAuthWindow } from '../test/support/form-auth-window';

export type Api = 'legacy' | 'current';

/** One account as the soak judges it, read from a published state. */
export interface Held {
  id: string;
  /** No login needed, and authorized now with a balance shown (a disabled account: neither). */
  live: boolean;
  /** The server accepted its credential in the current session. */
  authorized: boolean;
  needsLogin: boolean;
  reason: string | null;
}

/** A running core: the real AppController (real vault on a conf file store, real backends, real sockets). */
export interface Core {
  harness: Harness;
  state(): AppState;
  held(state?: AppState): Held[];
  /** Published, logged and answered so far (the leak scan drains these). */
  records: { states: unknown[]; logs: unknown[]; payloads: unknown[]; received: string[] };
  close(): Promise<void>;
}

/** A passphrase that is not a secret the sandbox minted; the store holds tokens only sealed with it. */
const cipher = () => new AesCipher({ passphrase: 'chaos-soak' });

export interface StartCore {
  sandbox: SandboxHandle;
  api: Api;
  dir: string;
  os: ManualOsSignals;
  /** The user the login "window" types in (email + password of a sandbox user). */
  user: () => { email: string; password: string };
}

export async function startCore(opts: StartCore): Promise<Core> {
  const window = new FormAuthWindow(() => ({ ...opts.user(), action: 'approve' }));
  const harness = await startHarness({
    sandbox: opts.sandbox,
    window,
    dir: opts.dir,
    cipher: cipher(),
    defaultMode: 'demo',
    demoApi: opts.api,
    osSignals: opts.os,
  });
  return {
    harness,
    state: () => harness.controller.state(),
    held: (state = harness.controller.state()) => heldOf(state),
    records: { states: harness.states, logs: harness.logs, payloads: harness.payloads, received: harness.received },
    close: () => harness.close(),
  };
}

export function heldOf(state: AppState): Held[] {
  return state.accounts.map((a) => ({
    id: a.accountId,
    // A disabled account is never authorized and has no live balance: nothing more to expect of it.
    live: !a.needsLogin && (a.isDisabled || (a.authorized && a.balance !== null)),
    authorized: a.authorized,
    needsLogin: a.needsLogin,
    reason: a.needsLoginReason,
  }));
}

/** The commands the soak sends, by the renderer's command table (a sign-in names the API the core speaks, as the renderer does). */
export const commands = {
  /** The login page (legacy OAuth or the current API's OAuth + PKCE), played by the form "window". */
  oauth: (core: Core) => core.harness.controller.handlers().signIn({ api: core.state().settings.api, method: 'oauth' }),
  /** Legacy: API tokens as pasted. */
  apiTokens: (core: Core, tokens: string[]) =>
    core.harness.controller.handlers().signIn({ api: 'legacy', method: 'api_token', tokens: tokens.join(' ') }),
  /** Current API: a Personal Access Token and the app it was made for. */
  pat: (core: Core, token: string, appId: string) =>
    core.harness.controller.handlers().signIn({ api: 'current', method: 'pat', token, appId }),
  switchTo: (core: Core, id: string) => core.harness.controller.handlers().switchAccount({ accountId: id }),
  logout: (core: Core, id: string) => core.harness.controller.handlers().logout({ accountId: id }),
  retry: (core: Core) => core.harness.controller.handlers().retryConnection(undefined),
};
