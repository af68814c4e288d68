/**
 * A real app core for integration and end-to-end tests: the controller with the real vault (conf
 * file store in a temp folder, AES cipher), the real Deriv session over real sockets, the real
 * login flows, and the sandbox as Deriv. Only the Electron shell is replaced (a recorder), and the
 * login window is whichever real AuthWindow the test passes.
 */
import { join } from 'node:path';

import Conf from 'conf';

import { CommandFailure } from '../../main/core/app/command-failure';
import type { Confirm, ConfirmWords } from '../../main/core/app/confirmations';
import { AppController, type ControllerDeps } from '../../main/core/app/controller';
import type { ShellLike } from '../../main/core/app/ports';
import type { AuthWindow } from '../../main/core/auth/auth-window';
import {
  revokeLegacyTokens,
  runCurrentLogin,
  runLogin,
  type SchemeCallbacks,
  type SystemBrowser,
} from '../../main/core/auth/login';
import { backendFactory, type BackendOptions } from '../../main/core/backend/create-backend';
import { GrantRevocation } from '../../main/core/current-api/revocation';
import { DEFAULT_ENDPOINT } from '../../main/core/legacy-api/endpoints';
import type { OsSignals } from '../../main/core/net/os-signals';
import { confKeyValueStore, openStoreSafely, Vault } from '../../main/core/vault/index';
import type { SecretCipher } from '../../main/core/vault/ports';
import { demoServerFrom } from '../../main/demo';
import type { AppState, DerivApi, SettingsRecord } from '../../main/ipc/contract';
import type { SandboxHandle } from '../../sandbox/index';
import { AesCipher } from './aes-cipher';
import { type LeakSources, secretStringsOf } from './leak-scan';
import { type LogLine, recordingLogger } from './logger';
import { redactPasted } from './pasted-secrets';
import { makeTempDir } from './temp-dir';

export const PRODUCTION_DEFAULTS: SettingsRecord = {
  appId: DEFAULT_ENDPOINT.appId,
  wsUrl: DEFAULT_ENDPOINT.wsUrl,
  oauthUrl: DEFAULT_ENDPOINT.oauthUrl,
  issuer: DEFAULT_ENDPOINT.issuer,
  redirectUrl: 'https://localhost/deriv-desktop/redirect',
  flow: 'legacy',
  api: 'legacy',
  authServerUrl: 'https://auth.deriv.com',
  restUrl: 'https://api.derivws.com',
  clientId: '',
  clientRedirectUrl: '',
  language: 'en',
};

/** Timings shrunk so fault tests finish quickly; the logic is the production one. */
export const TEST_TIMING = { pingIntervalMs: 2_000, pongTimeoutMs: 1_000, requestTimeoutMs: 3_000 };

export class ShellRecorder implements ShellLike {
  readonly opened: string[] = [];
  loginDataCleared = 0;
  async openExternal(url: string): Promise<void> {
    this.opened.push(url);
  }
  async clearLoginData(): Promise<void> {
    this.loginDataCleared += 1;
  }
}

export interface HarnessOptions {
  sandbox: SandboxHandle;
  window: AuthWindow;
  /** The trader's browser for a `browser` sign-in (a separate Chromium context); none: opening it fails. */
  browser?: SystemBrowser;
  /** Where links in the app's scheme are delivered (as main/index.ts wires them from the OS). */
  callbacks?: SchemeCallbacks;
  /** A login's whole time (the app's is 5 minutes; 20 s here unless a journey waits for the timeout). */
  loginTimeoutMs?: number;
  /** Reuse a folder to model a restart; a fresh temp folder otherwise. */
  dir?: string;
  cipher?: SecretCipher;
  defaultMode?: 'demo' | 'unconfigured';
  /**
   * The API demo mode speaks until a test picks one: `legacy` here (the tests written before the
   * demo served both APIs rely on it); `'app default'` leaves it to the app (`current`).
   */
  demoApi?: DerivApi | 'app default';
  /** What "Deriv" mode starts from; an installed app has no redirect URL until the user gives one. */
  productionDefaults?: SettingsRecord;
  /** Sleep and network signals, as the Electron adapter would give them. */
  osSignals?: OsSignals;
  /** Replaces real parts of the controller's wiring (a gated shell, a scripted login …). */
  overrides?: Partial<ControllerDeps>;
  /** The current-API session's options over the settings' (e.g. a shorter account-list refresh). */
  currentApi?: BackendOptions['currentApi'];
  /**
   * The user's answer to main's questions (a server outside Deriv, tokens without encryption), as
   * the native dialog would give it; `no` unless given (nothing a test does not mean is allowed).
   */
  confirm?: 'yes' | 'no' | Confirm;
}

export interface Harness {
  controller: AppController;
  dir: string;
  storePath: string;
  shell: ShellRecorder;
  /** Every snapshot published to the renderer, in order. */
  states: AppState[];
  /** Every argument and answer (or error) of a command sent through `controller.handlers()`. */
  payloads: unknown[];
  /** Every line the core logged (session, vault, store recovery). */
  logs: LogLine[];
  /** Every secret the core received from a login (tokens, access tokens): for the leak scans. */
  received: string[];
  /** Every question main asked the user (the dialog's words), in order. */
  questions: ConfirmWords[];
  vault: Vault;
  close(): Promise<void>;
  /** Resolves with the first published state that satisfies `predicate` (or the current one). */
  waitFor(predicate: (state: AppState) => boolean, timeoutMs?: number): Promise<AppState>;
}

/** No browser to open: `shell.openExternal` rejects as it does when no application takes the URL. */
const NO_BROWSER: SystemBrowser = {
  openExternal: () => Promise.reject(new Error('no application to open the URL')),
};

export async function startHarness(opts: HarnessOptions): Promise<Harness> {
  const dir = opts.dir ?? makeTempDir('deriv-desktop-store-');
  const storePath = join(dir, 'accounts.json');
  const logger = recordingLogger();
  const logs = logger.lines;
  const received: string[] = [];
  const inBrowserWith = {
    browser: opts.browser ?? NO_BROWSER,
    ...(opts.callbacks ? { callbacks: opts.callbacks } : {}),
  };
  const payloads: unknown[] = [];
  const opened = openStoreSafely(
    () =>
      confKeyValueStore(
        new Conf<Record<string, unknown>>({ cwd: dir, configName: 'accounts', projectName: 'deriv-desktop-test' }),
      ),
    storePath,
    { logger },
  );
  const vault = await Vault.open({
    logger,
    store: opened.store,
    cipher: opts.cipher ?? new AesCipher(),
    notices: opened.notices,
  });
  const shell = new ShellRecorder();
  const questions: ConfirmWords[] = [];
  const answer = opts.confirm ?? 'no';
  const confirm: Confirm = async (words) => {
    questions.push(words);
    return typeof answer === 'function' ? answer(words) : answer === 'yes';
  };
  const controller = new AppController({
    confirm,
    vault,
    shell,
    productionDefaults: opts.productionDefaults ?? PRODUCTION_DEFAULTS,
    defaultMode: opts.defaultMode ?? 'demo',
    ...(opts.demoApi === 'app default' ? {} : { demoApi: opts.demoApi ?? 'legacy' }),
    ...(opts.osSignals ? { osSignals: opts.osSignals } : {}),
    createBackend: backendFactory({
      timing: TEST_TIMING,
      logger,
      ...(opts.currentApi ? { currentApi: opts.currentApi } : {}),
    }),
    runLogin: async ({ settings, signal, inBrowser }) => {
      const browser = inBrowser ? inBrowserWith : {};
      const outcome = await runLogin({
        settings,
        window: opts.window,
        signal,
        timeoutMs: opts.loginTimeoutMs ?? 20_000,
        ...browser,
      });
      received.push(...secretStringsOf(outcome));
      return outcome;
    },
    runCurrentLogin: async ({ settings, signal, login, inBrowser }) => {
      const browser = inBrowser ? inBrowserWith : {};
      const outcome = await runCurrentLogin({
        settings,
        window: opts.window,
        signal,
        login,
        timeoutMs: opts.loginTimeoutMs ?? 20_000,
        ...browser,
      });
      received.push(...secretStringsOf(outcome));
      return outcome;
    },
    revokeOidc: (accessToken, issuer) => revokeLegacyTokens({ issuer, accessToken }),
    revokeCurrent: new GrantRevocation({ logger }),
    // The test owns the sandbox (it injects faults into it), so the controller must not close it.
    startDemo: async () => demoServerFrom(opts.sandbox, async () => undefined),
    // Why a sign-in failed, in main's English: in `logs`, so the leak scans read it too.
    logger,
    ...opts.overrides,
  });
  // What the renderer would receive: every command's argument and its answer (or its error).
  const realHandlers = controller.handlers.bind(controller);
  controller.handlers = () =>
    Object.fromEntries(
      Object.entries(realHandlers()).map(([name, handler]) => [
        name,
        async (args: unknown) => {
          // Pasted API tokens and PATs travel page → core on purpose: only that field is left out of the scan.
          payloads.push({ command: name, args: redactPasted(name, args) });
          try {
            const answer = await (handler as (a: unknown) => Promise<unknown>)(args);
            payloads.push({ command: name, answer });
            return answer;
          } catch (error) {
            // What crosses IPC of it: a typed refusal's code and params, anything else as `failed`.
            const crossing = error instanceof CommandFailure ? error.toError() : { code: 'failed', params: {} };
            payloads.push({ command: name, error: crossing });
            throw error;
          }
        },
      ]),
    ) as ReturnType<typeof realHandlers>;
  const states: AppState[] = [];
  const waiters = new Set<() => void>();
  controller.onState((state) => {
    states.push(state);
    for (const wake of waiters) wake();
  });
  await controller.init();
  return {
    controller,
    dir,
    storePath,
    shell,
    states,
    payloads,
    logs,
    received,
    questions,
    vault,
    close: () => controller.shutdown(),
    waitFor(predicate, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const state = controller.state();
          if (predicate(state)) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(state);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`state never matched; last: ${JSON.stringify(controller.state()).slice(0, 600)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
}

/** Where a harness's secrets could leak: every state it published and its state now, every command answer, its logs, its store folder. */
export function harnessLeakSources(h: Harness): LeakSources {
  return { states: [...h.states, h.controller.state()], payloads: h.payloads, logs: h.logs, dirs: [h.dir] };
}

/** Every secret the sandbox has handed out so far (fresh login tokens, API tokens, …), for leak scans. */
export function allTokens(sandbox: SandboxHandle): string[] {
  return sandbox.secrets().map((s) => s.value);
}

/** For tests not yet on test/support/leak-scan.ts (which knows every secret): which of `tokens` appear in `payload`. */
export function findLeakedTokens(payload: unknown, tokens: string[]): string[] {
  const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
  return tokens.filter((t) => text.includes(t));
}

/**
 * Deriv mode on the sandbox's current API, pointed at its authorization server and REST API: with
 * the sandbox's OAuth client (`oauth`), or with none (`pat`: personal tokens only, as a trader who
 * registered no app).
 */
export async function onSandboxCurrentApi(
  h: Harness,
  sandbox: SandboxHandle,
  client: 'oauth' | 'pat' = 'oauth',
): Promise<void> {
  const api = sandbox.newApi;
  const oauth = client === 'oauth';
  const handlers = h.controller.handlers();
  await handlers.chooseMode({
    mode: 'deriv',
    api: 'current',
    clientId: oauth ? api.clientId : '',
    clientRedirectUrl: oauth ? api.redirectUrl : '',
  });
  await handlers.saveSettings({ api: 'current', authServerUrl: api.issuer, restUrl: api.restUrl });
}

/**
 * Polls until `cond` holds, for what the published states do not carry (the store file, the
 * sandbox's logs); `waitFor` is the way to wait for a state.
 */
export async function pollUntil(
  cond: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
