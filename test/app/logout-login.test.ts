/**
 * Logging out of one login on the current API, through the controller over real HTTP and sockets
 * against the sandbox: the login (grant) goes whole, its accounts with it, here and on disk; the
 * other logins stay open; its refresh token is revoked at the authorization server's revocation
 * endpoint (RFC 7009, found by discovery), which refuses it from then on. A revocation endpoint
 * that never answers holds nothing up: the local logout is published and stored before the request
 * even reaches it, and the request is given up at its timeout.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { GrantRevocation } from '../../main/core/current-api/revocation';
import { startSandbox } from '../../sandbox/index';
import type { SandboxHandle } from '../../sandbox/types';
import { tokenRequest } from '../current-api/oauth-helpers';
import { AesCipher } from '../support/aes-cipher';
import {
  type Harness,
  harnessLeakSources,
  type HarnessOptions,
  onSandboxCurrentApi,
  pollUntil,
  startHarness,
} from '../support/app-harness';
import { FormAuthWindow, type FormUser } from '../support/form-auth-window';
import { expectNoLeaks, knownSecrets } from '../support/leak-scan';
import { recordingLogger } from '../support/logger';
import { openSealed } from '../support/store-file';
import { makeTempDir } from '../support/temp-dir';

let sandbox: SandboxHandle;
const open: Harness[] = [];
const dirs: string[] = [];
let user: FormUser = { email: '', password: '' };
const window = new FormAuthWindow(() => user);
const cipher = () => new AesCipher({ passphrase: 'logout-login' });

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 2029 });
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.close()));
});
afterAll(async () => {
  await sandbox?.close();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

type State = ReturnType<Harness['controller']['state']>;

interface StoreFile {
  accounts: { accountId: string; grantId: string | null }[];
  grants: { id: string; sealedSecret: string | null }[];
}
const storeFile = (h: Harness) => JSON.parse(fs.readFileSync(h.storePath, 'utf8')) as StoreFile;

/** The refresh token sealed for this login (grant id) in the store. */
async function sealedRefreshToken(h: Harness, loginId: string): Promise<string> {
  const sealed = storeFile(h).grants.find((g) => g.id === loginId)?.sealedSecret;
  if (!sealed) throw new Error(`no sealed secret for ${loginId}`);
  return (await openSealed(cipher(), sealed)).secret;
}

const idsOf = (userIndex: number) => sandbox.newApi.users[userIndex]!.accounts.map((a) => a.account_id);
const loginOf = (s: State, accountId: string) => s.accounts.find((a) => a.accountId === accountId)?.loginId ?? null;
const liveAccount = (s: State, id: string) => s.accounts.some((a) => a.accountId === id && a.authorized);

/** Deriv mode on the sandbox's current API, then one OAuth login per user given, each saved. */
async function signedIn(userIndexes: number[], overrides?: HarnessOptions['overrides']): Promise<Harness> {
  const dir = makeTempDir();
  dirs.push(dir);
  const h = await startHarness({
    sandbox,
    window,
    dir,
    cipher: cipher(),
    defaultMode: 'unconfigured',
    ...(overrides ? { overrides } : {}),
  });
  open.push(h);
  const api = sandbox.newApi;
  await onSandboxCurrentApi(h, sandbox);
  for (const i of userIndexes) {
    const u = api.users[i]!;
    user = { email: u.email, password: u.password, action: 'approve' };
    await h.controller.handlers().signIn({ api: 'current', method: 'oauth' });
    const first = idsOf(i)[0]!;
    await h.waitFor((s) => liveAccount(s, first), 30_000);
    await pollUntil(() => storeFile(h).accounts.some((a) => a.accountId === first), 'the login saved');
  }
  return h;
}

const refreshWith = (refreshToken: string) =>
  tokenRequest(sandbox, {
    grant_type: 'refresh_token',
    client_id: sandbox.newApi.clientId,
    refresh_token: refreshToken,
  });

describe('logout of one login on the current API', () => {
  it('"log out of this account" logs out its whole login: its accounts go here and on disk, its refresh token is revoked at Deriv and refused afterwards; the other login stays, live', async () => {
    const h = await signedIn([0, 1]);
    const [aliceIds, bobIds] = [idsOf(0), idsOf(1)];
    const before = h.controller.state();
    const alice = loginOf(before, aliceIds[0]!)!;
    const bob = loginOf(before, bobIds[0]!)!;
    expect(alice).not.toBe(bob);
    // Every account of a login carries its id; discovery found the revocation endpoint, and the screen says so.
    expect(before.accounts.map((a) => [a.accountId, a.loginId, a.sessionEnd])).toEqual([
      ...aliceIds.map((id) => [id, alice, 'revoked']),
      ...bobIds.map((id) => [id, bob, 'revoked']),
    ]);
    // The state names the two logins, each with its accounts: what the dashboard groups by.
    expect(before.logins.map((l) => [l.loginId, l.method, l.accountIds, l.needsLoginReason])).toEqual([
      [alice, 'oauth', aliceIds, null],
      [bob, 'oauth', bobIds, null],
    ]);
    const aliceRefresh = await sealedRefreshToken(h, alice);
    const bobRefresh = await sealedRefreshToken(h, bob);
    const revocationsBefore = sandbox.newApiLog().revocations.length;

    // One account of Alice's login (not the first): the whole login goes.
    await h.controller.handlers().logout({ accountId: aliceIds[1]! });
    const after = h.controller.state();
    expect(after.accounts.map((a) => a.accountId)).toEqual(bobIds);
    expect(after.logins.map((l) => l.loginId)).toEqual([bob]);
    expect(storeFile(h).accounts.map((a) => a.accountId)).toEqual(bobIds);
    expect(storeFile(h).grants.map((g) => g.id)).toEqual([bob]);
    // Revoked at the sandbox's revocation endpoint (the command resolves once that is done), and refused from then on.
    expect(sandbox.newApiLog().revocations.slice(revocationsBefore)).toEqual([
      { token: aliceRefresh, hint: 'refresh_token', revoked: true },
    ]);
    expect((await refreshWith(aliceRefresh)).body.error).toBe('invalid_grant');
    // Bob's login is untouched: open again on its own refresh token, which was never revoked.
    await h.waitFor((s) => s.connection.status === 'online' && bobIds.every((id) => liveAccount(s, id)), 30_000);
    expect(sandbox.newApiLog().revocations.some((r) => r.token === bobRefresh)).toBe(false);

    // By its id now: the last login goes as "log out of all", and it is revoked too.
    const rotatedBob = await sealedRefreshToken(h, bob);
    await h.controller.handlers().logout({ loginId: bob });
    expect(h.controller.state().accounts).toEqual([]);
    expect(storeFile(h).grants).toEqual([]);
    expect(sandbox.newApiLog().revocations.slice(revocationsBefore + 1)).toEqual([
      { token: rotatedBob, hint: 'refresh_token', revoked: true },
    ]);
    expect((await refreshWith(rotatedBob)).body.error).toBe('invalid_grant');
    expectNoLeaks(harnessLeakSources(h), knownSecrets(sandbox, h.received), 3);
  }, 120_000);

  it('"log out of all" removes the copies of the store kept next to it and revokes the login; so does "forget everything"', async () => {
    const h = await signedIn([1]);
    const bob = loginOf(h.controller.state(), idsOf(1)[0]!)!;
    const first = await sealedRefreshToken(h, bob);
    // Copies a damaged or newer-version store left beside it: they hold the sealed login too.
    const copies = [`${h.storePath}.corrupt-2026-12-01T00-00-00Z`, `${h.storePath}.newer-2026-12-02T00-00-00Z`];
    for (const copy of copies) fs.copyFileSync(h.storePath, copy);
    await h.controller.handlers().logout();
    expect(copies.filter((c) => fs.existsSync(c))).toEqual([]);
    expect(sandbox.newApiLog().revocations.filter((r) => r.token === first)).toEqual([
      { token: first, hint: 'refresh_token', revoked: true },
    ]);

    const u = sandbox.newApi.users[1]!;
    user = { email: u.email, password: u.password, action: 'approve' };
    await h.controller.handlers().signIn({ api: 'current', method: 'oauth' });
    await pollUntil(() => storeFile(h).grants.length === 1, 'the new login saved');
    const second = await sealedRefreshToken(h, storeFile(h).grants[0]!.id);
    await h.controller.handlers().forgetEverything();
    expect(sandbox.newApiLog().revocations.filter((r) => r.token === second)).toEqual([
      { token: second, hint: 'refresh_token', revoked: true },
    ]);
    expect((await refreshWith(second)).body.error).toBe('invalid_grant');
  }, 60_000);

  // Held by two rules: the login's secret is not used once its saved addresses changed (issue 27.1), and
  // a revocation goes only where a login's secret may go now, never in unconfigured mode.
  it('nothing is revoked where nothing may be sent: stored settings refused (unconfigured) at a restart, logout of all asks no server', async () => {
    const asked: string[] = [];
    const recording = {
      sessionEnd: () => 'revoked' as const,
      learn: async (url: string) => void asked.push(`learn ${url}`),
      revoke: async (url: string) => void asked.push(`revoke ${url}`),
    };
    const first = await signedIn([1], { revokeCurrent: recording });
    await first.close();
    open.splice(open.indexOf(first), 1);
    // The saved REST address broken in the file (plain http to another machine): the settings are
    // refused, the app starts unconfigured, and sends the saved login nowhere.
    const doc = JSON.parse(fs.readFileSync(first.storePath, 'utf8')) as { settings: Record<string, unknown> };
    doc.settings.restUrl = 'http://api.example.com';
    fs.writeFileSync(first.storePath, JSON.stringify(doc));
    asked.length = 0;
    const h = await startHarness({
      sandbox,
      window,
      dir: first.dir,
      cipher: cipher(),
      defaultMode: 'unconfigured',
      overrides: { revokeCurrent: recording },
    });
    open.push(h);
    expect(h.controller.state().mode).toBe('unconfigured');
    expect(h.controller.state().accounts.map((a) => a.sessionEnd)).toEqual([expect.not.stringMatching('revoked')]);
    await h.controller.handlers().logout();
    expect(h.controller.state().accounts).toEqual([]);
    expect(asked).toEqual([]);
  }, 60_000);

  it('a login id no longer held (a second click) is already logged out: nothing changes, nothing is revoked', async () => {
    const h = await signedIn([1]);
    const held = h.controller.state().accounts.map((a) => a.accountId);
    const revocations = sandbox.newApiLog().revocations.length;
    const state = await h.controller.handlers().logout({ loginId: 'no-such-login' });
    expect(state.accounts.map((a) => a.accountId)).toEqual(held);
    expect(storeFile(h).accounts.map((a) => a.accountId)).toEqual(held);
    expect(sandbox.newApiLog().revocations).toHaveLength(revocations);
  }, 60_000);

  it('a revocation endpoint that never answers does not hold the logout: it is published and stored before the request arrives, and the request is given up at the timeout', async () => {
    let seenAtArrival: { accounts: number; stored: number } | null = null;
    let arrived!: () => void;
    const arrival = new Promise<void>((resolve) => (arrived = resolve));
    let abandoned!: () => void;
    const givenUp = new Promise<void>((resolve) => (abandoned = resolve));
    let h!: Harness;
    const hanging = http.createServer((req) => {
      // Never answers. What the app had done locally by the time the request got here:
      seenAtArrival = { accounts: h.controller.state().accounts.length, stored: storeFile(h).accounts.length };
      arrived();
      req.socket.on('close', () => abandoned());
    });
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    try {
      const revokeAt = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/oauth2/revoke`;
      const log = recordingLogger();
      const revocation = new GrantRevocation({
        endpoints: { [sandbox.newApi.issuer]: revokeAt },
        timeoutMs: 1_000,
        logger: log,
      });
      h = await signedIn([1], { revokeCurrent: revocation });
      const logout = h.controller.handlers().logout();
      await arrival;
      expect(seenAtArrival).toEqual({ accounts: 0, stored: 0 });
      // The command ends once the revocation is given up (without the bound it would never end) …
      const state = await logout;
      expect(state.accounts).toEqual([]);
      // … and the app closed its request: nothing of it is left waiting.
      await givenUp;
      expect(log.lines).toContainEqual({ level: 'warn', message: 'login not revoked', fields: { reason: 'timeout' } });
    } finally {
      hanging.closeAllConnections();
      await new Promise<void>((resolve) => hanging.close(() => resolve()));
    }
  }, 60_000);
});
