/**
 * Sign-in with API tokens, as the renderer drives it, against the sandbox over real sockets with
 * the real vault on disk: several tokens at once, mixed with an OAuth login on the one socket, a
 * restart, failures that change nothing, the missing-scope warning, logout that leaves the token
 * valid at Deriv, and no token in anything published to the renderer or written in clear.
 */
import { readFileSync } from 'node:fs';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { type SandboxHandle, startSandbox } from '../../sandbox/index';
import { type Harness, harnessLeakSources, startHarness } from '../support/app-harness';
import { FormAuthWindow, type FormUser } from '../support/form-auth-window';
import { expectNoLeaks, knownSecrets, scanForLeaks } from '../support/leak-scan';
import { makeTempDir, removeDir } from '../support/temp-dir';

let sandbox: SandboxHandle;
let user: FormUser;
const window = new FormAuthWindow(() => user);
const open: Harness[] = [];
const dirs: string[] = [];

async function harness(dir?: string): Promise<Harness> {
  const h = await startHarness({ sandbox, window, ...(dir ? { dir } : {}) });
  open.push(h);
  return h;
}
async function closeOne(h: Harness): Promise<void> {
  await h.close();
  open.splice(open.indexOf(h), 1);
}
const post = (path: string, body: unknown = {}) =>
  fetch(`${sandbox.httpUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const alice = () => sandbox.users[0]!;
const apiToken = (i: number) => alice().apiTokens[i]!;
const authorizeWith = async (token: string) => {
  const { WsClient } = await import('../sandbox/ws-client');
  const c = await WsClient.open(sandbox.wsUrl);
  const answer = await c.call({ authorize: token });
  await c.close();
  return answer;
};

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 7 });
});
afterEach(async () => {
  for (const h of open) {
    expectNoLeaks(harnessLeakSources(h), knownSecrets(sandbox, h.received));
  }
  await Promise.all(open.splice(0).map((h) => h.close()));
  await post('/__sandbox/reset');
});
afterAll(async () => {
  await sandbox.close();
  dirs.forEach(removeDir);
});

describe('API-token sign-in', () => {
  it('two tokens → two accounts (source api_token, scopes), authorized together, stored sealed, restored after a restart', async () => {
    const dir = makeTempDir('deriv-desktop-store-');
    dirs.push(dir);
    const first = await harness(dir);
    const [usd, btc] = [apiToken(0), apiToken(1)];
    const state = await first.controller
      .handlers()
      .signIn({ api: 'legacy', method: 'api_token', tokens: `${usd.token}\n${btc.token}` });
    expect(state.login).toEqual({ status: 'idle' });
    const online = await first.waitFor(
      (s) => s.connection.status === 'online' && s.accounts.every((a) => a.authorized) && s.persistence.tokensPersisted,
    );
    expect(online.accounts.map(({ accountId, source, scopes }) => ({ accountId, source, scopes }))).toEqual([
      { accountId: usd.loginid, source: 'api_token', scopes: usd.scopes },
      { accountId: btc.loginid, source: 'api_token', scopes: btc.scopes },
    ]);
    expect(online.activeAccountId).toBe(usd.loginid);
    // One authorize carried both tokens.
    const both = sandbox
      .received()
      .filter(
        (m) => m.request.authorize === usd.token && (m.request.tokens as string[] | undefined)?.includes(btc.token),
      );
    expect(both.length).toBeGreaterThan(0);
    await first.controller.handlers().switchAccount({ accountId: btc.loginid });
    await closeOne(first);
    expect(scanForLeaks({ logs: [readFileSync(first.storePath, 'utf8')] }, knownSecrets(sandbox))).toEqual([]);

    const second = await harness(dir);
    const restored = await second.waitFor(
      (s) => s.connection.status === 'online' && s.accounts.length === 2 && s.accounts.every((a) => a.authorized),
    );
    expect(restored.activeAccountId).toBe(btc.loginid);
    expect(restored.accounts.map((a) => [a.source, a.scopes])).toEqual([
      ['api_token', usd.scopes],
      ['api_token', btc.scopes],
    ]);
  });

  it('mixes with an OAuth login on one socket; a newer credential for the same accountId replaces the older', async () => {
    const h = await harness();
    user = { email: alice().email, password: alice().password, action: 'approve' };
    await h.controller.handlers().signIn({ api: 'legacy', method: 'oauth' });
    const oauth = await h.waitFor((s) => s.connection.status === 'online' && s.accounts.every((a) => a.authorized));
    expect(oauth.accounts.every((a) => a.source === 'oauth')).toBe(true);
    const count = oauth.accounts.length;
    // alice's USD account again, now by API token: same account, newer credential.
    await h.controller.handlers().signIn({ api: 'legacy', method: 'api_token', tokens: apiToken(0).token });
    const mixed = await h.waitFor(
      (s) =>
        s.accounts.find((a) => a.accountId === apiToken(0).loginid)?.source === 'api_token' &&
        s.connection.status === 'online' &&
        s.accounts.every((a) => a.authorized),
    );
    expect(mixed.accounts).toHaveLength(count);
    expect(mixed.accounts.filter((a) => a.source === 'oauth')).toHaveLength(count - 1);
    const last = sandbox
      .received()
      .filter((m) => 'authorize' in m.request)
      .at(-1)!.request;
    expect([last.authorize, ...((last.tokens as string[] | undefined) ?? [])]).toContain(apiToken(0).token);
  });

  it('a wrong, revoked or disabled token: a typed error, nothing stored, nothing signed in changed', async () => {
    const h = await harness();
    await h.controller.handlers().signIn({ api: 'legacy', method: 'api_token', tokens: apiToken(0).token });
    const before = await h.waitFor((s) => s.connection.status === 'online' && s.persistence.tokensPersisted);
    const stored = readFileSync(h.storePath, 'utf8');
    const authorizesBefore = sandbox.received().filter((m) => 'authorize' in m.request);
    const sessionConnection = authorizesBefore.at(-1)!.connectionId;

    const cases: [string, string, number | null][] = [
      [`${apiToken(1).token} NoSuchToken1234`, 'invalid_token', 2],
      [apiToken(3).token, 'disabled_account', 1],
      ['not a token!', 'malformed', 3],
      [apiToken(0).token, 'already_signed_in', 1],
    ];
    for (const [tokens, code, position] of cases) {
      const state = await h.controller.handlers().signIn({ api: 'legacy', method: 'api_token', tokens });
      expect(state.login).toEqual({
        status: 'failed',
        method: 'api_token',
        error: { code, params: { position } },
        reloginFor: null,
      });
      expect(state.accounts).toEqual(before.accounts);
      expect(state.activeAccountId).toBe(before.activeAccountId);
    }
    expect(readFileSync(h.storePath, 'utf8')).toBe(stored);
    // The running session was not touched: the checks ran on sockets of their own.
    const later = sandbox
      .received()
      .filter((m) => 'authorize' in m.request)
      .slice(authorizesBefore.length);
    expect(later.length).toBeGreaterThan(0);
    expect(later.filter((m) => m.connectionId === sessionConnection)).toEqual([]);
  });

  it('a token without read: accepted with a warning naming the scope; the session stays online', async () => {
    const h = await harness();
    const vrtc = apiToken(2);
    await h.controller.handlers().signIn({ api: 'legacy', method: 'api_token', tokens: vrtc.token });
    const state = await h.waitFor((s) => s.connection.status === 'online' && s.accounts.every((a) => a.authorized));
    expect(state.accounts[0]).toMatchObject({ accountId: vrtc.loginid, scopes: ['trade'] });
    expect(state.notices).toContainEqual(
      expect.objectContaining({ code: 'api_token_missing_scope', params: { account: vrtc.loginid, scope: 'read' } }),
    );
  });

  it('logout does not revoke an API token at Deriv; forget everything deletes it from this computer', async () => {
    const h = await harness();
    const [usd, btc] = [apiToken(0), apiToken(1)];
    await h.controller.handlers().signIn({ api: 'legacy', method: 'api_token', tokens: `${usd.token} ${btc.token}` });
    await h.waitFor((s) => s.connection.status === 'online' && s.persistence.tokensPersisted);
    await h.controller.handlers().logout({ accountId: btc.loginid });
    await h.controller.handlers().logout(undefined);
    expect(h.controller.state().accounts).toEqual([]);
    for (const t of [usd, btc]) expect((await authorizeWith(t.token)).error).toBeUndefined();

    await h.controller.handlers().signIn({ api: 'legacy', method: 'api_token', tokens: usd.token });
    await h.waitFor((s) => s.persistence.tokensPersisted);
    await h.controller.handlers().forgetEverything();
    expect(h.controller.state().accounts).toEqual([]);
    const raw = readFileSync(h.storePath, 'utf8');
    expect(raw).not.toContain(usd.loginid);
    expect((await authorizeWith(usd.token)).error).toBeUndefined();
  });
});
