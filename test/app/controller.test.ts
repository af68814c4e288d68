/**
 * The app core as the renderer drives it, against the sandbox over real sockets, with the real
 * vault on disk: login, switching, restart, revoked tokens, logout, forget, and a scan proving no
 * token ever reaches anything published to the renderer.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import type { LoginOutcome } from '../../main/core/app/ports';
import { revokeLegacyTokens, runLogin } from '../../main/core/auth/login';
import { type AccountsBackend, BackendError, type BackendView } from '../../main/core/backend/port';
import { MAX_ACCOUNTS_PER_SOCKET } from '../../main/core/model';
import { type SandboxHandle, startSandbox } from '../../sandbox/index';
import { AesCipher } from '../support/aes-cipher';
import { type Harness, harnessLeakSources, PRODUCTION_DEFAULTS, startHarness } from '../support/app-harness';
import { FormAuthWindow, type FormUser } from '../support/form-auth-window';
import { expectNoLeaks, knownSecrets, scanForLeaks } from '../support/leak-scan';
import { startRecordingListener } from '../support/recording-listener';
import { makeTempDir, removeDir } from '../support/temp-dir';
import { sealedAccounts } from '../vault/helpers';

let sandbox: SandboxHandle;
let user: FormUser;
const window = new FormAuthWindow(() => user);
/** Harnesses still to close after the test. */
const open: Harness[] = [];
/** Every harness the test started, closed ones included: all of them are scanned for leaks. */
const started: Harness[] = [];
const dirs: string[] = [];

async function harness(opts: Partial<Parameters<typeof startHarness>[0]> = {}): Promise<Harness> {
  const h = await startHarness({ sandbox, window, ...opts });
  open.push(h);
  started.push(h);
  return h;
}

/** Every secret the sandbox minted and every one the test's cores received. */
const secrets = () =>
  knownSecrets(
    sandbox,
    started.flatMap((h) => h.received),
  );
/** The leaks in one text (a store file). */
const leaksIn = (text: string) => scanForLeaks({ logs: [text] }, secrets());

const post = (path: string, body: unknown = {}) =>
  fetch(`${sandbox.httpUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

const multi = () => sandbox.users.find((u) => u.accounts.length > 1)!;
const authorizeCount = () => sandbox.received().filter((m) => 'authorize' in m.request).length;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 7 });
});
afterEach(async () => {
  // Closed first, whatever happens next: a failing scan must not leave cores running into the
  // next tests (their failures would bury the real one).
  const closed = await Promise.allSettled(open.splice(0).map((h) => h.close()));
  try {
    // Whatever the test did, no secret reached the renderer (states, command answers), the logs or the disk.
    const known = secrets();
    for (const h of started) {
      expectNoLeaks(harnessLeakSources(h), known);
    }
    expect(closed.filter((c) => c.status === 'rejected')).toEqual([]);
  } finally {
    started.length = 0;
    await post('/__sandbox/reset');
  }
});
afterAll(async () => {
  await sandbox.close();
  dirs.forEach(removeDir);
});

function loginAs(u: { email: string; password: string }, action: 'approve' | 'deny' = 'approve') {
  user = { email: u.email, password: u.password, action };
}

describe('app controller against the sandbox', () => {
  it('starts in demo mode with the demo users shown and nothing logged in', async () => {
    const h = await harness();
    const state = h.controller.state();
    expect(state.mode).toBe('demo');
    expect(state.settingsByApi.legacy.wsUrl).toBe(sandbox.wsUrl);
    expect(state.demo?.users.map((u) => u.email)).toEqual(sandbox.users.map((u) => u.email));
    expect(state.accounts).toEqual([]);
    expect(state.connection.status).toBe('idle');
  });

  it('logs in (legacy), authorizes every account at once, shows balances and switches without a round trip', async () => {
    const h = await harness();
    const u = multi();
    loginAs(u);
    const afterLogin = await h.controller.handlers().signIn({ api: 'legacy', method: 'oauth' });
    expect(afterLogin.login).toEqual({ status: 'idle' });
    const enabled = u.accounts.filter((a) => a.is_disabled === 0);
    const online = await h.waitFor(
      (s) => s.connection.status === 'online' && s.accounts.every((a) => a.balance !== null),
    );
    expect(online.accounts.map((a) => a.accountId)).toEqual(enabled.map((a) => a.loginid));
    expect(online.accounts.every((a) => a.authorized && !a.needsLogin)).toBe(true);
    expect(online.activeAccountId).toBe(enabled[0]!.loginid);
    expect(online.details?.facts.length).toBeGreaterThanOrEqual(enabled.length);
    expect(online.details).toMatchObject({ api: 'legacy', primaryAccountId: enabled[0]!.loginid });
    const virtual = online.accounts.find((a) => a.accountId.startsWith('VR'));
    expect(virtual?.isVirtual).toBe(true);

    const before = authorizeCount();
    const target = enabled[1]!.loginid;
    await h.controller.handlers().switchAccount({ accountId: target });
    expect(h.controller.state().activeAccountId).toBe(target);
    expect(authorizeCount()).toBe(before);

    await post('/__sandbox/balance', { loginid: target, balance: 4321.5 });
    await h.waitFor((s) => s.accounts.find((a) => a.accountId === target)?.balance === '4321.5');
    expect(scanForLeaks({ states: h.states }, secrets())).toEqual([]);
  });

  it('restores the accounts after a restart, authorized again, on the last active account', async () => {
    const dir = makeTempDir('deriv-desktop-store-');
    dirs.push(dir);
    const first = await harness({ dir });
    loginAs(multi());
    await first.controller.handlers().signIn({ api: 'legacy', method: 'oauth' });
    // Accounts reach the disk once Deriv has accepted their tokens.
    await first.waitFor((st) => st.connection.status === 'online' && st.persistence.tokensPersisted);
    const target = multi().accounts.filter((a) => a.is_disabled === 0)[1]!.loginid;
    await first.controller.handlers().switchAccount({ accountId: target });
    await first.close();
    open.splice(open.indexOf(first), 1);

    const raw = readFileSync(first.storePath, 'utf8');
    expect(leaksIn(raw)).toEqual([]);

    const second = await harness({ dir });
    const restored = await second.waitFor(
      (s) => s.connection.status === 'online' && s.accounts.every((a) => a.authorized),
    );
    expect(restored.activeAccountId).toBe(target);
    expect(restored.accounts.length).toBe(multi().accounts.filter((a) => a.is_disabled === 0).length);
  });

  it('after fast switches a restart opens the last one, with the last balances shown at once as not live', async () => {
    const dir = makeTempDir('deriv-desktop-store-');
    dirs.push(dir);
    const first = await harness({ dir });
    loginAs(multi());
    await first.controller.handlers().signIn({ api: 'legacy', method: 'oauth' });
    const enabled = multi().accounts.filter((a) => a.is_disabled === 0);
    const live = await first.waitFor(
      (st) =>
        st.connection.status === 'online' && st.persistence.tokensPersisted && st.accounts.every((a) => a.balanceLive),
    );
    expect(live.accounts.every((a) => typeof a.balanceAt === 'number')).toBe(true);
    // Switches as fast as the handlers take them; each one is published before its answer.
    const presses = [1, 2, 0, 2, 1, 0, 1, 2].map((i) => enabled[i % enabled.length]!.loginid);
    for (const accountId of presses) {
      const published = first.states.length;
      await first.controller.handlers().switchAccount({ accountId });
      expect(first.states.slice(published).map((s) => s.activeAccountId)).toContain(accountId);
    }
    await first.close();
    open.splice(open.indexOf(first), 1);

    const second = await harness({ dir });
    // Before any answer from Deriv: the accounts with what they showed last, not live.
    const restored = second.controller.state();
    expect(restored.connection.status).not.toBe('online');
    expect(restored.activeAccountId).toBe(presses.at(-1));
    expect(restored.accounts.map((a) => [a.accountId, a.balance, a.balanceAt, a.balanceLive])).toEqual(
      live.accounts.map((a) => [a.accountId, a.balance, a.balanceAt, false]),
    );
    const again = await second.waitFor(
      (s) => s.connection.status === 'online' && s.accounts.every((a) => a.balanceLive),
    );
    expect(again.activeAccountId).toBe(presses.at(-1));
  });

  it('marks the account whose token was revoked as needing a login, keeps the others, and a new login fixes it', async () => {
    const h = await harness();
    const u = multi();
    loginAs(u);
    await h.controller.handlers().signIn({ api: 'legacy', method: 'oauth' });
    await h.waitFor((s) => s.connection.status === 'online');
    const victim = u.accounts.filter((a) => a.is_disabled === 0)[1]!;
    await post('/__sandbox/revoke', { loginid: victim.loginid });
    await post('/__sandbox/drop');
    const marked = await h.waitFor(
      (s) =>
        s.accounts.find((a) => a.accountId === victim.loginid)?.needsLogin === true && s.connection.status === 'online',
    );
    expect(
      marked.accounts.filter((a) => a.accountId !== victim.loginid).every((a) => a.authorized && !a.needsLogin),
    ).toBe(true);

    await post('/__sandbox/reset');
    const relogged = await h.controller
      .handlers()
      .signIn({ api: 'legacy', method: 'oauth', reloginFor: victim.loginid });
    expect(relogged.login.status).toBe('idle');
    await h.waitFor((s) => s.accounts.every((a) => a.authorized && !a.needsLogin));
    expect(h.controller.state().activeAccountId).toBe(victim.loginid);
  });

  it('reports a denied login clearly and stores nothing', async () => {
    const h = await harness();
    loginAs(multi(), 'deny');
    const state = await h.controller.handlers().signIn({ api: 'legacy', method: 'oauth' });
    expect(state.login).toMatchObject({ status: 'failed', error: { code: 'provider_error' } });
    expect(state.accounts).toEqual([]);
    expect(existsSync(h.storePath) ? leaksIn(readFileSync(h.storePath, 'utf8')) : []).toEqual([]);
  });

  it('logs out of one account, then of all: tokens gone from the store, login window data cleared', async () => {
    const h = await harness();
    const u = multi();
    loginAs(u);
    await h.controller.handlers().signIn({ api: 'legacy', method: 'oauth' });
    await h.waitFor((s) => s.connection.status === 'online');
    const [first, ...rest] = u.accounts.filter((a) => a.is_disabled === 0);
    const afterOne = await h.controller.handlers().logout({ accountId: first!.loginid });
    expect(afterOne.accounts.map((a) => a.accountId)).toEqual(rest.map((a) => a.loginid));
    await h.waitFor((s) => s.connection.status === 'online' && s.accounts.every((a) => a.authorized));

    const afterAll = await h.controller.handlers().logout(undefined);
    expect(afterAll.accounts).toEqual([]);
    expect(afterAll.connection.status).toBe('idle');
    expect(sandbox.received().some((m) => 'logout' in m.request)).toBe(true);
    expect(h.shell.loginDataCleared).toBeGreaterThan(0);
    const stored = JSON.parse(readFileSync(h.storePath, 'utf8')) as { accounts?: unknown[] };
    expect(stored.accounts ?? []).toEqual([]);
  });

  it('forgets everything: store wiped, back to the first run', async () => {
    const h = await harness({ defaultMode: 'unconfigured' });
    await h.controller.handlers().chooseMode({ mode: 'demo' });
    loginAs(multi());
    await h.controller.handlers().signIn({ api: 'legacy', method: 'oauth' });
    const state = await h.controller.handlers().forgetEverything();
    expect(state.mode).toBe('unconfigured');
    expect(state.accounts).toEqual([]);
    const restarted = await harness({ dir: h.dir, defaultMode: 'unconfigured' });
    expect(restarted.controller.state().mode).toBe('unconfigured');
    expect(restarted.controller.state().accounts).toEqual([]);
  });

  it('does not connect with stored settings that break the address rule: a notice, no connection, the tokens kept', async () => {
    const dir = makeTempDir('deriv-desktop-store-');
    dirs.push(dir);
    const first = await harness({ dir });
    loginAs(multi());
    await first.controller.handlers().signIn({ api: 'legacy', method: 'oauth' });
    await first.waitFor((st) => st.connection.status === 'online' && st.persistence.tokensPersisted);
    const held = first.controller.state().accounts.map((a) => a.accountId);
    await first.close();
    open.splice(open.indexOf(first), 1);

    // Another program rewrites the settings: the tokens would go in clear text to a foreign host.
    const doc = JSON.parse(readFileSync(first.storePath, 'utf8')) as { settings: Record<string, unknown> };
    doc.settings = { ...doc.settings, mode: 'deriv', wsUrl: 'ws://203.0.113.5/websockets/v3' };
    writeFileSync(first.storePath, JSON.stringify(doc));
    const before = authorizeCount();

    const second = await harness({ dir });
    const state = second.controller.state();
    expect(state.notices.map((n) => n.code)).toContain('settings_refused');
    expect(state.mode).toBe('unconfigured');
    expect(state.connection).toEqual({ status: 'idle' });
    expect(state.settingsByApi.legacy.wsUrl).not.toContain('203.0.113.5');
    expect(state.accounts.map((a) => a.accountId)).toEqual(held);
    expect(authorizeCount()).toBe(before);
    // Nothing lost: the sealed tokens are still on disk, for when the user chooses where to connect.
    const stored = sealedAccounts(JSON.parse(readFileSync(first.storePath, 'utf8')) as Record<string, unknown>);
    expect(stored.map((a) => a.accountId)).toEqual(held);
    expect(stored.every((a) => a.sealedToken !== null)).toBe(true);
  });

  it('logging out one account while the stored settings are refused connects nowhere (not even to the defaults)', async () => {
    const dir = makeTempDir('deriv-desktop-store-');
    dirs.push(dir);
    const first = await harness({ dir });
    loginAs(multi());
    await first.controller.handlers().signIn({ api: 'legacy', method: 'oauth' });
    await first.waitFor((st) => st.connection.status === 'online' && st.persistence.tokensPersisted);
    const held = first.controller.state().accounts.map((a) => a.accountId);
    expect(held.length).toBeGreaterThan(1);
    await first.close();
    open.splice(open.indexOf(first), 1);
    const doc = JSON.parse(readFileSync(first.storePath, 'utf8')) as { settings: Record<string, unknown> };
    doc.settings = { ...doc.settings, mode: 'deriv', wsUrl: 'ws://203.0.113.5/websockets/v3' };
    writeFileSync(first.storePath, JSON.stringify(doc));

    // The app's own defaults are a listener here: whatever is sent to "production" would reach it.
    const listener = await startRecordingListener();
    try {
      const second = await harness({
        dir,
        productionDefaults: { ...PRODUCTION_DEFAULTS, appId: sandbox.appId, wsUrl: listener.wsUrl },
      });
      expect(second.controller.state().mode).toBe('unconfigured');
      const before = authorizeCount();
      const state = await second.controller.handlers().logout({ accountId: held[0]! });
      expect(state.accounts.map((a) => a.accountId)).toEqual(held.slice(1));
      // No backend was started for the accounts left (it would show as connecting at once), so
      // nothing can reach the listener or the sandbox later either.
      expect(second.controller.state().connection).toEqual({ status: 'idle' });
      expect(listener.accepted).toBe(0);
      expect(authorizeCount()).toBe(before);
    } finally {
      await listener.close();
    }
  });

  it('starts clean and says so when the store file is corrupt', async () => {
    const dir = makeTempDir('deriv-desktop-store-');
    dirs.push(dir);
    writeFileSync(`${dir}/accounts.json`, '{"schemaVersion": 3, "accounts": [ {"loginid": ');
    const h = await harness({ dir });
    const state = h.controller.state();
    expect(state.notices.map((n) => n.code)).toContain('store_corrupt');
    expect(state.accounts).toEqual([]);
  });

  it('keeps tokens in memory only without a real keyring, until the user agrees', async () => {
    const h = await harness({ cipher: new AesCipher({ backend: 'basic_text' }), confirm: 'yes' });
    loginAs(multi());
    await h.controller.handlers().signIn({ api: 'legacy', method: 'oauth' });
    const state = await h.waitFor((s) => s.connection.status === 'online');
    expect(state.persistence).toMatchObject({ encryptionAvailable: false, tokensPersisted: false });
    const consented = await h.controller.handlers().setPlaintextConsent({ allow: true });
    expect(consented.persistence).toMatchObject({ plaintextConsent: true, tokensPersisted: true });
  });

  it('refuses to open links that are not allow-listed', async () => {
    const h = await harness();
    await expect(h.controller.handlers().openExternal({ url: 'https://evil.example/' })).rejects.toThrow(
      /not on the list/,
    );
    await h.controller.handlers().openExternal({ url: 'https://api.deriv.com/dashboard' });
    expect(h.shell.opened).toEqual(['https://api.deriv.com/dashboard']);
  });
});

/** A login window that holds the redirect until the test releases it (to act meanwhile). */
function heldWindow() {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  return {
    release,
    window: {
      async open(url: string, redirectUrl: string, signal: AbortSignal) {
        const redirect = await window.open(url, redirectUrl, signal);
        await gate;
        return redirect;
      },
    },
  };
}

describe('app controller: failure paths and races', () => {
  it('starts an installed app with nothing configured (no redirect URL yet) on the first-run screen', async () => {
    const h = await harness({
      defaultMode: 'unconfigured',
      productionDefaults: { ...PRODUCTION_DEFAULTS, redirectUrl: '' },
    });
    expect(h.controller.state()).toMatchObject({ mode: 'unconfigured', accounts: [], notices: [] });
    const refused = await h.controller.handlers().signIn({ api: 'legacy', method: 'oauth' });
    expect(refused.login).toMatchObject({ status: 'failed', error: { code: 'not_configured' } });
  });

  it('does not hang a login while Deriv refuses connections, and stores nothing until the tokens are accepted', async () => {
    const h = await harness();
    await post('/__sandbox/refuse', { on: true });
    loginAs(multi());
    const state = await h.controller.handlers().signIn({ api: 'legacy', method: 'oauth' });
    expect(state.login).toEqual({ status: 'idle' });
    await h.waitFor((s) => s.connection.status === 'reconnecting');
    expect(h.controller.state().persistence.tokensPersisted).toBe(false);
    expect(existsSync(h.storePath) ? leaksIn(readFileSync(h.storePath, 'utf8')) : []).toEqual([]);
    expect(h.vault.persistence().tokensPersisted).toBe(false);

    await post('/__sandbox/refuse', { on: false });
    await h.controller.handlers().retryConnection();
    await h.waitFor((s) => s.connection.status === 'online' && s.persistence.tokensPersisted);
  });

  it('lets the user log in again after every saved token was refused', async () => {
    const dir = makeTempDir('deriv-desktop-store-');
    dirs.push(dir);
    const first = await harness({ dir });
    loginAs(multi());
    await first.controller.handlers().signIn({ api: 'legacy', method: 'oauth' });
    await first.waitFor((s) => s.connection.status === 'online' && s.persistence.tokensPersisted);
    await first.close();
    open.splice(open.indexOf(first), 1);

    for (const account of multi().accounts.filter((a) => !a.is_disabled))
      await post('/__sandbox/revoke', { loginid: account.loginid });
    const second = await harness({ dir });
    await second.waitFor((s) => s.accounts.length > 0 && s.accounts.every((a) => a.needsLogin));
    await post('/__sandbox/reset');
    const relogged = await second.controller.handlers().signIn({ api: 'legacy', method: 'oauth' });
    expect(relogged.login).toEqual({ status: 'idle' });
    await second.waitFor(
      (s) => s.connection.status === 'online' && s.accounts.every((a) => a.authorized && !a.needsLogin),
    );
  });

  it('drops the outcome of a login that a logout overtook: nothing held, nothing stored', async () => {
    const held = heldWindow();
    const h = await harness({ window: held.window });
    loginAs(multi());
    const login = h.controller.handlers().signIn({ api: 'legacy', method: 'oauth' });
    await h.waitFor((s) => s.login.status === 'waiting');
    const sinceLogout = h.states.length;
    await h.controller.handlers().logout(undefined);
    held.release();
    const state = await login;
    expect(state.accounts).toEqual([]);
    expect(state.login).toMatchObject({ status: 'failed', error: { code: 'cancelled' } });
    // No fixed wait for a late effect: shut the core down (its warm socket and backend closed,
    // awaited), then every state it published from the logout on is the whole story.
    await h.close();
    open.splice(open.indexOf(h), 1);
    const after = h.states.slice(sinceLogout);
    expect(after.length).toBeGreaterThan(0);
    expect(after.filter((s) => s.accounts.length > 0 || s.connection.status !== 'idle')).toEqual([]);
    const stored = existsSync(h.storePath)
      ? (JSON.parse(readFileSync(h.storePath, 'utf8')) as { accounts?: unknown[] })
      : {};
    expect(stored.accounts ?? []).toEqual([]);
  });

  it('logs out instead of sending the tokens to a new server address', async () => {
    const h = await harness({ defaultMode: 'unconfigured', confirm: 'yes' });
    await h.controller.handlers().chooseMode({ mode: 'deriv', appId: '1089', redirectUrl: sandbox.redirectUrl });
    await h.controller
      .handlers()
      .saveSettings({ api: 'legacy', wsUrl: sandbox.wsUrl, oauthUrl: sandbox.oauthUrl, issuer: sandbox.issuer });
    loginAs(multi());
    await h.controller.handlers().signIn({ api: 'legacy', method: 'oauth' });
    await h.waitFor((s) => s.connection.status === 'online');
    const connectionsBefore = new Set(sandbox.received().map((m) => m.connectionId)).size;
    const moved = await h.controller
      .handlers()
      .saveSettings({ api: 'legacy', wsUrl: 'wss://ws.example.com/websockets/v3' });
    expect(moved.accounts).toEqual([]);
    expect(moved.connection.status).toBe('idle');
    expect(moved.notices.map((n) => n.code)).toContain('endpoint_changed');
    expect(new Set(sandbox.received().map((m) => m.connectionId)).size).toBe(connectionsBefore);
  });

  it('a new install defaults to the current API, but choosing Deriv with an app_id means the legacy API; the choice survives leaving demo mode', async () => {
    const h = await harness({
      defaultMode: 'unconfigured',
      productionDefaults: { ...PRODUCTION_DEFAULTS, api: 'current', clientId: 'my-app', clientRedirectUrl: '' },
    });
    expect(h.controller.state().settings.api).toBe('current');
    const chosen = await h.controller
      .handlers()
      .chooseMode({ mode: 'deriv', appId: '1089', redirectUrl: sandbox.redirectUrl });
    expect(chosen.settings).toMatchObject({ api: 'legacy', appId: '1089' });
    expect(chosen.settingsByApi.current.clientId).toBe('my-app');
    await h.controller.handlers().chooseMode({ mode: 'demo' });
    const back = await h.controller
      .handlers()
      .chooseMode({ mode: 'deriv', appId: '1089', redirectUrl: sandbox.redirectUrl });
    expect(back.settings).toMatchObject({ api: 'legacy', wsUrl: PRODUCTION_DEFAULTS.wsUrl });
    expect(back.settingsByApi.current.clientId).toBe('my-app');
  });

  it.each([
    [{ api: 'current' as const }],
    [{ api: 'current' as const, restUrl: 'https://api.example.com' }],
    [{ api: 'current' as const, clientId: 'other-app' }],
  ])('logs out when the API or a current-API endpoint changes (%j), as for a new server address', async (patch) => {
    const h = await harness({ defaultMode: 'unconfigured', confirm: 'yes' });
    await h.controller.handlers().chooseMode({ mode: 'deriv', appId: '1089', redirectUrl: sandbox.redirectUrl });
    await h.controller
      .handlers()
      .saveSettings({ api: 'legacy', wsUrl: sandbox.wsUrl, oauthUrl: sandbox.oauthUrl, issuer: sandbox.issuer });
    loginAs(multi());
    await h.controller.handlers().signIn({ api: 'legacy', method: 'oauth' });
    await h.waitFor((s) => s.connection.status === 'online');
    const moved = await h.controller.handlers().saveSettings(patch);
    expect(moved.accounts).toEqual([]);
    expect(moved.notices.map((n) => n.code)).toContain('endpoint_changed');
  });

  it('tells the user when a token could not be encrypted for storage', async () => {
    const h = await harness({ cipher: new AesCipher({ failEncrypt: true }) });
    loginAs(multi());
    await h.controller.handlers().signIn({ api: 'legacy', method: 'oauth' });
    const state = await h.waitFor(
      (s) => s.notices.some((n) => n.code === 'token_encrypt_failed') && s.connection.status === 'online',
    );
    expect(state.accounts.every((a) => a.authorized)).toBe(true);
    expect(scanForLeaks({ states: [state] }, secrets())).toEqual([]);
  });

  it('keeps tokens off the disk without a real keyring (scanning the file), and writes them once the user agrees', async () => {
    const h = await harness({ cipher: new AesCipher({ backend: 'basic_text' }), confirm: 'yes' });
    loginAs(multi());
    await h.controller.handlers().signIn({ api: 'legacy', method: 'oauth' });
    const online = await h.waitFor((s) => s.connection.status === 'online' && s.accounts.every((a) => a.authorized));
    const sealedCount = (text: string) =>
      sealedAccounts(JSON.parse(text) as Record<string, unknown>).filter((a) => a.sealedToken !== null).length;
    // Wait for the write that follows the authorize (the accounts, without their tokens), not a fixed time.
    const stored = () =>
      existsSync(h.storePath)
        ? (
            (JSON.parse(readFileSync(h.storePath, 'utf8')) as { accounts?: { accountId: string }[] }).accounts ?? []
          ).map((a) => a.accountId)
        : [];
    await expect.poll(stored, { timeout: 10_000 }).toEqual(online.accounts.map((a) => a.accountId));
    expect(sealedCount(readFileSync(h.storePath, 'utf8'))).toBe(0);
    await h.controller.handlers().setPlaintextConsent({ allow: true });
    expect(sealedCount(readFileSync(h.storePath, 'utf8'))).toBeGreaterThan(0);
  });
});

describe('app controller: one rule for where tokens go, flags on disk, one notice per problem', () => {
  it('choosing Deriv mode again with a new app id logs out first (the tokens were issued for the old one)', async () => {
    const h = await harness({ defaultMode: 'unconfigured' });
    await h.controller.handlers().chooseMode({ mode: 'deriv', appId: '1089', redirectUrl: sandbox.redirectUrl });
    await h.controller
      .handlers()
      .saveSettings({ api: 'legacy', wsUrl: sandbox.wsUrl, oauthUrl: sandbox.oauthUrl, issuer: sandbox.issuer });
    loginAs(multi());
    await h.controller.handlers().signIn({ api: 'legacy', method: 'oauth' });
    await h.waitFor((s) => s.connection.status === 'online' && s.persistence.tokensPersisted);
    const connectionsBefore = new Set(sandbox.received().map((m) => m.connectionId)).size;

    const moved = await h.controller
      .handlers()
      .chooseMode({ mode: 'deriv', appId: '2024', redirectUrl: sandbox.redirectUrl });
    expect(moved.settingsByApi.legacy.appId).toBe('2024');
    expect(moved.accounts).toEqual([]);
    expect(moved.connection.status).toBe('idle');
    expect(moved.notices.map((n) => n.code)).toEqual(['endpoint_changed']);
    const stored = JSON.parse(readFileSync(h.storePath, 'utf8')) as { accounts?: unknown[] };
    expect(stored.accounts ?? []).toEqual([]);
    expect(new Set(sandbox.received().map((m) => m.connectionId)).size).toBe(connectionsBefore);
  });

  it('after a login, accounts.json carries the flags of the first authorize (landing company, type, virtual)', async () => {
    const h = await harness();
    const u = multi();
    loginAs(u);
    await h.controller.handlers().signIn({ api: 'legacy', method: 'oauth' });
    const online = await h.waitFor((s) => s.connection.status === 'online' && s.persistence.tokensPersisted);
    const stored = JSON.parse(readFileSync(h.storePath, 'utf8')) as {
      accounts: { accountId: string; landingCompanyName: string | null; isVirtual: boolean; api: string }[];
    };
    const enabled = u.accounts.filter((a) => a.is_disabled === 0);
    expect(stored.accounts.map((a) => a.accountId)).toEqual(enabled.map((a) => a.loginid));
    for (const account of enabled) {
      const fact = online.details?.facts.find((f) => f.accountId === account.loginid);
      expect(fact?.landingCompanyName).toMatch(/^[a-z]+$/);
      expect(stored.accounts.find((a) => a.accountId === account.loginid)).toMatchObject({
        api: 'legacy',
        landingCompanyName: fact!.landingCompanyName,
        isVirtual: account.is_virtual === 1,
      });
    }
  });

  it('a saved token that cannot be decrypted raises exactly one notice, once, naming the account', async () => {
    const dir = makeTempDir('deriv-desktop-store-');
    dirs.push(dir);
    const first = await harness({ dir, cipher: new AesCipher({ passphrase: 'old keyring' }) });
    loginAs(multi());
    await first.controller.handlers().signIn({ api: 'legacy', method: 'oauth' });
    await first.waitFor((s) => s.connection.status === 'online' && s.persistence.tokensPersisted);
    await first.close();
    open.splice(open.indexOf(first), 1);

    const second = await harness({ dir, cipher: new AesCipher({ passphrase: 'new keyring' }) });
    const refused = await second.waitFor((s) => s.accounts.length > 0 && s.accounts.every((a) => a.needsLogin));
    const named = refused.accounts.map((a) => a.accountId);
    // Then everything that could raise it again runs to its end: a new login of those accounts,
    // online, its tokens sealed and written next to the unreadable ones.
    await second.controller.handlers().signIn({ api: 'legacy', method: 'oauth' });
    await second.waitFor(
      (s) =>
        s.connection.status === 'online' && s.persistence.tokensPersisted && s.accounts.every((a) => !a.needsLogin),
    );
    const notices = second.controller.state().notices;
    expect(notices.map((n) => n.code)).toEqual(['token_decrypt_failed']);
    expect(notices[0]!.params).toEqual({ accounts: named });
    // Raised again, even with the same words, a notice gets a new id: one id over every state published.
    const ids = new Set([...second.states, second.controller.state()].flatMap((s) => s.notices.map((n) => n.id)));
    expect([...ids]).toEqual([notices[0]!.id]);
  });
});

describe('app controller: a login that races a change of destination', () => {
  it('drops a login that ended while the old destination was being logged out of', async () => {
    let entered!: () => void;
    const clearing = new Promise<void>((r) => (entered = r));
    let release: (() => void) | null = null;
    let gated = false;
    const shell = {
      openExternal: async () => undefined,
      // Logging out awaits this: the test holds it to act in the window it leaves open.
      clearLoginData: () => (gated ? new Promise<void>((r) => ((release = r), entered())) : Promise.resolve()),
    };
    const h = await harness({ defaultMode: 'unconfigured', overrides: { shell }, confirm: 'yes' });
    await h.controller.handlers().chooseMode({ mode: 'deriv', appId: '1089', redirectUrl: sandbox.redirectUrl });
    await h.controller
      .handlers()
      .saveSettings({ api: 'legacy', wsUrl: sandbox.wsUrl, oauthUrl: sandbox.oauthUrl, issuer: sandbox.issuer });
    loginAs(multi());
    await h.controller.handlers().signIn({ api: 'legacy', method: 'oauth' });
    await h.waitFor((s) => s.connection.status === 'online' && s.persistence.tokensPersisted);

    gated = true;
    const moving = h.controller.handlers().saveSettings({ api: 'legacy', wsUrl: 'wss://ws.example.com/websockets/v3' });
    await clearing;
    gated = false;
    // A login for the old server, started and finished while the logout is awaited.
    const late = await h.controller.handlers().signIn({ api: 'legacy', method: 'oauth' });
    expect(late.login.status).not.toBe('waiting');
    release!();
    const moved = await moving;

    expect(moved.settingsByApi.legacy.wsUrl).toBe('wss://ws.example.com/websockets/v3');
    expect(moved.accounts).toEqual([]);
    expect(moved.connection.status).toBe('idle');
    await h.waitFor((s) => s.login.status !== 'waiting');
    expect(h.controller.state().accounts).toEqual([]);
    const stored = JSON.parse(readFileSync(h.storePath, 'utf8')) as { accounts?: unknown[] };
    expect(stored.accounts ?? []).toEqual([]);
  });
});

describe('app controller: the limit of accounts one connection opens', () => {
  it('refuses a login that would hold more accounts than one connection opens: nothing changes, nothing lost', async () => {
    let scripted: LoginOutcome | null = null;
    const h = await harness({
      overrides: {
        runLogin: async ({ settings, signal }) => scripted ?? runLogin({ settings, window, signal, timeoutMs: 20_000 }),
      },
    });
    const u = multi();
    loginAs(u);
    await h.controller.handlers().signIn({ api: 'legacy', method: 'oauth' });
    const online = await h.waitFor((s) => s.connection.status === 'online' && s.persistence.tokensPersisted);
    const storedBefore = readFileSync(h.storePath, 'utf8');
    const heldBefore = online.accounts.map((a) => a.accountId);

    // A second login whose accounts, added to those held, go past the limit.
    const extra = MAX_ACCOUNTS_PER_SOCKET - heldBefore.length + 1;
    scripted = {
      ok: true,
      flow: 'legacy',
      accounts: Array.from({ length: extra }, (_, i) => ({
        accountId: `CR9${String(i).padStart(5, '0')}`,
        token: `a1-extra-token-${i}`,
        currency: 'USD',
      })),
    };
    const refused = await h.controller.handlers().signIn({ api: 'legacy', method: 'oauth' });
    expect(refused.login).toMatchObject({ status: 'failed', error: { code: 'too_many_accounts' } });
    expect(refused.accounts.map((a) => a.accountId)).toEqual(heldBefore);
    expect(refused.connection.status).toBe('online');
    expect(readFileSync(h.storePath, 'utf8')).toBe(storedBefore);
    const still = await h.waitFor((s) => s.accounts.every((a) => a.authorized));
    expect(still.connection.status).toBe('online');
    expect(still.notices).toEqual([]);
  });
});

describe('app controller: a refused OpenID Connect login', () => {
  it('an OIDC login refused as too_many_accounts revokes its grant at once: no live tokens left behind', async () => {
    let scripted: LoginOutcome | null = null;
    let oidcOutcome: LoginOutcome | null = null;
    const revoked: { accessToken: string; issuer: string }[] = [];
    const h = await harness({
      overrides: {
        runLogin: async ({ settings, signal }) => {
          if (scripted) return scripted;
          // The real OpenID Connect flow against the sandbox (oidc-provider), whatever the settings say.
          oidcOutcome = await runLogin({ settings: { ...settings, flow: 'oidc' }, window, signal, timeoutMs: 20_000 });
          h.received.push(...(oidcOutcome.ok && oidcOutcome.oidcAccessToken ? [oidcOutcome.oidcAccessToken] : []));
          return oidcOutcome;
        },
        revokeOidc: async (accessToken, issuer) => {
          revoked.push({ accessToken, issuer });
          await revokeLegacyTokens({ issuer, accessToken });
        },
      },
    });
    // Held first: one account short of the limit (a legacy login; its tokens need not be good).
    scripted = {
      ok: true,
      flow: 'legacy',
      accounts: Array.from({ length: MAX_ACCOUNTS_PER_SOCKET - 1 }, (_, i) => ({
        accountId: `CR8${String(i).padStart(5, '0')}`,
        token: `a1-held-token-${i}`,
        currency: 'USD',
      })),
    };
    await h.controller.handlers().signIn({ api: 'legacy', method: 'oauth' });
    const heldBefore = h.controller.state().accounts.map((a) => a.accountId);
    expect(heldBefore).toHaveLength(MAX_ACCOUNTS_PER_SOCKET - 1);

    // Then a real OIDC login whose accounts go past the limit.
    scripted = null;
    const u = multi();
    loginAs(u);
    const revocations = () => sandbox.httpHits().filter((x) => x.path === '/oauth2/legacy/tokens/revoke').length;
    const before = revocations();
    const refused = await h.controller.handlers().signIn({ api: 'legacy', method: 'oauth' });
    expect(refused.login).toMatchObject({ status: 'failed', error: { code: 'too_many_accounts' } });
    expect(refused.accounts.map((a) => a.accountId)).toEqual(heldBefore);
    const outcome = oidcOutcome as LoginOutcome | null;
    expect(outcome?.ok && outcome.flow).toBe('oidc');
    const token = outcome?.ok ? outcome.oidcAccessToken : undefined;
    expect(token).toBeTruthy();
    await expect
      .poll(() => revoked)
      .toEqual([{ accessToken: token, issuer: h.controller.state().settingsByApi.legacy.issuer }]);
    await expect.poll(revocations).toBe(before + 1);
    // Logging out later revokes nothing more: the refused grant was not kept.
    await h.controller.handlers().logout(undefined);
    expect(revoked).toHaveLength(1);
    expectNoLeaks(harnessLeakSources(h), secrets(), 1);
  });
});

describe('app controller: a dropped OpenID Connect login', () => {
  it('an OIDC login whose answer arrives just after Cancel is dropped and its grant revoked at once', async () => {
    let oidcOutcome: LoginOutcome | null = null;
    const revoked: { accessToken: string; issuer: string }[] = [];
    const h = await harness({
      overrides: {
        runLogin: async ({ settings, signal }) => {
          // The real OpenID Connect flow against the sandbox; the trader cancels as its answer comes in.
          oidcOutcome = await runLogin({ settings: { ...settings, flow: 'oidc' }, window, signal, timeoutMs: 20_000 });
          h.received.push(...(oidcOutcome.ok && oidcOutcome.oidcAccessToken ? [oidcOutcome.oidcAccessToken] : []));
          await h.controller.handlers().cancelLogin();
          return oidcOutcome;
        },
        revokeOidc: async (accessToken, issuer) => {
          revoked.push({ accessToken, issuer });
          await revokeLegacyTokens({ issuer, accessToken });
        },
      },
    });
    loginAs(multi());
    const revocations = () => sandbox.httpHits().filter((x) => x.path === '/oauth2/legacy/tokens/revoke').length;
    const before = revocations();
    await h.controller.handlers().signIn({ api: 'legacy', method: 'oauth' });
    const state = h.controller.state();
    expect(state.login).toMatchObject({ status: 'failed', error: { code: 'cancelled' } });
    expect(state.accounts).toEqual([]);
    const outcome = oidcOutcome as LoginOutcome | null;
    const token = outcome?.ok ? outcome.oidcAccessToken : undefined;
    expect(token).toBeTruthy();
    await expect.poll(() => revoked).toEqual([{ accessToken: token, issuer: state.settingsByApi.legacy.issuer }]);
    await expect.poll(revocations).toBe(before + 1);
    expectNoLeaks(harnessLeakSources(h), secrets(), 1);
  });
});

const OFFLINE_VIEW: BackendView = {
  connection: { status: 'reconnecting', attempt: 1, nextRetryAt: 0, lastError: null },
  balances: {},
  authorized: [],
  refused: [],
  disabled: [],
  activeAccountId: null,
  details: null,
};

describe('app controller: logout while Deriv cannot be reached', () => {
  it('logs out of one account at once even when the remaining ones cannot connect', async () => {
    // A backend that never gets online (Deriv unreachable) and, once stopped, says so: the
    // remaining account goes to a new one, whose start resolves only online, i.e. never here.
    const offline = (): AccountsBackend => ({
      api: 'legacy',
      start: () => new Promise<never>(() => undefined),
      setGrants: () => Promise.reject(new BackendError('closed', 'stopped')),
      switchAccount: () => undefined,
      retryNow: () => undefined,
      logout: async () => undefined,
      close: async () => undefined,
      snapshot: () => OFFLINE_VIEW,
      onChange: () => () => undefined,
    });
    const accounts = ['CR900001', 'CR900002'].map((accountId) => ({
      accountId,
      token: `a1-${accountId}`,
      currency: 'USD',
    }));
    const h = await harness({
      overrides: { createBackend: offline, runLogin: async () => ({ ok: true, flow: 'legacy', accounts }) },
    });
    await h.controller.handlers().signIn({ api: 'legacy', method: 'oauth' });
    const after = await h.controller.handlers().logout({ accountId: 'CR900001' });
    expect(after.accounts.map((a) => a.accountId)).toEqual(['CR900002']);
  });
});
