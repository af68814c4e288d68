/**
 * The browser sign-in through the controller and its login coordinator, against the sandbox: a
 * provider that refuses the login window ends the login with the way on the settings allow
 * (the browser for a code flow with a loopback redirect; why not otherwise); a `browser` sign-in
 * on the legacy implicit redirect is refused with its reason and opens nothing; one on the current
 * API runs in the browser and its accounts are held, the login window never opened. "Log in: in my
 * browser" (Settings) sends "Log in" there, and is remembered across a restart. The way back
 * follows the registered redirect URL: loopback, the app's scheme, or the bounce page, whose
 * target is the fixed-format end of `state`; the window refuses an app-scheme redirect.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import type { AuthWindow } from '../../main/core/auth/auth-window';
import { browserSignIn } from '../../main/core/auth/front-channel';
import { runCurrentLogin } from '../../main/core/auth/login';
import { providerRefusesWindow } from '../../main/core/auth/login-failure';
import { BOUNCE_STATE_PATTERN, type CurrentSettings, type Settings } from '../../main/core/model';
import { type SandboxHandle, startSandbox } from '../../sandbox/index';
import { loginAt } from '../current-api/oauth-helpers';
import { type Harness, harnessLeakSources, startHarness } from '../support/app-harness';
import { expectNoLeaks, knownSecrets } from '../support/leak-scan';
import { removeDir } from '../support/temp-dir';

let sandbox: SandboxHandle;
const open: Harness[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 2526 });
});
afterEach(async () => {
  for (const h of open) expectNoLeaks(harnessLeakSources(h), knownSecrets(sandbox, h.received), 1);
  await Promise.all(
    open.splice(0).map(async (h) => {
      await h.close();
      removeDir(h.dir);
    }),
  );
});
afterAll(() => sandbox?.close());

/** A login window whose page sends it to Google at once (the guard's failure). */
const googleWindow: AuthWindow = { open: () => Promise.reject(providerRefusesWindow('google')) };

async function start(opts: {
  demoApi: 'legacy' | 'current';
  window?: AuthWindow;
  browser?: { openExternal(url: string): Promise<void> };
}) {
  const h = await startHarness({
    sandbox,
    window: opts.window ?? googleWindow,
    demoApi: opts.demoApi,
    ...(opts.browser ? { browser: opts.browser } : {}),
  });
  open.push(h);
  return h;
}

describe('signing in where the login window cannot, through the controller', () => {
  it('which way on the settings allow: the browser for a code flow with a loopback redirect, else why not', () => {
    const legacy = {
      api: 'legacy',
      appId: '1',
      wsUrl: 'wss://ws.derivws.com/websockets/v3',
      oauthUrl: 'https://oauth.deriv.com/oauth2/authorize',
      redirectUrl: 'http://127.0.0.1:8080/redirect',
      issuer: 'https://oauth.deriv.com',
      flow: 'legacy',
      language: 'en',
    } as const satisfies Settings;
    const current = {
      api: 'current',
      authServerUrl: 'https://auth.deriv.com',
      restUrl: 'https://api.derivws.com',
      clientId: 'app1',
      clientRedirectUrl: 'http://127.0.0.1/cb',
      language: 'en',
    } as const satisfies Settings;
    expect(browserSignIn(legacy)).toBe('implicit_flow');
    expect(browserSignIn({ ...legacy, flow: 'oidc' })).toBe('offered');
    expect(browserSignIn({ ...legacy, flow: 'oidc', redirectUrl: 'https://app.example/redirect' })).toBe(
      'no_browser_redirect',
    );
    expect(browserSignIn(current)).toBe('offered');
    // RFC 8252 §8.3: the loopback IP literal, not "localhost", and plain http.
    expect(browserSignIn({ ...current, clientRedirectUrl: 'http://localhost/cb' })).toBe('no_browser_redirect');
    expect(browserSignIn({ ...current, clientRedirectUrl: 'https://127.0.0.1/cb' })).toBe('no_browser_redirect');
    // RFC 8252 §7.1: the app's own scheme, its path form only.
    expect(browserSignIn({ ...current, clientRedirectUrl: 'com.derivdesktop.login:/callback' })).toBe('offered');
    expect(browserSignIn({ ...current, clientRedirectUrl: 'com.derivdesktop.login://h/callback' })).toBe(
      'no_browser_redirect',
    );
    expect(browserSignIn({ ...current, clientRedirectUrl: 'org.example.other:/callback' })).toBe('no_browser_redirect');
    // The bounce page, by its file name, over https only.
    const bounce = 'https://publisher.example/deriv/desktop-login-bounce.html';
    expect(browserSignIn({ ...current, clientRedirectUrl: bounce })).toBe('offered');
    expect(browserSignIn({ ...current, clientRedirectUrl: `${bounce}.evil` })).toBe('no_browser_redirect');
    expect(browserSignIn({ ...current, clientRedirectUrl: bounce.replace('https:', 'http:') })).toBe(
      'no_browser_redirect',
    );
  });

  it('the legacy redirect login meets Google: provider_refuses_window with no browser (implicit_flow); a browser sign-in there is refused, nothing opened', async () => {
    const opened: string[] = [];
    const h = await start({
      demoApi: 'legacy',
      browser: { openExternal: async (url) => void opened.push(url) },
    });
    const commands = h.controller.handlers();
    await commands.signIn({ api: 'legacy', method: 'oauth' });
    let state = await h.waitFor((s) => s.login.status === 'failed');
    expect(state.login).toEqual({
      status: 'failed',
      method: 'oauth',
      error: { code: 'provider_refuses_window', params: { provider: 'google', browser: 'implicit_flow' } },
      reloginFor: null,
    });
    await commands.signIn({ api: 'legacy', method: 'browser' });
    state = await h.waitFor((s) => s.login.status === 'failed' && s.login.method === 'browser');
    expect(state.login).toMatchObject({
      method: 'browser',
      error: { code: 'browser_unavailable', params: { reason: 'implicit_flow' } },
    });
    expect(opened).toEqual([]);
    expect(state.accounts).toEqual([]);
  });

  it('the current API meets Google: the browser offered; the browser sign-in holds the accounts, the window never opened for it', async () => {
    let windowOpens = 0;
    const window: AuthWindow = {
      open: () => {
        windowOpens += 1;
        return Promise.reject(providerRefusesWindow('google'));
      },
    };
    // The "browser": approves on the sandbox's current login page over HTTP, lands on the loopback port.
    const browser = {
      openExternal: async (url: string) => {
        void loginAt(sandbox, new URL(url)).then((callback) => fetch(callback));
      },
    };
    const h = await start({ demoApi: 'current', window, browser });
    const commands = h.controller.handlers();
    await commands.signIn({ api: 'current', method: 'oauth' });
    const refused = await h.waitFor((s) => s.login.status === 'failed');
    expect(refused.login).toMatchObject({
      error: { code: 'provider_refuses_window', params: { provider: 'google', browser: 'offered' } },
    });
    await commands.signIn({ api: 'current', method: 'browser' });
    const state = await h.waitFor((s) => s.login.status === 'idle' && s.accounts.length > 0, 20_000);
    expect(state.accounts.every((a) => a.api === 'current')).toBe(true);
    expect(windowOpens).toBe(1);
  });

  it('"Log in: in my browser" sends "Log in" to the browser (the window never opens), and is remembered after a restart', async () => {
    let windowOpens = 0;
    const window: AuthWindow = {
      open: () => {
        windowOpens += 1;
        return Promise.reject(new Error('the login window opened'));
      },
    };
    const opened: string[] = [];
    const browser = {
      openExternal: async (url: string) => {
        opened.push(url);
        void loginAt(sandbox, new URL(url)).then((callback) => fetch(callback));
      },
    };
    const h = await start({ demoApi: 'current', window, browser });
    const commands = h.controller.handlers();
    await commands.saveSettings({ api: 'current', clientLoginPlace: 'browser' });
    await commands.signIn({ api: 'current', method: 'oauth' });
    await h.waitFor((s) => s.login.status === 'idle' && s.accounts.length > 0, 20_000);
    // The wait said where: the trader's browser.
    const waits = h.states.filter((s) => s.login.status === 'waiting').map((s) => s.login);
    expect(waits.length).toBeGreaterThan(0);
    expect(waits.every((l) => l.status === 'waiting' && l.method === 'browser')).toBe(true);
    expect(opened).toHaveLength(1);
    expect(windowOpens).toBe(0);
    await h.close();
    open.splice(open.indexOf(h), 1);

    const again = await startHarness({ sandbox, window, demoApi: 'current', dir: h.dir });
    open.push(again);
    expect(again.controller.state().settings).toMatchObject({ api: 'current', clientLoginPlace: 'browser' });
    // Back to the window: saved the same way.
    await again.controller.handlers().saveSettings({ api: 'current', clientLoginPlace: 'window' });
    expect(again.controller.state().settings).toMatchObject({ clientLoginPlace: 'window' });
  });

  it('the window refuses a redirect in the app’s own scheme (it comes back through the browser only): not_configured, nothing opened', async () => {
    let windowOpens = 0;
    const outcome = await runCurrentLogin({
      settings: currentOn({ clientRedirectUrl: 'com.derivdesktop.login:/callback' }),
      window: { open: () => Promise.reject(new Error(`opened ${++windowOpens}`)) },
      login: { method: 'oauth' },
    });
    expect(outcome.ok ? null : outcome.error.code).toBe('not_configured');
    expect(windowOpens).toBe(0);
  });

  it('through the bounce page: redirect_uri is the page, state ends with this attempt’s loopback port (the page’s one format), and the listener takes the forwarded answer', async () => {
    const bounce = 'https://publisher.example/deriv/desktop-login-bounce.html';
    const asked: URL[] = [];
    const outcome = await runCurrentLogin({
      settings: currentOn({ clientRedirectUrl: bounce }),
      window: { open: () => Promise.reject(new Error('the login window opened')) },
      browser: {
        // What the bounce page does with Deriv's answer (the trader denied): forward it to the port in state.
        openExternal: async (url) => {
          const request = new URL(url);
          asked.push(request);
          const state = request.searchParams.get('state')!;
          const port = BOUNCE_STATE_PATTERN.exec(state)?.[1];
          void fetch(`http://127.0.0.1:${port}/callback?error=access_denied&state=${encodeURIComponent(state)}`);
        },
      },
      login: { method: 'oauth' },
    });
    expect(outcome.ok ? null : outcome.error.code).toBe('cancelled');
    expect(asked).toHaveLength(1);
    expect(asked[0]!.searchParams.get('redirect_uri')).toBe(bounce);
    expect(asked[0]!.searchParams.get('state')).toMatch(BOUNCE_STATE_PATTERN);
  });
});

/** The sandbox's current API, with `patch`. */
function currentOn(patch: Partial<CurrentSettings>): CurrentSettings {
  return {
    api: 'current',
    authServerUrl: sandbox.newApi.issuer,
    restUrl: sandbox.newApi.restUrl,
    clientId: sandbox.newApi.clientId,
    clientRedirectUrl: sandbox.newApi.redirectUrl,
    language: 'en',
    ...patch,
  };
}
