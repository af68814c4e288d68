/**
 * Issue 27.5: a renderer taken over by a script can ask, but only the user can say yes. Pointing a
 * server address at a host that is neither Deriv's nor this computer, and keeping tokens on disk
 * without real encryption, each need a yes in main (the `Confirm` port: a native dialog in the app,
 * a recorded answer here). Through the controller against the sandbox, and through the IPC
 * dispatcher as the renderer reaches it.
 *
 * The foreign host is a TCP listener on 127.0.0.2: on Linux the whole of 127/8 is this computer,
 * but the model's loopback rule names 127.0.0.1, localhost and ::1 only, so to the app it is a
 * host like any other on the Internet, and whatever reaches it is counted.
 */
import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { newForeignHosts } from '../../main/core/app/confirmations';
import { isDerivUrl } from '../../main/core/model';
import { APP_ORIGIN } from '../../main/core/shell/security-policy';
import { createDispatcher } from '../../main/ipc/dispatch';
import { type SandboxHandle, startSandbox } from '../../sandbox/index';
import { AesCipher } from '../support/aes-cipher';
import {
  type Harness,
  type HarnessOptions,
  onSandboxCurrentApi,
  PRODUCTION_DEFAULTS,
  startHarness,
} from '../support/app-harness';
import { FormAuthWindow } from '../support/form-auth-window';
import { makeTempDir, removeDir } from '../support/temp-dir';

let sandbox: SandboxHandle;
let foreign: net.Server;
let foreignUrl = '';
const reached: string[] = [];
const window = new FormAuthWindow(() => ({ email: '', password: '' }));
const open: Harness[] = [];
const dirs: string[] = [];
const appFrame = { url: `${APP_ORIGIN}/index.html`, isMainFrame: true };

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 2705 });
  foreign = net.createServer((socket) => {
    reached.push(socket.remoteAddress ?? '?');
    socket.destroy();
  });
  await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.2', resolve));
  foreignUrl = `https://127.0.0.2:${(foreign.address() as net.AddressInfo).port}`;
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.close()));
  reached.length = 0;
});
afterAll(async () => {
  await sandbox?.close();
  await new Promise((resolve) => foreign?.close(resolve));
  dirs.forEach(removeDir);
});

async function start(opts: Partial<HarnessOptions> = {}): Promise<Harness> {
  const dir = makeTempDir('deriv-desktop-store-');
  dirs.push(dir);
  const h = await startHarness({ sandbox, window, dir, defaultMode: 'unconfigured', ...opts });
  open.push(h);
  return h;
}

const storedSettings = (h: Harness) =>
  (JSON.parse(readFileSync(h.storePath, 'utf8')) as { settings: Record<string, unknown> }).settings;

function signInWithPat(h: Harness) {
  const api = sandbox.newApi;
  return h.controller.handlers().signIn({ api: 'current', method: 'pat', token: api.users[0]!.pat, appId: api.appId });
}

describe('Deriv’s hosts, the one rule', () => {
  it.each([
    ['https://api.derivws.com', true],
    ['wss://ws.derivws.com/websockets/v3', true],
    ['https://auth.deriv.com', true],
    ['https://DERIV.COM.', true],
    ['https://derivws.com.attacker.example', false],
    ['https://evilderiv.com', false],
    ['https://deriv.com@attacker.example', false],
    ['https://127.0.0.2:443', false],
    ['not a url', false],
  ])('%s is Deriv’s: %s', (url, expected) => {
    expect(isDerivUrl(url)).toBe(expected);
  });

  it('asks only for changed addresses outside Deriv and this computer, each host once; redirect URLs are not asked', () => {
    const before = { ...PRODUCTION_DEFAULTS, api: 'current' as const };
    expect(
      newForeignHosts(before, { ...before, restUrl: 'http://127.0.0.1:9/x', authServerUrl: 'https://x.deriv.com' }),
    ).toEqual([]);
    expect(
      newForeignHosts(before, {
        ...before,
        restUrl: 'https://api.example.net/v1',
        authServerUrl: 'https://api.example.net',
        clientRedirectUrl: 'https://my-site.example/cb',
      }),
    ).toEqual(['api.example.net']);
    // Already pointed there (confirmed before): unchanged, not asked again.
    const there = { ...before, restUrl: 'https://api.example.net' };
    expect(newForeignHosts(there, { ...there, language: 'fr' })).toEqual([]);
  });
});

describe('a server address outside Deriv needs the user’s yes, asked in main', () => {
  it('without a yes: not_confirmed, the settings and the store unchanged, and a sign-in reaches only the old server', async () => {
    const h = await start();
    await onSandboxCurrentApi(h, sandbox, 'pat');
    const before = h.controller.state();
    const storedBefore = storedSettings(h);
    await expect(h.controller.handlers().saveSettings({ api: 'current', restUrl: foreignUrl })).rejects.toMatchObject({
      code: 'not_confirmed',
      params: { question: 'foreign_address' },
    });
    // The user was asked, in the app's language, naming the host.
    expect(h.questions).toHaveLength(1);
    expect(h.questions[0]!.message).toContain(new URL(foreignUrl).host);
    const after = h.controller.state();
    expect(after.settings).toEqual(before.settings);
    expect(after.settingsByApi).toEqual(before.settingsByApi);
    expect(storedSettings(h)).toEqual(storedBefore);
    // A sign-in now goes where it went before, and nothing reaches the foreign host.
    await signInWithPat(h);
    const signedIn = await h.waitFor((s) => s.connection.status === 'online' && s.accounts.length > 0, 20_000);
    expect(signedIn.settings).toMatchObject({ restUrl: sandbox.newApi.restUrl });
    expect(reached).toEqual([]);
  });

  it('with a yes: saved, and main then really talks to that host', async () => {
    const h = await start({ confirm: 'yes' });
    await onSandboxCurrentApi(h, sandbox, 'pat');
    expect(h.questions).toEqual([]); // the sandbox is this computer: no question
    const saved = await h.controller.handlers().saveSettings({ api: 'current', restUrl: foreignUrl });
    expect(saved.settings).toMatchObject({ api: 'current', restUrl: foreignUrl });
    expect(storedSettings(h)).toMatchObject({ restUrl: foreignUrl });
    expect(h.questions).toHaveLength(1);
    const failed = await signInWithPat(h);
    // The listener speaks no TLS: the sign-in fails, after reaching it.
    expect(failed.login.status).toBe('failed');
    expect(reached.length).toBeGreaterThan(0);
  });

  it('Deriv’s own addresses and this computer need no question; a question in French when the app speaks French', async () => {
    const h = await start({ confirm: 'yes' });
    await onSandboxCurrentApi(h, sandbox, 'pat');
    await h.controller.handlers().saveSettings({ api: 'current', language: 'fr' });
    await h.controller
      .handlers()
      .saveSettings({ api: 'current', restUrl: 'https://api.derivws.com', authServerUrl: 'https://auth.deriv.com' });
    await h.controller.handlers().saveSettings({ api: 'legacy', wsUrl: 'wss://ws.derivws.com/websockets/v3' });
    expect(h.questions).toEqual([]);
    await h.controller.handlers().saveSettings({ api: 'legacy', wsUrl: 'wss://ws.example.net/websockets/v3' });
    expect(h.questions.map((q) => q.message)).toEqual(['Envoyer vos connexions Deriv à ws.example.net ?']);
  });

  it('one question at a time: a second request while the dialog is open is refused at once', async () => {
    let answer!: (yes: boolean) => void;
    const h = await start({ confirm: () => new Promise<boolean>((resolve) => (answer = resolve)) });
    await onSandboxCurrentApi(h, sandbox, 'pat');
    const first = h.controller.handlers().saveSettings({ api: 'current', restUrl: foreignUrl });
    await expect(
      h.controller.handlers().saveSettings({ api: 'current', restUrl: 'https://other.example.net' }),
    ).rejects.toMatchObject({ code: 'not_confirmed' });
    expect(h.questions).toHaveLength(1);
    answer(false);
    await expect(first).rejects.toMatchObject({ code: 'not_confirmed' });
    expect(h.controller.state().settings).toMatchObject({ restUrl: sandbox.newApi.restUrl });
  });
});

describe('tokens on disk without encryption need the user’s yes, asked in main', () => {
  const grantsOnDisk = (h: Harness) =>
    existsSync(h.storePath)
      ? ((JSON.parse(readFileSync(h.storePath, 'utf8')) as { grants?: { sealedSecret: string | null }[] }).grants ?? [])
      : [];
  const sealed = (h: Harness) => grantsOnDisk(h).filter((g) => g.sealedSecret !== null);

  it('without a yes: not_confirmed, no token written, the consent unchanged; with a yes: written', async () => {
    let yes = false;
    const h = await start({ cipher: new AesCipher({ backend: 'basic_text' }), confirm: async () => yes });
    await onSandboxCurrentApi(h, sandbox, 'pat');
    await signInWithPat(h);
    await h.waitFor((s) => s.connection.status === 'online' && s.accounts.length > 0, 20_000);
    // The login is on disk, its secret not (no real encryption, no consent).
    await expect.poll(() => grantsOnDisk(h).length, { timeout: 10_000 }).toBeGreaterThan(0);
    await expect(h.controller.handlers().setPlaintextConsent({ allow: true })).rejects.toMatchObject({
      code: 'not_confirmed',
      params: { question: 'plaintext_storage' },
    });
    expect(h.questions.map((q) => q.title)).toEqual(['Keep tokens without encryption?']);
    expect(sealed(h)).toEqual([]);
    expect(h.controller.state().persistence).toMatchObject({ plaintextConsent: null, tokensPersisted: false });
    yes = true;
    const consented = await h.controller.handlers().setPlaintextConsent({ allow: true });
    expect(consented.persistence).toMatchObject({ plaintextConsent: true, tokensPersisted: true });
    expect(sealed(h).length).toBeGreaterThan(0);
    // Taking it back needs no question.
    await h.controller.handlers().setPlaintextConsent({ allow: false });
    expect(h.questions).toHaveLength(2);
  });
});

describe('through the IPC dispatcher, as the renderer reaches it', () => {
  it('saveSettings to a foreign host and plaintext consent without a yes cross as not_confirmed; nothing changed', async () => {
    const h = await start({ cipher: new AesCipher({ backend: 'basic_text' }) });
    await onSandboxCurrentApi(h, sandbox, 'pat');
    const dispatch = createDispatcher({ handlers: h.controller.handlers(), appOrigin: APP_ORIGIN });
    expect(await dispatch('saveSettings', appFrame, { api: 'current', restUrl: foreignUrl })).toEqual({
      ok: false,
      error: { code: 'not_confirmed', params: { question: 'foreign_address' } },
    });
    expect(await dispatch('setPlaintextConsent', appFrame, { allow: true })).toEqual({
      ok: false,
      error: { code: 'not_confirmed', params: { question: 'plaintext_storage' } },
    });
    expect(h.controller.state().settings).toMatchObject({ restUrl: sandbox.newApi.restUrl });
    expect(h.controller.state().persistence.plaintextConsent).toBeNull();
    // Loopback (the sandbox, demo mode): no question, saved.
    const loopback = await dispatch('saveSettings', appFrame, {
      api: 'current',
      restUrl: `${sandbox.newApi.restUrl}/`,
    });
    expect(loopback).toMatchObject({ ok: true });
    expect(h.questions).toHaveLength(2);
  });
});
