/**
 * Issue 27.7, through the controller over real HTTP against the sandbox. Deriv rotates refresh
 * tokens: once a refresh is answered, only the new token works. A quit must therefore wait
 * (bounded) for a refresh in flight and for the vault to seal what it gave, or the spent token is
 * what the next start finds on disk ("Session expired", a login lost). And a refresh whose answer
 * was lost ends the login saying exactly that (`renewal_lost`), its spent token forgotten.
 *
 * The quit comes when the backend has closed (the first thing a quit does that touches Deriv), and
 * what it waits for is let go on the next turn of the event loop: a shutdown that does not wait
 * has returned by then, so the store read right after it tells the two apart.
 */
import fs from 'node:fs';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { backendFactory } from '../../main/core/backend/create-backend';
import type { CreateBackend } from '../../main/core/backend/port';
import type { SecretCipher } from '../../main/core/vault/ports';
import { startSandbox } from '../../sandbox/index';
import type { SandboxHandle } from '../../sandbox/types';
import { AesCipher } from '../support/aes-cipher';
import {
  type Harness,
  type HarnessOptions,
  onSandboxCurrentApi,
  startHarness,
  TEST_TIMING,
} from '../support/app-harness';
import { currentFault } from '../support/current-fault';
import { FormAuthWindow, type FormUser } from '../support/form-auth-window';
import { holdFirstTokenAnswer } from '../support/held-token-answer';
import { openSealed } from '../support/store-file';
import { makeTempDir, removeDir } from '../support/temp-dir';

let sandbox: SandboxHandle;
const open: Harness[] = [];
const dirs: string[] = [];
let user: FormUser = { email: '', password: '' };
const window = new FormAuthWindow(() => user);
const PASSPHRASE = 'quit-after-rotation';

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 2717 });
});
afterEach(async () => {
  await currentFault(sandbox, 'token-answer-lost', { count: 0 });
  await Promise.all(open.splice(0).map((h) => h.close()));
});
afterAll(async () => {
  await sandbox?.close();
  dirs.forEach(removeDir);
});

async function start(dir: string, extra: Partial<HarnessOptions> = {}): Promise<Harness> {
  const h = await startHarness({
    sandbox,
    window,
    dir,
    cipher: new AesCipher({ passphrase: PASSPHRASE }),
    defaultMode: 'unconfigured',
    ...extra,
  });
  open.push(h);
  return h;
}

async function quit(h: Harness): Promise<void> {
  open.splice(open.indexOf(h), 1);
  await h.close();
}

/** The refresh token sealed in the store now (one OAuth login), read at once from the file. */
async function sealedRefreshToken(h: Harness): Promise<string | null> {
  const file = JSON.parse(fs.readFileSync(h.storePath, 'utf8')) as { grants: { sealedSecret: string | null }[] };
  const sealed = file.grants[0]?.sealedSecret;
  return sealed ? (await openSealed(new AesCipher({ passphrase: PASSPHRASE }), sealed)).secret : null;
}

const newestRefreshToken = () =>
  sandbox
    .secrets()
    .filter((s) => s.kind === 'refresh_token')
    .map((s) => s.value)
    .at(-1);

const allOnline = (s: ReturnType<Harness['controller']['state']>) =>
  s.connection.status === 'online' && s.accounts.length > 0 && s.accounts.every((a) => !a.needsLogin);

/** An OAuth login on the current API (the sandbox), sealed on disk; the app then quits. */
async function loggedIn(): Promise<{ dir: string; refreshToken: string }> {
  const dir = makeTempDir('deriv-desktop-store-');
  dirs.push(dir);
  const api = sandbox.newApi;
  const alice = api.users[0]!;
  user = { email: alice.email, password: alice.password, action: 'approve' };
  const h = await start(dir);
  await onSandboxCurrentApi(h, sandbox);
  await h.controller.handlers().signIn({ api: 'current', method: 'oauth' });
  await h.waitFor((s) => allOnline(s) && s.persistence.tokensPersisted, 30_000);
  const refreshToken = await sealedRefreshToken(h);
  if (refreshToken === null) throw new Error('no refresh token sealed');
  await quit(h);
  return { dir, refreshToken };
}

/**
 * The real backends, with `onClose` run once a backend has closed while `quitting()` says so:
 * the moment a quit has stopped talking to Deriv.
 */
function backendsThat(opts: { fetch?: typeof fetch; quitting: () => boolean; onClose: () => void }): CreateBackend {
  const real = backendFactory({ timing: TEST_TIMING, ...(opts.fetch ? { currentApi: { fetch: opts.fetch } } : {}) });
  return (settings, renew) => {
    const backend = real(settings, renew);
    const close = backend.close.bind(backend);
    backend.close = async () => {
      await close();
      if (opts.quitting()) opts.onClose();
    };
    return backend;
  };
}

/** A cipher whose sealing waits for `open()` while held (a keyring slow to answer). */
class SlowKeyring extends AesCipher {
  private gate: Promise<void> | null = null;
  private release: () => void = () => undefined;
  hold(): void {
    this.gate = new Promise((resolve) => (this.release = resolve));
  }
  open(): void {
    this.release();
    this.gate = null;
  }
  override async encrypt(plain: string): Promise<string> {
    if (this.gate) await this.gate;
    return super.encrypt(plain);
  }
}

describe('a quit just after a refresh-token rotation keeps the new token', () => {
  it('a refresh in flight at quit (the server rotated, its answer on the way): the quit waits, the next start uses the new token and is accepted', async () => {
    const { dir, refreshToken } = await loggedIn();
    const token = holdFirstTokenAnswer(sandbox.newApi.tokenEndpoint);
    let quitting = false;
    const restarted = await start(dir, {
      overrides: {
        createBackend: backendsThat({
          fetch: token.fetch,
          quitting: () => quitting,
          onClose: () => setImmediate(() => token.release()),
        }),
      },
    });
    await expect.poll(() => token.answered(), { timeout: 20_000 }).toBe(true);
    const rotated = newestRefreshToken();
    expect(rotated).not.toBe(refreshToken);
    quitting = true;
    await quit(restarted);
    // On disk the moment the quit is over: the new token, not the spent one.
    expect(await sealedRefreshToken(restarted)).toBe(rotated);

    const grantsBefore = sandbox.newApiLog().grants.length;
    const again = await start(dir);
    await again.waitFor(allOnline, 30_000);
    // The new token was the one presented, and the server accepted it.
    expect(sandbox.newApiLog().grants.slice(grantsBefore)).toEqual([{ type: 'refresh_token', error: null }]);
    expect(sandbox.newApiLog().refreshes.filter((r) => r.token === rotated)).toEqual([{ token: rotated, error: null }]);
  }, 90_000);

  it('a rotation just done, its sealing still running at quit: the quit waits for the vault, the next start is accepted', async () => {
    const { dir, refreshToken } = await loggedIn();
    const keyring = new SlowKeyring({ passphrase: PASSPHRASE });
    keyring.hold();
    let quitting = false;
    const restarted = await start(dir, {
      cipher: keyring as SecretCipher,
      overrides: {
        createBackend: backendsThat({ quitting: () => quitting, onClose: () => setImmediate(() => keyring.open()) }),
      },
    });
    // Renewed in memory and online with it; the new token waits for the keyring.
    await restarted.waitFor(allOnline, 30_000);
    const rotated = newestRefreshToken();
    expect(rotated).not.toBe(refreshToken);
    expect(await sealedRefreshToken(restarted)).toBe(refreshToken);
    quitting = true;
    await quit(restarted);
    expect(await sealedRefreshToken(restarted)).toBe(rotated);

    const grantsBefore = sandbox.newApiLog().grants.length;
    const again = await start(dir);
    await again.waitFor(allOnline, 30_000);
    expect(sandbox.newApiLog().grants.slice(grantsBefore)).toEqual([{ type: 'refresh_token', error: null }]);
  }, 90_000);

  it('the wait is bounded: an answer that never comes does not hold the quit', async () => {
    const { dir } = await loggedIn();
    const token = holdFirstTokenAnswer(sandbox.newApi.tokenEndpoint);
    const restarted = await start(dir, {
      currentApi: { fetch: token.fetch },
      overrides: { shutdownWaitMs: 300 },
    });
    await expect.poll(() => token.answered(), { timeout: 20_000 }).toBe(true);
    const began = Date.now();
    await quit(restarted);
    const took = Date.now() - began;
    expect(took).toBeGreaterThanOrEqual(250);
    expect(took).toBeLessThan(3_000);
    token.release();
  }, 90_000);
});

describe('a refresh whose answer was lost (the server rotated, the app never heard)', () => {
  it('the accounts say so (renewal_lost), the spent token is forgotten and never presented again', async () => {
    const { dir, refreshToken } = await loggedIn();
    await currentFault(sandbox, 'token-answer-lost', { count: 1 });
    const restarted = await start(dir);
    const ended = await restarted.waitFor(
      (s) => s.accounts.length > 0 && s.accounts.every((a) => a.needsLogin),
      30_000,
    );
    expect(new Set(ended.accounts.map((a) => a.needsLoginReason))).toEqual(new Set(['renewal_lost']));
    // Presented once (its answer lost), not a second time, and forgotten on disk.
    expect(sandbox.newApiLog().refreshes.filter((r) => r.token === refreshToken)).toEqual([
      { token: refreshToken, error: null },
    ]);
    await expect.poll(() => sealedRefreshToken(restarted), { timeout: 10_000 }).toBeNull();
    await quit(restarted);

    const again = await start(dir);
    const back = await again.waitFor((s) => s.accounts.length > 0 && s.accounts.every((a) => a.needsLogin), 30_000);
    expect(back.connection.status).not.toBe('online');
    expect(sandbox.newApiLog().refreshes.filter((r) => r.token === refreshToken)).toHaveLength(1);
  }, 90_000);
});
