/**
 * API-token sign-in against the sandbox over real sockets: local pattern check first, then each
 * token authorized on its own; typed errors that never carry a token; and the v3 session holding
 * API-token and OAuth accounts together on one socket.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  ApiTokenError,
  checkApiTokens,
  type HeldCredential,
  missingReadScope,
  parseApiTokens,
} from '../../main/core/auth/api-token-login';
import { type SandboxHandle, startSandbox } from '../../sandbox/index';
import { fault, makeSession } from '../legacy-api/helpers';
import { recordingLogger } from '../support/logger';

let sb: SandboxHandle;
beforeAll(async () => {
  sb = await startSandbox({ seed: 7, apps: [{ appId: '4242', redirectUrl: 'https://app.example/cb' }] });
});
afterAll(() => sb.close());

const alice = () => sb.users[0]!;
const bob = () => sb.users[1]!;
const api = (user: ReturnType<typeof alice>, i: number) => user.apiTokens[i]!;
const endpoint = () => ({ wsUrl: sb.wsUrl, appId: sb.appId, language: 'en' as const });

async function failure(promise: Promise<unknown>): Promise<ApiTokenError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ApiTokenError);
    return error as ApiTokenError;
  }
  throw new Error('expected a refusal');
}

describe('parseApiTokens (local check before anything leaves the machine)', () => {
  it('splits on spaces, commas, semicolons and new lines; drops duplicates', () => {
    expect(parseApiTokens(' abcDEF123456789 ,\nxyz987654321ABC;abcDEF123456789 ')).toEqual([
      'abcDEF123456789',
      'xyz987654321ABC',
    ]);
  });

  it('refuses an empty paste, a token off Deriv’s pattern (by position, never echoing it), too many tokens', () => {
    expect(() => parseApiTokens('  \n ')).toThrow(expect.objectContaining({ code: 'no_tokens' }));
    try {
      parseApiTokens('goodToken123456 bad<token>here');
      throw new Error('accepted');
    } catch (e) {
      expect(e).toMatchObject({ code: 'malformed', position: 2 });
      expect((e as Error).message).not.toContain('bad<token>here');
    }
    const many = Array.from({ length: 27 }, (_, i) => `tok${String(i).padStart(12, '0')}`).join(' ');
    expect(() => parseApiTokens(many)).toThrow(expect.objectContaining({ code: 'too_many_accounts' }));
  });

  it('any input: a list of pattern-valid tokens or a typed error whose message holds no input token', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (input) => {
        try {
          const tokens = parseApiTokens(input);
          for (const t of tokens) expect(t).toMatch(/^[\w-]{1,128}$/);
        } catch (e) {
          expect(e).toBeInstanceOf(ApiTokenError);
          for (const piece of input.split(/[\s,;]+/).filter((p) => p.length >= 6))
            expect((e as Error).message).not.toContain(piece);
        }
      }),
    );
  });
});

describe('checkApiTokens against the sandbox', () => {
  it('each token is one account: its accountId, currency, flags and the token’s scopes, with any app_id', async () => {
    const [usd, btc] = [api(alice(), 0), api(alice(), 1)];
    const accounts = await checkApiTokens([usd.token, btc.token], {
      endpoint: { ...endpoint(), appId: '31337' },
      held: [],
    });
    expect(
      accounts.map(({ accountId, currency, scopes, isVirtual }) => ({ accountId, currency, scopes, isVirtual })),
    ).toEqual([
      { accountId: usd.loginid, currency: 'USD', scopes: usd.scopes, isVirtual: false },
      { accountId: btc.loginid, currency: 'BTC', scopes: ['read', 'trade'], isVirtual: false },
    ]);
    expect(accounts[0]!.token).toBe(usd.token);
    expect(missingReadScope(accounts[1]!.scopes)).toBe(false);
  });

  it('a token without read is accepted; missingReadScope flags it', async () => {
    const vrtc = api(alice(), 2);
    const [account] = await checkApiTokens([vrtc.token], { endpoint: endpoint(), held: [] });
    expect(account!.scopes).toEqual(['trade']);
    expect(missingReadScope(account!.scopes)).toBe(true);
  });

  it('typed refusals: invalid or revoked, disabled, already signed in, same account twice, too many', async () => {
    const logger = recordingLogger();
    const opts = { endpoint: endpoint(), held: [] as HeldCredential[], logger };
    const [usd, , , disabled] = alice().apiTokens;
    const unknown = await failure(checkApiTokens([usd!.token, 'NoSuchToken1234'], opts));
    expect(unknown).toMatchObject({ code: 'invalid_token', position: 2 });
    await fault(sb, 'revoke', { token: bob().apiTokens[0]!.token });
    expect(await failure(checkApiTokens([bob().apiTokens[0]!.token], opts))).toMatchObject({ code: 'invalid_token' });
    await fault(sb, 'reset');
    expect(await failure(checkApiTokens([disabled!.token], opts))).toMatchObject({
      code: 'disabled_account',
      position: 1,
    });
    // The same account twice in one paste (an API token and an OAuth token of one account).
    expect(await failure(checkApiTokens([usd!.token, alice().accounts[0]!.token], opts))).toMatchObject({
      code: 'already_signed_in',
      accountId: usd!.loginid,
    });
    // Already held with that very token.
    const held = [{ accountId: usd!.loginid, token: usd!.token }];
    expect(await failure(checkApiTokens([usd!.token], { ...opts, held }))).toMatchObject({
      code: 'already_signed_in',
    });
    // A newer credential for a held account is fine (it replaces the older one).
    const replaced = await checkApiTokens([usd!.token], {
      ...opts,
      held: [{ accountId: usd!.loginid, token: alice().accounts[0]!.token }],
    });
    expect(replaced.map((a) => a.accountId)).toEqual([usd!.loginid]);
    // Another user's token, with alice's accounts held or pasted with it.
    const bobs = bob().apiTokens[0]!;
    expect(await failure(checkApiTokens([bobs.token], { ...opts, held }))).toMatchObject({
      code: 'other_user',
      position: 1,
      accountId: bobs.loginid,
    });
    expect(await failure(checkApiTokens([usd!.token, bobs.token], opts))).toMatchObject({
      code: 'other_user',
      position: 2,
    });
    // 26 accounts held (fake ones) + one new → more than one socket holds.
    const full = [
      { accountId: alice().accounts[1]!.loginid, token: alice().accounts[1]!.token },
      ...Array.from({ length: 25 }, (_, i) => ({ accountId: `CR${900000 + i}`, token: `t${i}xxxxxxxxxxxx` })),
    ];
    expect(await failure(checkApiTokens([usd!.token], { ...opts, held: full }))).toMatchObject({
      code: 'too_many_accounts',
    });
    // No error and no log line holds a token.
    const secrets = sb.secrets().map((s) => s.value);
    const said = JSON.stringify([logger.lines, unknown.message]);
    for (const s of secrets) expect(said).not.toContain(s);
  });

  it('Deriv out of reach is network_error', async () => {
    await fault(sb, 'refuse', { on: true });
    try {
      expect(await failure(checkApiTokens([api(alice(), 0).token], { endpoint: endpoint(), held: [] }))).toMatchObject({
        code: 'network_error',
      });
    } finally {
      await fault(sb, 'reset');
    }
  });
});

describe('the v3 session with API-token and OAuth accounts together', () => {
  it('authorizes an API token with OAuth tokens on one socket; an OAuth token of another app is refused for that account only', async () => {
    const [usd, btc, vrtc] = alice().accounts;
    // An OAuth token issued to app 4242 (a login there), used on a socket of the default app.
    const foreign = await oauthTokenFor('4242', btc!.loginid);
    const session = makeSession(sb);
    try {
      const view = await session.start(
        [
          { accountId: usd!.loginid, token: usd!.token },
          { accountId: btc!.loginid, token: foreign },
          { accountId: vrtc!.loginid, token: api(alice(), 2).token },
        ],
        usd!.loginid,
      );
      expect([...view.authorized].sort()).toEqual([usd!.loginid, vrtc!.loginid].sort());
      expect(view.refused).toEqual([btc!.loginid]);
      // The API token's account is switchable like any other.
      session.switchAccount(vrtc!.loginid);
      expect(session.snapshot().activeAccountId).toBe(vrtc!.loginid);
    } finally {
      await session.close();
    }
  });
});

async function oauthTokenFor(appId: string, accountId: string): Promise<string> {
  const user = alice();
  const page = await fetch(`${sb.oauthUrl}?app_id=${appId}`);
  const html = await page.text();
  const action = /<form[^>]*action="([^"]*)"/.exec(html)![1]!;
  const res = await fetch(new URL(action, sb.httpUrl), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ app_id: appId, email: user.email, password: user.password, action: 'approve' }),
  });
  const to = new URL(res.headers.get('location')!);
  for (let i = 1; to.searchParams.has(`acct${i}`); i++)
    if (to.searchParams.get(`acct${i}`) === accountId) return to.searchParams.get(`token${i}`)!;
  throw new Error(`no token for ${accountId}`);
}
