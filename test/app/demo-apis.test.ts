/**
 * Demo mode on both of Deriv's APIs, against the sandbox over real sockets with the real vault on
 * disk: a new install's demo speaks the current API; a demo PAT and a demo API token are signed in
 * with by their listed id (the secret never leaves main); switching the demo's API logs out first;
 * a demo credential outside demo mode, of the other API, or unknown is refused with a typed error
 * and changes nothing. Every state, payload, log line and file is scanned for every secret.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { CommandFailure } from '../../main/core/app/command-failure';
import type { AppState, DemoCredential, DerivApi } from '../../main/ipc/contract';
import { type SandboxHandle, startSandbox } from '../../sandbox/index';
import { type Harness, harnessLeakSources, type HarnessOptions, startHarness } from '../support/app-harness';
import { FormAuthWindow } from '../support/form-auth-window';
import { expectNoLeaks, knownSecrets } from '../support/leak-scan';
import { makeTempDir, removeDir } from '../support/temp-dir';

let sandbox: SandboxHandle;
const window = new FormAuthWindow(() => ({ email: '', password: '' }));
const open: Harness[] = [];
/** Every harness of the test, closed ones included: all are scanned for leaks. */
const created: Harness[] = [];
const dirs: string[] = [];

async function harness(opts: Partial<HarnessOptions> = {}): Promise<Harness> {
  const h = await startHarness({ sandbox, window, ...opts });
  open.push(h);
  created.push(h);
  if (opts.dir) dirs.push(opts.dir);
  return h;
}

const credential = (state: AppState, api: DemoCredential['api'], email = 'alice@demo.sandbox'): DemoCredential => {
  const found = state.demo?.credentials.find((c) => c.api === api && c.email === email);
  if (!found) throw new Error(`no ${api} demo credential for ${email} in ${JSON.stringify(state.demo)}`);
  return found;
};
const online = (s: AppState) => s.connection.status === 'online' && s.accounts.some((a) => a.authorized);

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 1515 });
});
afterEach(async () => {
  for (const h of created.splice(0)) {
    expectNoLeaks(harnessLeakSources(h), knownSecrets(sandbox, h.received), 1);
  }
  await Promise.all(open.splice(0).map((h) => h.close()));
});
afterAll(async () => {
  await sandbox?.close();
  for (const dir of dirs) removeDir(dir);
});

describe('demo mode on both APIs', () => {
  it("a new install's demo speaks the current API and lists both APIs' credentials, without secrets", async () => {
    const h = await harness({ demoApi: 'app default' });
    const state = h.controller.state();
    expect(state.mode).toBe('demo');
    expect(state.settings).toMatchObject({
      api: 'current',
      authServerUrl: sandbox.newApi.issuer,
      restUrl: sandbox.newApi.restUrl,
      clientId: sandbox.newApi.clientId,
      clientRedirectUrl: sandbox.newApi.redirectUrl,
    });
    // The legacy side of the same sandbox, for a switch to it.
    expect(state.settingsByApi.legacy).toMatchObject({ wsUrl: sandbox.wsUrl, appId: sandbox.appId });
    expect(state.demo?.api).toBe('current');
    expect(state.demo?.users.map((u) => u.email)).toEqual(sandbox.users.map((u) => u.email));
    const pats = state.demo!.credentials.filter((c) => c.kind === 'pat');
    const apiTokens = state.demo!.credentials.filter((c) => c.kind === 'api_token');
    expect(pats.map((c) => [c.api, c.email])).toEqual(sandbox.newApi.users.map((u) => ['current', u.email]));
    expect(apiTokens.map((c) => [c.api, c.accountId])).toEqual(
      sandbox.users.flatMap((u) => u.apiTokens.map((t) => ['legacy', t.loginid])),
    );
    expect(pats[0]!.scopes).toEqual(sandbox.newApi.users[0]!.scopes);
    // Ids and nothing of the secret: the leak scan in afterEach checks the whole state too.
    expect(Object.keys(pats[0]!).sort()).toEqual(['accountId', 'api', 'email', 'id', 'kind', 'scopes']);
  });

  it('an existing install whose demo spoke the legacy API keeps it after a restart', async () => {
    const dir = makeTempDir();
    const first = await harness({ dir, demoApi: 'legacy' });
    expect(first.controller.state().settings.api).toBe('legacy');
    await first.close();
    open.splice(open.indexOf(first), 1);
    const again = await harness({ dir, demoApi: 'app default' });
    expect(again.controller.state()).toMatchObject({
      mode: 'demo',
      settings: { api: 'legacy' },
      demo: { api: 'legacy' },
    });
  });

  it('a demo PAT signs in on the current API over real sockets, and a restart restores it', async () => {
    const dir = makeTempDir();
    const h = await harness({ dir, defaultMode: 'unconfigured' });
    const chosen = await h.controller.handlers().chooseMode({ mode: 'demo', api: 'current' });
    expect(chosen.settings.api).toBe('current');
    const pat = credential(chosen, 'current');
    expect(pat.kind).toBe('pat');

    await h.controller.handlers().signIn({ api: 'current', method: 'demo', id: pat.id });
    const state = await h.waitFor(online, 20_000);
    const alice = sandbox.newApi.users[0]!;
    expect(state.accounts.map((a) => [a.accountId, a.api])).toEqual(
      alice.accounts.map((a) => [a.account_id, 'current']),
    );
    expect(state.login.status).toBe('idle');
    // The PAT went to main by id only: the renderer's payloads never held it (scanned in afterEach).
    expect(h.payloads).toContainEqual({ command: 'signIn', args: { api: 'current', method: 'demo', id: pat.id } });
    await h.waitFor((s) => s.persistence.tokensPersisted, 10_000);
    await h.close();
    open.splice(open.indexOf(h), 1);

    const again = await harness({ dir, defaultMode: 'unconfigured' });
    const restored = await again.waitFor(online, 20_000);
    expect(restored).toMatchObject({ mode: 'demo', settings: { api: 'current' }, demo: { api: 'current' } });
    expect(restored.accounts.map((a) => a.accountId)).toEqual(alice.accounts.map((a) => a.account_id));
  });

  it("switching the demo's API logs out first (with its notice), then the other API's credential signs in", async () => {
    const h = await harness({ defaultMode: 'unconfigured' });
    const chosen = await h.controller.handlers().chooseMode({ mode: 'demo', api: 'current' });
    await h.controller.handlers().signIn({ api: 'current', method: 'demo', id: credential(chosen, 'current').id });
    await h.waitFor(online, 20_000);

    const switched = await h.controller.handlers().chooseMode({ mode: 'demo', api: 'legacy' });
    expect(switched.accounts).toEqual([]);
    expect(switched.settings.api).toBe('legacy');
    expect(switched.demo?.api).toBe('legacy');
    expect(switched.notices.map((n) => n.code)).toContain('endpoint_changed');
    expect((await h.vault.restore()).accounts).toEqual([]);

    // Choosing demo again without an API keeps the demo's API.
    expect((await h.controller.handlers().chooseMode({ mode: 'demo' })).settings.api).toBe('legacy');

    const token = credential(switched, 'legacy');
    expect(token).toMatchObject({ kind: 'api_token', accountId: sandbox.users[0]!.apiTokens[0]!.loginid });
    await h.controller.handlers().signIn({ api: 'legacy', method: 'demo', id: token.id });
    const legacy = await h.waitFor(online, 20_000);
    expect(legacy.accounts.map((a) => [a.accountId, a.api, a.source])).toEqual([
      [token.accountId, 'legacy', 'api_token'],
    ]);
  });

  it('outside demo mode, of the other API, or unknown: a typed refusal, and nothing changes', async () => {
    const h = await harness({ defaultMode: 'unconfigured' });
    const demo = await h.controller.handlers().chooseMode({ mode: 'demo', api: 'legacy' });
    const pat = credential(demo, 'current');
    const unchanged = (before: AppState, after: AppState) =>
      expect([after.accounts, after.settings]).toEqual([before.accounts, before.settings]);
    const refused = async (api: DerivApi, id: string, code: string) => {
      const before = h.controller.state();
      const error = await Promise.resolve()
        .then(() => h.controller.handlers().signIn({ api, method: 'demo', id }))
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CommandFailure);
      expect(error).toMatchObject({ code });
      unchanged(before, h.controller.state());
      expect(h.controller.state().login).toEqual(before.login);
    };
    // Named for the API the demo speaks, but the credential is the other API's.
    await refused('legacy', pat.id, 'demo_other_api');
    await refused('legacy', 'legacy-api-token-999', 'demo_unknown_credential');
    // Named for its own API while the demo speaks the other: the one "wrong API" rule, in the login state.
    const before = h.controller.state();
    const raced = await h.controller.handlers().signIn({ api: 'current', method: 'demo', id: pat.id });
    expect(raced.login).toEqual({
      status: 'failed',
      method: 'pat',
      error: { code: 'wrong_api', params: {} },
      reloginFor: null,
    });
    unchanged(before, raced);
    await h.controller.handlers().chooseMode({ mode: 'deriv', api: 'current', clientId: '', clientRedirectUrl: '' });
    await refused('current', pat.id, 'demo_not_running');
    expect(h.controller.state().demo).toBeNull();
  });
});
