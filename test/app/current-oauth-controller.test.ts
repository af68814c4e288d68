/**
 * OAuth 2.0 + PKCE on Deriv's current API through the controller, end to end over real HTTP and
 * sockets: the controller's login command, the real `runCurrentLogin` (oauth4webapi against the
 * sandbox's oidc-provider), a window that fills the sandbox's login page over HTTP, the current-API
 * backend with its OTP sockets. The accounts are held and online, balances arrive (and a change at
 * the server reaches the state), the refresh token is sealed in the store while no access token,
 * code or OTP is on disk, and a restart comes back online without a login page. Deny is a typed
 * `cancelled`. Every secret the sandbox minted is looked for in the states, payloads, logs and files.
 */
import fs from 'node:fs';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { startSandbox } from '../../sandbox/index';
import type { SandboxHandle } from '../../sandbox/types';
import { AesCipher } from '../support/aes-cipher';
import { type Harness, harnessLeakSources, onSandboxCurrentApi, startHarness } from '../support/app-harness';
import { currentFault } from '../support/current-fault';
import { FormAuthWindow, type FormUser } from '../support/form-auth-window';
import { expectNoLeaks, knownSecrets } from '../support/leak-scan';
import { openSealed } from '../support/store-file';
import { makeTempDir } from '../support/temp-dir';

let sandbox: SandboxHandle;
const open: Harness[] = [];
const dirs: string[] = [];
let user: FormUser = { email: '', password: '' };
const window = new FormAuthWindow(() => user);
// One keyring across the "restart": the same passphrase gives the same key.
const cipher = () => new AesCipher({ passphrase: 'current-oauth-controller' });

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 2026 });
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.close()));
});
afterAll(async () => {
  await sandbox?.close();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

async function start(dir: string): Promise<Harness> {
  const h = await startHarness({ sandbox, window, dir, cipher: cipher(), defaultMode: 'unconfigured' });
  open.push(h);
  return h;
}

const control = (name: string, body: unknown = {}) => currentFault(sandbox, name, body);

function scan(h: Harness, minSecrets: number): void {
  expectNoLeaks(harnessLeakSources(h), knownSecrets(sandbox, h.received), minSecrets);
}

describe("OAuth + PKCE login on Deriv's current API, through the controller", () => {
  it('accounts held and online, balances live, refresh token sealed, restart without a login page; no leak', async () => {
    const dir = makeTempDir();
    dirs.push(dir);
    const api = sandbox.newApi;
    const alice = api.users[0]!;
    user = { email: alice.email, password: alice.password, action: 'approve' };
    const h = await start(dir);
    await onSandboxCurrentApi(h, sandbox);
    const opened = window.opened.length;

    await h.controller.handlers().signIn({ api: 'current', method: 'oauth' });
    const online = await h.waitFor(
      (s) => s.connection.status === 'online' && s.accounts.some((a) => a.authorized && a.balance !== null),
      30_000,
    );
    // The login page was the current API's authorization endpoint, with PKCE and no legacy app_id.
    const authorize = new URL(window.opened[opened]!);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(api.authorizationEndpoint);
    expect(authorize.searchParams.get('client_id')).toBe(api.clientId);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('app_id')).toBeNull();
    expect(window.intercepted.at(-1)).toContain('code=');

    expect(online.login.status).not.toBe('failed');
    expect(online.accounts.map((a) => [a.accountId, a.api, a.isVirtual])).toEqual(
      alice.accounts.map((a) => [a.account_id, 'current', a.account_type === 'demo']),
    );
    const active = online.accounts.find((a) => a.accountId === online.activeAccountId)!;
    expect(active.isVirtual).toBe(true);
    const listed = alice.accounts.find((a) => a.account_id === active.accountId)!;
    expect(active.balance).toBe(String(listed.balance));

    // A balance change at the server reaches the state over the account's socket.
    const next = (listed.balance + 123.45).toFixed(2);
    await control('balance', { account_id: active.accountId, balance: next });
    await h.waitFor((s) => s.accounts.find((a) => a.accountId === active.accountId)?.balance === next, 20_000);

    // Written once the backend accepted the login: the refresh token sealed, nothing else secret.
    await h.waitFor((s) => s.persistence.tokensPersisted, 20_000);
    const file = JSON.parse(fs.readFileSync(h.storePath, 'utf8')) as {
      grants: {
        id: string;
        api: string;
        source: string;
        sealedSecret: string | null;
        destination: { appId: string };
      }[];
      accounts: { accountId: string; api: string; grantId: string | null; sealedToken?: unknown }[];
    };
    // One login: its refresh token sealed once, on the grant its accounts name.
    expect(file.grants).toHaveLength(1);
    const [credential] = file.grants;
    expect(credential).toMatchObject({ api: 'current', source: 'oauth', destination: { appId: api.clientId } });
    const refreshTokens = sandbox
      .secrets()
      .filter((s) => s.kind === 'refresh_token')
      .map((s) => s.value);
    expect(refreshTokens).toContain((await openSealed(cipher(), credential!.sealedSecret!)).secret);
    expect(
      file.accounts.every((a) => a.api === 'current' && a.grantId === credential!.id && a.sealedToken === undefined),
    ).toBe(true);
    const minted = new Set(sandbox.secrets().map((s) => s.kind));
    for (const kind of ['oidc_code', 'access_token', 'refresh_token', 'otp_url'] as const) {
      expect(minted.has(kind), `the sandbox minted a ${kind}`).toBe(true);
    }
    scan(h, 4);
    await h.close();
    open.splice(open.indexOf(h), 1);

    // Restart: the refresh token from the vault, a fresh access token, no login page.
    const before = window.opened.length;
    const again = await start(dir);
    const restored = await again.waitFor(
      (s) => s.connection.status === 'online' && s.accounts.some((a) => a.authorized && a.balance !== null),
      30_000,
    );
    expect(window.opened.length).toBe(before);
    expect(restored.login.status).toBe('idle');
    expect(restored.accounts.map((a) => [a.accountId, a.api])).toEqual(
      alice.accounts.map((a) => [a.account_id, 'current']),
    );
    expect(restored.accounts.some((a) => a.needsLogin)).toBe(false);
    scan(again, 4);
  }, 120_000);

  it('Deny on the login page → a typed "cancelled"; nothing held or stored; no leak', async () => {
    const dir = makeTempDir();
    dirs.push(dir);
    const alice = sandbox.newApi.users[0]!;
    user = { email: alice.email, password: alice.password, action: 'deny' };
    const h = await start(dir);
    await onSandboxCurrentApi(h, sandbox);
    await h.controller.handlers().signIn({ api: 'current', method: 'oauth' });
    const failed = await h.waitFor((s) => s.login.status === 'failed', 30_000);
    expect(failed.login).toMatchObject({
      status: 'failed',
      error: { code: 'cancelled', params: { settingsChanged: false } },
      method: 'oauth',
    });
    expect(failed.accounts).toEqual([]);
    expect(h.vault.persistence().tokensPersisted).toBe(false);
    scan(h, 0);
  }, 60_000);
});
