/**
 * Each Deriv API's own sign-ins, through the controller against the sandbox: pasted API tokens are
 * the legacy API's and are refused with a typed error while the settings speak the current API
 * (nothing reaches either server); a PAT is the current API's and is refused on the legacy API. A
 * PAT-held account shows the app id its PAT was made for (not a secret), also after a restart and
 * when the sealed PAT can no longer be read, so that "log in again" pre-fills it.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { accountViews } from '../../main/core/app/account-views';
import type { Grant } from '../../main/core/grant';
import type { AppState } from '../../main/ipc/contract';
import { type SandboxHandle, startSandbox } from '../../sandbox/index';
import { AesCipher } from '../support/aes-cipher';
import {
  type Harness,
  harnessLeakSources,
  onSandboxCurrentApi,
  PRODUCTION_DEFAULTS,
  startHarness,
} from '../support/app-harness';
import { FormAuthWindow } from '../support/form-auth-window';
import { expectNoLeaks, knownSecrets, scanForLeaks } from '../support/leak-scan';
import { PASTED_MARKER, redactPasted } from '../support/pasted-secrets';
import { makeTempDir, removeDir } from '../support/temp-dir';

let sandbox: SandboxHandle;
const window = new FormAuthWindow(() => ({ email: '', password: '' }));
const open: Harness[] = [];
const dirs: string[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 1516 });
});
afterEach(async () => {
  for (const h of open) {
    expectNoLeaks(harnessLeakSources(h), knownSecrets(sandbox, h.received), 1);
  }
  await Promise.all(open.splice(0).map((h) => h.close()));
});
afterAll(async () => {
  await sandbox?.close();
  dirs.forEach(removeDir);
});

async function start(dir = makeTempDir('deriv-desktop-store-'), cipher?: AesCipher): Promise<Harness> {
  dirs.push(dir);
  const h = await startHarness({
    sandbox,
    window,
    dir,
    defaultMode: 'unconfigured',
    // "Deriv" on the legacy API points at the sandbox, never at the real Deriv.
    productionDefaults: { ...PRODUCTION_DEFAULTS, wsUrl: sandbox.wsUrl, oauthUrl: sandbox.oauthUrl },
    ...(cipher ? { cipher } : {}),
  });
  open.push(h);
  return h;
}

const online = (s: AppState) => s.connection.status === 'online' && s.accounts.some((a) => a.authorized);
const accountLists = () => sandbox.httpHits().filter((hit) => hit.method === 'GET' && /\/accounts$/.test(hit.path));

describe('each API signs in its own way', () => {
  // The validator admits API tokens for the legacy API and PATs for the current one only; what is
  // left is a sign-in sent for the API the renderer last saw, after the settings changed it.
  it("API tokens for the legacy API while the settings speak the current one: a typed 'wrong_api', nothing sent, held or stored", async () => {
    const h = await start();
    await onSandboxCurrentApi(h, sandbox, 'pat');
    const token = sandbox.users[0]!.apiTokens[0]!.token;
    const v3Before = sandbox.received().length;
    const state = await h.controller.handlers().signIn({ api: 'legacy', method: 'api_token', tokens: token });
    expect(state.login).toEqual({
      status: 'failed',
      method: 'api_token',
      error: { code: 'wrong_api', params: { position: null } },
      reloginFor: null,
    });
    expect(state.accounts).toEqual([]);
    expect(state.settings.api).toBe('current');
    // The token never went to the legacy server the app does not speak.
    expect(sandbox.received().slice(v3Before)).toEqual([]);
    expect(h.vault.persistence().tokensPersisted).toBe(false);
  });

  it("a PAT for the current API while the settings speak the legacy one: a typed 'wrong_api', no account list asked, nothing held", async () => {
    const h = await start();
    await h.controller.handlers().chooseMode({ mode: 'deriv', appId: sandbox.appId, redirectUrl: sandbox.redirectUrl });
    expect(h.controller.state().settings.api).toBe('legacy');
    const listsBefore = accountLists().length;
    const api = sandbox.newApi;
    const state = await h.controller
      .handlers()
      .signIn({ api: 'current', method: 'pat', token: api.users[0]!.pat, appId: api.appId });
    expect(state.login).toEqual({
      status: 'failed',
      method: 'pat',
      error: { code: 'wrong_api', params: {} },
      reloginFor: null,
    });
    expect(state.accounts).toEqual([]);
    expect(accountLists().length).toBe(listsBefore);
    // The same for the login window: the one rule, whatever the method.
    const windowsBefore = window.opened.length;
    const oauth = await h.controller.handlers().signIn({ api: 'current', method: 'oauth' });
    expect(oauth.login).toMatchObject({ status: 'failed', method: 'oauth', error: { code: 'wrong_api' } });
    expect(window.opened.length).toBe(windowsBefore);
  });

  it('on the legacy API, API tokens still sign in', async () => {
    const h = await start();
    await h.controller.handlers().chooseMode({ mode: 'deriv', appId: sandbox.appId, redirectUrl: sandbox.redirectUrl });
    const token = sandbox.users[0]!.apiTokens[0]!;
    await h.controller.handlers().signIn({ api: 'legacy', method: 'api_token', tokens: token.token });
    const state = await h.waitFor(online, 20_000);
    expect(state.login).toEqual({ status: 'idle' });
    expect(state.accounts.map((a) => [a.accountId, a.api, a.source, a.appId])).toEqual([
      [token.loginid, 'legacy', 'api_token', null],
    ]);
  });
});

describe("a PAT-held account's app id", () => {
  it('is shown with the account (not the settings’ client id), after a restart, and when the PAT is unreadable', async () => {
    const dir = makeTempDir('deriv-desktop-store-');
    const api = sandbox.newApi;
    const h = await start(dir);
    await onSandboxCurrentApi(h, sandbox, 'pat');
    await h.controller.handlers().saveSettings({ api: 'current', clientId: 'another-app' });
    await h.controller.handlers().signIn({ api: 'current', method: 'pat', token: api.users[0]!.pat, appId: api.appId });
    const signedIn = await h.waitFor(online, 20_000);
    expect(signedIn.accounts.length).toBeGreaterThan(0);
    expect(signedIn.accounts.every((a) => a.source === 'api_token' && a.appId === api.appId)).toBe(true);
    // The harness recorded the command without the PAT, its app id still in the leak scan's view.
    expect(h.payloads).toContainEqual({
      command: 'signIn',
      args: { api: 'current', method: 'pat', token: PASTED_MARKER, appId: api.appId },
    });
    await h.waitFor((s) => s.persistence.tokensPersisted, 10_000);
    await h.close();
    open.splice(open.indexOf(h), 1);

    const again = await start(dir);
    const restored = await again.waitFor(online, 20_000);
    expect(restored.accounts.map((a) => a.appId)).toEqual(signedIn.accounts.map(() => api.appId));
    await again.close();
    open.splice(open.indexOf(again), 1);

    // Another key: the sealed PAT cannot be read; the accounts need a login and keep their app id.
    const lost = await start(dir, new AesCipher({ passphrase: 'another-keyring' }));
    const needing = await lost.waitFor((s) => s.accounts.length > 0 && s.accounts.every((a) => a.needsLogin));
    expect(needing.accounts.map((a) => [a.needsLoginReason, a.appId])).toEqual(
      signedIn.accounts.map(() => ['decrypt_failed', api.appId]),
    );
  });

  it('is null for an OAuth credential and a legacy token (pure derivation)', () => {
    const base = {
      source: 'oauth' as const,
      scopes: null,
      currency: 'USD',
      isVirtual: true,
      isDisabled: false,
      landingCompanyName: null,
      accountType: 'demo',
      problem: null,
    };
    const grant = (
      id: string,
      api: 'legacy' | 'current',
      source: Grant['source'],
      credential: Grant['credential'],
      appId = '',
    ) => ({ id, api, source, destination: { appId, urls: [] }, credential, accountIds: [id] }) satisfies Grant;
    const views = accountViews(
      {
        accounts: [
          { ...base, api: 'current', accountId: 'DOT1', grantId: 'DOT1' },
          { ...base, api: 'current', source: 'api_token', accountId: 'DOT2', grantId: 'DOT2' },
          { ...base, api: 'current', source: 'api_token', accountId: 'DOT3', grantId: 'DOT3' },
          { ...base, api: 'legacy', accountId: 'VRTC1', grantId: 'VRTC1' },
        ],
        grants: [
          grant(
            'DOT1',
            'current',
            'oauth',
            { kind: 'oauth', accessToken: '', refreshToken: 'r', expiresAt: 0 },
            'client',
          ),
          grant('DOT2', 'current', 'pat', { kind: 'pat', token: 'p', appId: 'app-7' }, 'app-7'),
          // The PAT could not be read: its login still knows the app id it was made for.
          grant('DOT3', 'current', 'pat', null, 'app-8'),
          grant('VRTC1', 'legacy', 'oauth', { kind: 'tokens', tokens: { VRTC1: 't' } }, '1089'),
        ],
      },
      null,
    );
    expect(views.map((v) => [v.accountId, v.appId])).toEqual([
      ['DOT1', null],
      ['DOT2', 'app-7'],
      ['DOT3', 'app-8'],
      ['VRTC1', null],
    ]);
  });
});

describe('the record of a pasted secret (test harness and e2e bridge)', () => {
  const pat = () => sandbox.newApi.users[0]!.pat;
  const token = () => sandbox.users[0]!.apiTokens[0]!.token;
  const secrets = () => knownSecrets(sandbox);

  it("leaves out only the pasted field of the two pasting sign-in methods' arguments", () => {
    const records = [
      { command: 'signIn', args: redactPasted('signIn', { api: 'current', method: 'pat', token: pat(), appId: '1' }) },
      {
        command: 'signIn',
        args: redactPasted('signIn', { api: 'legacy', method: 'api_token', tokens: `${token()}\n` }),
      },
    ];
    expect(records.map((r) => r.args)).toEqual([
      { api: 'current', method: 'pat', token: PASTED_MARKER, appId: '1' },
      { api: 'legacy', method: 'api_token', tokens: PASTED_MARKER },
    ]);
    expect(scanForLeaks({ payloads: records }, secrets())).toEqual([]);
  });

  it('keeps a secret anywhere else in the scan: another field, another command, a malformed argument', () => {
    const leaking = [
      redactPasted('signIn', { api: 'current', method: 'pat', token: 'x', appId: pat() }),
      redactPasted('saveSettings', { clientId: pat() }),
      redactPasted('signIn', { api: 'legacy', method: 'api_token', token: token() }),
      redactPasted('signIn', { api: 'legacy', method: 'pat', tokens: token() }),
      redactPasted('signIn', token()),
      redactPasted('signIn', { api: 'legacy', method: 'oauth', tokens: token() }),
      redactPasted('signInWithPat', { token: token() }),
    ];
    for (const payload of leaking)
      expect(scanForLeaks({ payloads: [payload] }, secrets()).length, JSON.stringify(payload)).toBeGreaterThan(0);
  });
});
