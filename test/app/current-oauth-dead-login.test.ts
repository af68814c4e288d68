/**
 * The rule for a dead login, through the controller over real HTTP and sockets: once the token
 * endpoint refuses a refresh token for good (the OAuth grant was revoked: `invalid_grant`), that
 * refresh token is forgotten on this computer, in memory and on disk, so no restart presents it
 * again; the accounts stay, needing a login, and a new login brings them back. A token endpoint
 * that is merely down (503) forgets nothing: the same refresh token works once it is back.
 */
import fs from 'node:fs';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { startSandbox } from '../../sandbox/index';
import type { SandboxHandle } from '../../sandbox/types';
import { AesCipher } from '../support/aes-cipher';
import { type Harness, harnessLeakSources, onSandboxCurrentApi, pollUntil, startHarness } from '../support/app-harness';
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
const cipher = () => new AesCipher({ passphrase: 'current-oauth-dead-login' });

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 2028 });
});
afterEach(async () => {
  await currentFault(sandbox, 'token-fail', { on: false });
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

async function closeHarness(h: Harness): Promise<void> {
  await h.close();
  open.splice(open.indexOf(h), 1);
}

type State = ReturnType<Harness['controller']['state']>;

const allOnline = (s: State) =>
  s.connection.status === 'online' && s.accounts.length > 0 && s.accounts.every((a) => !a.needsLogin);

interface StoreFile {
  accounts: { accountId: string; grantId: string | null }[];
  grants: { id: string; sealedSecret: string | null }[];
}
const storeFile = (h: Harness) => JSON.parse(fs.readFileSync(h.storePath, 'utf8')) as StoreFile;

/** The refresh token sealed in the store (one OAuth credential), or null when none is. */
async function sealedRefreshToken(h: Harness): Promise<string | null> {
  const sealed = storeFile(h).grants[0]?.sealedSecret;
  return sealed ? (await openSealed(cipher(), sealed)).secret : null;
}

/** Each time the token endpoint was presented this refresh token, with its answer (null: accepted). */
const presented = (refreshToken: string) =>
  sandbox
    .newApiLog()
    .refreshes.filter((r) => r.token === refreshToken)
    .map((r) => r.error);

/** Deriv mode on the sandbox's current API, and one OAuth login: online, its refresh token sealed. */
async function loggedIn(dir: string): Promise<{ h: Harness; refreshToken: string }> {
  const api = sandbox.newApi;
  const alice = api.users[0]!;
  user = { email: alice.email, password: alice.password, action: 'approve' };
  const h = await start(dir);
  await onSandboxCurrentApi(h, sandbox);
  await h.controller.handlers().signIn({ api: 'current', method: 'oauth' });
  await h.waitFor((s) => allOnline(s) && s.persistence.tokensPersisted, 30_000);
  const refreshToken = await sealedRefreshToken(h);
  expect(refreshToken).not.toBeNull();
  return { h, refreshToken: refreshToken! };
}

function scan(h: Harness, minSecrets: number): void {
  expectNoLeaks(harnessLeakSources(h), knownSecrets(sandbox, h.received), minSecrets);
}

describe('a dead login is forgotten: a refresh token refused for good is never presented again', () => {
  it('grant revoked → refresh refused once → forgotten (memory and store); two restarts present it no more; accounts kept, needing a login; a new login brings them back', async () => {
    const dir = makeTempDir();
    dirs.push(dir);
    const alice = sandbox.newApi.users[0]!;
    const ids = alice.accounts.map((a) => a.account_id);
    const { h: first, refreshToken } = await loggedIn(dir);
    const pagesOpened = window.opened.length;

    // The trader revokes the app's access at Deriv; the sockets drop, and reconnecting needs a new
    // OTP, which the revoked access token cannot get: the session refreshes, and is refused.
    await currentFault(sandbox, 'revoke', { token: refreshToken });
    await currentFault(sandbox, 'drop');
    const expired = await first.waitFor((s) => s.accounts.every((a) => a.needsLogin), 30_000);
    expect(expired.accounts.map((a) => [a.accountId, a.needsLoginReason])).toEqual(
      ids.map((id) => [id, 'session_expired']),
    );
    expect(presented(refreshToken)).toEqual(['invalid_grant']);

    // Forgotten on disk: no credential (no sealed blob) left, every account still stored, in place.
    // The login stays, without its secret: the dead refresh token is gone from the store.
    await pollUntil(
      () => storeFile(first).grants.every((g) => g.sealedSecret === null),
      'the dead secret removed from the store',
    );
    expect(storeFile(first).accounts.map((a) => a.accountId)).toEqual(ids);
    expect(first.controller.state().persistence.tokensPersisted).toBe(false);
    scan(first, 3);
    await closeHarness(first);

    // Two restarts on that store: nothing to present, so nothing is sent; the accounts are listed, needing a login.
    for (const restart of [1, 2]) {
      const again = await start(dir);
      // With no usable credential the core starts no backend: this state is final, nothing is in flight.
      const state = again.controller.state();
      expect(state.connection.status, `restart ${restart}`).toBe('idle');
      // The vault keeps no reason: after a restart the account shows the plain "needs login".
      expect(state.accounts.map((a) => [a.accountId, a.needsLogin, a.needsLoginReason])).toEqual(
        ids.map((id) => [id, true, 'token_refused']),
      );
      expect(presented(refreshToken), `restart ${restart}`).toEqual(['invalid_grant']);
      expect(window.opened.length).toBe(pagesOpened);
      scan(again, 3);
      await closeHarness(again);
    }

    // A new login brings them back, with a new grant; the dead token is still never presented.
    const { h: back, refreshToken: fresh } = await loggedIn(dir);
    expect(fresh).not.toBe(refreshToken);
    expect(back.controller.state().accounts.map((a) => a.accountId)).toEqual(ids);
    expect(storeFile(back).grants).toHaveLength(1);
    expect(storeFile(back).accounts.every((a) => a.grantId === storeFile(back).grants[0]!.id)).toBe(true);
    expect(presented(refreshToken)).toEqual(['invalid_grant']);
    scan(back, 3);
  }, 180_000);

  it('a token endpoint down (503) at a restart forgets nothing: the same refresh token is presented once it is back, and works', async () => {
    const dir = makeTempDir();
    dirs.push(dir);
    const { h: first, refreshToken } = await loggedIn(dir);
    const pagesOpened = window.opened.length;
    await closeHarness(first);

    // Restart while the token endpoint answers 503: every attempt of the first refresh fails, transiently.
    await currentFault(sandbox, 'token-fail', { on: true });
    const restarted = await start(dir);
    const waiting = await restarted.waitFor(
      (s) => s.connection.status === 'reconnecting' && s.connection.attempt >= 2,
      30_000,
    );
    expect(waiting.connection).toMatchObject({ lastError: 'The token endpoint answered 503.' });
    const { failures } = await currentFault(sandbox, 'token-fail', { on: false });
    expect(Number(failures)).toBeGreaterThanOrEqual(2);
    // Nothing forgotten: still held (no account needs a login), still sealed, never presented to the server.
    expect(restarted.controller.state().accounts.some((a) => a.needsLogin)).toBe(false);
    expect(await sealedRefreshToken(restarted)).toBe(refreshToken);
    expect(presented(refreshToken)).toEqual([]);

    // Back up: the same refresh token, presented once, accepted; online without a login page.
    await restarted.controller.handlers().retryConnection();
    await restarted.waitFor(allOnline, 30_000);
    expect(presented(refreshToken)).toEqual([null]);
    expect(window.opened.length).toBe(pagesOpened);
    await pollUntil(async () => (await sealedRefreshToken(restarted)) !== refreshToken, 'the rotated token sealed');
    scan(restarted, 3);
  }, 120_000);
});
