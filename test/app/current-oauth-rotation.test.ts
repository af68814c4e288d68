/**
 * Refresh-token rotation through the controller, over real HTTP and sockets: after an OAuth login
 * and a restart (the vault holds the refresh token only, so the backend refreshes it first), the
 * language is changed while that refresh is in flight. The controller replaces the backend; the new
 * one must not send the same refresh token again (the server would revoke the grant and every
 * account would say "session expired"), and the rotated refresh token must reach the vault, so that
 * yet another restart comes back online without a login page.
 */
import fs from 'node:fs';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { startSandbox } from '../../sandbox/index';
import type { SandboxHandle } from '../../sandbox/types';
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
import { holdFirstTokenAnswer } from '../support/held-token-answer';
import { expectNoLeaks, knownSecrets } from '../support/leak-scan';
import { openSealed } from '../support/store-file';
import { makeTempDir } from '../support/temp-dir';

let sandbox: SandboxHandle;
const open: Harness[] = [];
const dirs: string[] = [];
let user: FormUser = { email: '', password: '' };
const window = new FormAuthWindow(() => user);
const cipher = () => new AesCipher({ passphrase: 'current-oauth-rotation' });

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 2027 });
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.close()));
});
afterAll(async () => {
  await sandbox?.close();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

async function start(dir: string, currentApi?: HarnessOptions['currentApi']): Promise<Harness> {
  const h = await startHarness({
    sandbox,
    window,
    dir,
    cipher: cipher(),
    defaultMode: 'unconfigured',
    ...(currentApi ? { currentApi } : {}),
  });
  open.push(h);
  return h;
}

async function closeHarness(h: Harness): Promise<void> {
  await h.close();
  open.splice(open.indexOf(h), 1);
}

/** The refresh token sealed in the store (one OAuth login). */
async function sealedRefreshToken(h: Harness): Promise<string | null> {
  const file = JSON.parse(fs.readFileSync(h.storePath, 'utf8')) as { grants: { sealedSecret: string | null }[] };
  const sealed = file.grants[0]?.sealedSecret;
  return sealed ? (await openSealed(cipher(), sealed)).secret : null;
}

const allOnline = (s: ReturnType<Harness['controller']['state']>) =>
  s.connection.status === 'online' && s.accounts.length > 0 && s.accounts.every((a) => !a.needsLogin);

function scan(h: Harness, minSecrets: number): void {
  expectNoLeaks(harnessLeakSources(h), knownSecrets(sandbox, h.received), minSecrets);
}

describe('OAuth refresh-token rotation through the controller', () => {
  it('language changed during the first refresh after a restart: one refresh grant, still online, the rotated token sealed', async () => {
    const dir = makeTempDir();
    dirs.push(dir);
    const api = sandbox.newApi;
    const alice = api.users[0]!;
    user = { email: alice.email, password: alice.password, action: 'approve' };

    // Log in once; the refresh token is sealed.
    const first = await start(dir);
    await onSandboxCurrentApi(first, sandbox);
    await first.controller.handlers().signIn({ api: 'current', method: 'oauth' });
    await first.waitFor((s) => allOnline(s) && s.persistence.tokensPersisted, 30_000);
    const loggedIn = await sealedRefreshToken(first);
    expect(loggedIn).not.toBeNull();
    scan(first, 3);
    await closeHarness(first);

    // Restart: the backend refreshes the restored credential; the server's answer is held back.
    const pagesOpened = window.opened.length;
    const grantsBefore = sandbox.newApiLog().grants.length;
    const token = holdFirstTokenAnswer(api.tokenEndpoint);
    const restarted = await start(dir, { fetch: token.fetch });
    await pollUntil(async () => token.answered(), 'the first refresh answered at the server');
    // A new language replaces the backend while its refresh is still in flight.
    await restarted.controller.handlers().saveSettings({ api: 'current', language: 'fr' });
    token.release();
    const settled = await restarted.waitFor(
      (s) => s.settings.language === 'fr' && (allOnline(s) || s.accounts.some((a) => a.needsLogin)),
      30_000,
    );
    expect(settled.accounts.filter((a) => a.needsLogin).map((a) => a.accountId)).toEqual([]);
    expect(settled.connection.status).toBe('online');
    // The refresh token was sent once, and never refused (a second use revokes the grant).
    expect(sandbox.newApiLog().grants.slice(grantsBefore)).toEqual([{ type: 'refresh_token', error: null }]);
    expect(token.requests()).toBe(1);
    // The rotated refresh token is the one sealed.
    await pollUntil(async () => (await sealedRefreshToken(restarted)) !== loggedIn, 'the rotated refresh token sealed');
    const rotated = await sealedRefreshToken(restarted);
    const minted = sandbox
      .secrets()
      .filter((s) => s.kind === 'refresh_token')
      .map((s) => s.value);
    expect(rotated).toBe(minted.at(-1));
    scan(restarted, 3);
    await closeHarness(restarted);

    // Another restart: the sealed token is the live one, online without a login page.
    const grantsBeforeLast = sandbox.newApiLog().grants.length;
    const again = await start(dir);
    const restored = await again.waitFor(allOnline, 30_000);
    expect(restored.accounts.map((a) => a.accountId)).toEqual(alice.accounts.map((a) => a.account_id));
    expect(window.opened.length).toBe(pagesOpened);
    expect(sandbox.newApiLog().grants.slice(grantsBeforeLast)).toEqual([{ type: 'refresh_token', error: null }]);
    scan(again, 3);
  }, 120_000);
});
