/**
 * A saved login's secret goes only where it was sealed for (issue 27, item 1). Another program
 * that can write the accounts file but not read the keyring changes one address in it (the REST
 * base, the authorization server or the socket) to its own listener; at the next start the app must
 * not open the secret for that address: the listener receives nothing, the accounts need a login,
 * and a notice says the saved addresses changed. End to end: the real core against the sandbox over
 * real sockets, the real vault on disk with a real AES cipher, a PAT, a current-API OAuth login and
 * legacy API tokens, each restarted after the file was edited.
 */
import fs from 'node:fs';

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { AppState } from '../../main/ipc/contract';
import { startSandbox } from '../../sandbox/index';
import type { SandboxHandle } from '../../sandbox/types';
import { AesCipher } from '../support/aes-cipher';
import { type Harness, harnessLeakSources, PRODUCTION_DEFAULTS, startHarness } from '../support/app-harness';
import { FormAuthWindow, type FormUser } from '../support/form-auth-window';
import { expectNoLeaks, knownSecrets } from '../support/leak-scan';
import { type RecordingListener, startRecordingListener } from '../support/recording-listener';
import { sealedAccounts } from '../support/store-file';
import { makeTempDir } from '../support/temp-dir';

let sandbox: SandboxHandle;
let listener: RecordingListener;
const open: Harness[] = [];
const created: Harness[] = [];
const dirs: string[] = [];
let user: FormUser = { email: '', password: '' };
const window = new FormAuthWindow(() => user);
// One keyring across the restart: the same passphrase gives the same key.
const cipher = () => new AesCipher({ passphrase: 'sealed-destination' });

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 2727 });
});
// Each test its own listener: what one heard says nothing of another.
beforeEach(async () => {
  listener = await startRecordingListener();
});
afterEach(async () => {
  for (const h of created.splice(0)) expectNoLeaks(harnessLeakSources(h), knownSecrets(sandbox, h.received), 1);
  await Promise.all(open.splice(0).map((h) => h.close()));
  await listener.close();
});
afterAll(async () => {
  await sandbox?.close();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

async function start(dir: string): Promise<Harness> {
  // "Deriv" mode is the sandbox here (its addresses are loopback http, which the address rule allows).
  const productionDefaults = {
    ...PRODUCTION_DEFAULTS,
    appId: sandbox.appId,
    wsUrl: sandbox.wsUrl,
    oauthUrl: sandbox.oauthUrl,
    issuer: sandbox.issuer,
    redirectUrl: sandbox.redirectUrl,
    authServerUrl: sandbox.newApi.issuer,
    restUrl: sandbox.newApi.restUrl,
  };
  const h = await startHarness({
    sandbox,
    window,
    dir,
    cipher: cipher(),
    defaultMode: 'unconfigured',
    productionDefaults,
  });
  open.push(h);
  created.push(h);
  return h;
}

async function restart(h: Harness): Promise<void> {
  await h.close();
  open.splice(open.indexOf(h), 1);
}

const online = (s: AppState) => s.connection.status === 'online' && s.accounts.some((a) => a.authorized);

/** Another program's edit: one settings field of the file, nothing else. */
function editSettings(h: Harness, patch: Record<string, string>): void {
  const doc = JSON.parse(fs.readFileSync(h.storePath, 'utf8')) as { settings: Record<string, unknown> };
  doc.settings = { ...doc.settings, ...patch };
  fs.writeFileSync(h.storePath, JSON.stringify(doc));
}

/** Signs in with the sandbox's PAT on the current API, online and sealed on disk; returns the account ids. */
async function patLogin(h: Harness): Promise<string[]> {
  const api = sandbox.newApi;
  await h.controller.handlers().chooseMode({ mode: 'deriv', api: 'current', clientId: '', clientRedirectUrl: '' });
  await h.controller.handlers().signIn({ api: 'current', method: 'pat', token: api.users[0]!.pat, appId: api.appId });
  await h.waitFor((s) => online(s) && s.persistence.tokensPersisted, 20_000);
  return h.controller.state().accounts.map((a) => a.accountId);
}

/** Signs in through the current API's OAuth page, online and its refresh token sealed on disk. */
async function oauthLogin(h: Harness): Promise<string[]> {
  const api = sandbox.newApi;
  user = { email: api.users[0]!.email, password: api.users[0]!.password, action: 'approve' };
  await h.controller
    .handlers()
    .chooseMode({ mode: 'deriv', api: 'current', clientId: api.clientId, clientRedirectUrl: api.redirectUrl });
  await h.controller.handlers().signIn({ api: 'current', method: 'oauth' });
  await h.waitFor((s) => online(s) && s.persistence.tokensPersisted, 30_000);
  return h.controller.state().accounts.map((a) => a.accountId);
}

/** Pastes two of the sandbox's legacy API tokens, online and sealed on disk. */
async function apiTokenLogin(h: Harness): Promise<string[]> {
  const [usd, btc] = sandbox.users[0]!.apiTokens;
  await h.controller.handlers().chooseMode({ mode: 'deriv', appId: sandbox.appId, redirectUrl: sandbox.redirectUrl });
  await h.controller.handlers().signIn({ api: 'legacy', method: 'api_token', tokens: `${usd!.token}\n${btc!.token}` });
  await h.waitFor((s) => online(s) && s.accounts.every((a) => a.authorized) && s.persistence.tokensPersisted, 20_000);
  return h.controller.state().accounts.map((a) => a.accountId);
}

/**
 * After the restart on the edited file: the accounts are kept and need a login for that reason, a
 * notice names them, and nothing was sent anywhere. No backend was even started (the connection is
 * idle: nothing usable to open), so the listener's silence is not a matter of timing.
 */
function expectNotSent(state: AppState, accounts: string[], sealedBefore: number): void {
  expect(state.connection).toEqual({ status: 'idle' });
  expect(state.accounts.map((a) => [a.accountId, a.needsLogin, a.needsLoginReason])).toEqual(
    accounts.map((id) => [id, true, 'destination_changed']),
  );
  expect(state.notices.filter((n) => n.code === 'saved_addresses_changed')).toEqual([
    expect.objectContaining({ level: 'warning', params: { accounts } }),
  ]);
  expect(listener.accepted).toBe(0);
  expect(listener.received()).toBe('');
  // Not used, not destroyed: the sealed secrets are still on disk (useless without the keyring).
  expect(sealedBefore).toBeGreaterThan(0);
}

const sealedCount = (h: Harness) =>
  sealedAccounts(JSON.parse(fs.readFileSync(h.storePath, 'utf8')) as Record<string, unknown>).filter(
    (a) => a.sealedToken !== null,
  ).length;

describe('a saved secret is not sent to an address changed in the file', () => {
  it('PAT: the REST base pointed at a listener → nothing sent, the accounts need a login, a notice says why', async () => {
    const dir = makeTempDir();
    dirs.push(dir);
    const first = await start(dir);
    const accounts = await patLogin(first);
    await restart(first);

    editSettings(first, { restUrl: listener.httpUrl });
    const again = await start(dir);
    expectNotSent(again.controller.state(), accounts, sealedCount(again));
    // The settings are shown as the file has them: the trader sees what changed.
    expect(again.controller.state().settings).toMatchObject({ api: 'current', restUrl: listener.httpUrl });
  });

  it.each(['authServerUrl', 'restUrl'] as const)(
    'current-API OAuth: the %s pointed at a listener → the refresh token is not sent there',
    async (field) => {
      const dir = makeTempDir();
      dirs.push(dir);
      const first = await start(dir);
      const accounts = await oauthLogin(first);
      await restart(first);

      editSettings(first, { [field]: listener.httpUrl });
      const again = await start(dir);
      expectNotSent(again.controller.state(), accounts, sealedCount(again));
    },
  );

  it('legacy API tokens: the socket pointed at a listener → no token is sent there', async () => {
    const dir = makeTempDir();
    dirs.push(dir);
    const first = await start(dir);
    const accounts = await apiTokenLogin(first);
    await restart(first);

    editSettings(first, { wsUrl: listener.wsUrl });
    const again = await start(dir);
    expectNotSent(again.controller.state(), accounts, sealedCount(again));
  });

  it("the grant's recorded destination edited too: the sealed one still says where → nothing sent", async () => {
    const dir = makeTempDir();
    dirs.push(dir);
    const first = await start(dir);
    const accounts = await patLogin(first);
    await restart(first);

    const doc = JSON.parse(fs.readFileSync(first.storePath, 'utf8')) as {
      settings: Record<string, unknown>;
      grants: { destination: { appId: string; urls: string[] } }[];
    };
    doc.settings.restUrl = listener.httpUrl;
    for (const g of doc.grants) g.destination.urls = [listener.httpUrl];
    fs.writeFileSync(first.storePath, JSON.stringify(doc));
    const again = await start(dir);
    expectNotSent(again.controller.state(), accounts, sealedCount(again));
  });

  it('an unchanged file restores the login and goes online (the check lets the right destination through)', async () => {
    const dir = makeTempDir();
    dirs.push(dir);
    const first = await start(dir);
    const accounts = await patLogin(first);
    await restart(first);

    const again = await start(dir);
    const state = await again.waitFor(online, 20_000);
    expect(state.accounts.map((a) => [a.accountId, a.needsLogin])).toEqual(accounts.map((id) => [id, false]));
    expect(state.notices.map((n) => n.code)).not.toContain('saved_addresses_changed');
  });

  it("a demo login follows the app's own sandbox to its new port after a restart (demo addresses are never the file's)", async () => {
    const dir = makeTempDir();
    dirs.push(dir);
    // Two runs of the embedded sandbox: the same seed (the same demo credentials), another port.
    const runs = [await startSandbox({ port: 0, seed: 3131 }), await startSandbox({ port: 0, seed: 3131 })];
    try {
      expect(runs[1]!.newApi.restUrl).not.toBe(runs[0]!.newApi.restUrl);
      const first = await startHarness({
        sandbox: runs[0]!,
        window,
        dir,
        cipher: cipher(),
        defaultMode: 'unconfigured',
      });
      open.push(first);
      const chosen = await first.controller.handlers().chooseMode({ mode: 'demo', api: 'current' });
      const pat = chosen.demo!.credentials.find((c) => c.kind === 'pat')!;
      await first.controller.handlers().signIn({ api: 'current', method: 'demo', id: pat.id });
      await first.waitFor((s) => online(s) && s.persistence.tokensPersisted, 20_000);
      const accounts = first.controller.state().accounts.map((a) => a.accountId);
      await restart(first);

      const again = await startHarness({
        sandbox: runs[1]!,
        window,
        dir,
        cipher: cipher(),
        defaultMode: 'unconfigured',
      });
      open.push(again);
      const state = await again.waitFor(online, 20_000);
      expect(state.settings).toMatchObject({ api: 'current', restUrl: runs[1]!.newApi.restUrl });
      expect(state.accounts.map((a) => [a.accountId, a.needsLogin])).toEqual(accounts.map((id) => [id, false]));
      expect(state.notices.map((n) => n.code)).not.toContain('saved_addresses_changed');
    } finally {
      await Promise.all(open.splice(0).map((h) => h.close()));
      await Promise.all(runs.map((r) => r.close()));
    }
  });
});
