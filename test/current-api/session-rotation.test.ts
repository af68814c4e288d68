/**
 * Deriv rotates refresh tokens, and a refresh token sent twice makes the server revoke the whole
 * grant (the sandbox's oidc-provider does so too). A session whose grants change (`setGrants`: a
 * PAT or demo sign-in, a logout of one account) while the first refresh of a restored credential is
 * in flight builds new holders from the credential it was given, which still carries the refresh
 * token already sent: through the one guard (`GrantRenewals`) they join that refresh, not send the
 * token again, and the renewed grant reaches its ledger once, by its id.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import type { Credential } from '../../main/core/backend/port';
import { type SandboxHandle, startSandbox } from '../../sandbox/index';
import { holdFirstTokenAnswer } from '../support/held-token-answer';
import { tokenRequest } from './oauth-helpers';
import {
  accountsOf,
  aliceIds,
  grantOf,
  type Harness,
  leakedSecrets,
  makeSession,
  oauthCredential,
  patCredential,
  waitFor,
} from './session-helpers';

describe('current-API session: one refresh per refresh token', () => {
  let sb: SandboxHandle;
  const harnesses: Harness[] = [];
  beforeAll(async () => {
    sb = await startSandbox({ seed: 57 });
  });
  afterEach(async () => {
    await Promise.all(harnesses.splice(0).map((h) => h.session.close()));
  });
  afterAll(() => sb.close());

  it('setGrants while a restored credential is being refreshed: one refresh_token grant, accounts online, the grant renewed once', async () => {
    const ids = aliceIds(sb);
    const bobs = sb.newApi.users[1]!.accounts.find((a) => a.status === 'active')!.account_id;
    const issued = await oauthCredential(sb);
    if (issued.kind !== 'oauth' || !issued.refreshToken) throw new Error('expected a refresh token');
    // Exactly what the vault restores after a restart: the refresh token only.
    const restored: Credential = { kind: 'oauth', accessToken: '', refreshToken: issued.refreshToken, expiresAt: 0 };
    const token = holdFirstTokenAnswer(sb.newApi.tokenEndpoint);
    const h = makeSession(sb, { fetch: token.fetch });
    harnesses.push(h);
    const told = h.renewed;
    const grantsBefore = sb.newApiLog().grants.length;

    const first = h.session.start(accountsOf([ids.demo, ids.usd], restored), ids.usd).catch((e: Error) => e);
    // The server has rotated the refresh token; the session has not seen the answer yet.
    await waitFor(() => token.answered(), 'the first refresh answered at the server');
    // A PAT sign-in adds Bob's account: the list is handed over with Alice's credential as held.
    const handedOver = h.session.setGrants([
      ...accountsOf([ids.demo, ids.usd], restored),
      grantOf([bobs], patCredential(sb, 1)),
    ]);
    await new Promise((r) => setImmediate(r));
    token.release();
    await handedOver;
    await first;
    await waitFor(() => told.length > 0 && !h.session.snapshot().refreshing, 'the renewal');
    await waitFor(() => {
      const v = h.session.snapshot();
      return v.authorized.length + v.refused.length === 3;
    }, 'every account listed (or refused)');

    const view = h.session.snapshot();
    expect(view.connection.status).toBe('online');
    expect(view.refused).toEqual([]);
    expect(view.refusals).toEqual({});
    expect([...view.authorized].sort()).toEqual([ids.demo, ids.usd, bobs].sort());
    // One use of the refresh token, and the server never had to refuse (and revoke) it.
    const grants = sb.newApiLog().grants.slice(grantsBefore);
    expect(grants).toEqual([{ type: 'refresh_token', error: null }]);
    expect(token.requests()).toBe(1);
    // Renewed once (the holder torn down and its successor joined one refresh), that login by its
    // id, with the rotated refresh token.
    expect(told).toHaveLength(1);
    const [renewal] = told;
    expect(renewal!.grantId).toBe(`oauth-${ids.demo}`);
    const renewed = renewal!.credential;
    expect(renewed.accessToken.length).toBeGreaterThan(0);
    expect(renewed.refreshToken).not.toBe(issued.refreshToken);
    const minted = sb
      .secrets()
      .filter((s) => s.kind === 'refresh_token')
      .map((s) => s.value);
    expect(minted).toContain(renewed.refreshToken);
    // The rotated token is the live one: what a later restart would send is accepted.
    const again = await tokenRequest(sb, {
      grant_type: 'refresh_token',
      client_id: sb.newApi.clientId,
      refresh_token: renewed.refreshToken!,
    });
    expect(again.status).toBe(200);
    expect(leakedSecrets(sb, [JSON.stringify(h.views), JSON.stringify(h.logs)])).toEqual([]);
  }, 60_000);
});
