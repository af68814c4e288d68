/**
 * Issue 27.7, a refresh whose answer is lost after the server rotated the refresh token (the
 * sandbox's `token-answer-lost` fault: oidc-provider does the refresh, then the connection is cut
 * where its answer would go). Presenting the same refresh token again is what Deriv treats as theft
 * (`invalid_grant`, the grant revoked), so by default it is not sent again: the login ends, and the
 * view says why (`renewal_lost`, not a plain "session expired"). Only with `refreshReuseAllowed`
 * (a server documented to accept a reuse) is it retried, once.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import type { Credential } from '../../main/core/backend/port';
import { type SandboxHandle, startSandbox } from '../../sandbox/index';
import { control } from './oauth-helpers';
import { aliceIds, type Harness, makeSession, oauthCredential } from './session-helpers';

let sb: SandboxHandle;
const open: Harness[] = [];

beforeAll(async () => {
  sb = await startSandbox({ port: 0, seed: 2707 });
});
afterEach(async () => {
  await control(sb, 'token-answer-lost', { count: 0 });
  await Promise.all(open.splice(0).map((h) => h.session.close()));
});
afterAll(async () => {
  await sb?.close();
});

/** A credential as the vault restores it (no access token): the session refreshes before anything else. */
async function restored(): Promise<{ credential: Credential; refreshToken: string }> {
  const alice = await oauthCredential(sb);
  if (alice.kind !== 'oauth' || alice.refreshToken === null) throw new Error('no refresh token');
  return {
    credential: { kind: 'oauth', accessToken: '', refreshToken: alice.refreshToken, expiresAt: 0 },
    refreshToken: alice.refreshToken,
  };
}

const presented = (token: string) => sb.newApiLog().refreshes.filter((r) => r.token === token);

describe('a refresh whose answer is lost after the server rotated the token', () => {
  it('by default: not sent again; the login ends with renewal_lost, the token presented once', async () => {
    const ids = aliceIds(sb);
    const { credential, refreshToken } = await restored();
    const fault = await control(sb, 'token-answer-lost', { count: 1 });
    expect(fault).toMatchObject({ ok: true, pending: 1 });
    const h = makeSession(sb, { timing: { refreshMaxAttempts: 4 } });
    open.push(h);
    await expect(h.session.start([{ id: 'g1', credential, accountIds: [ids.demo] }], ids.demo)).rejects.toMatchObject({
      code: 'all_credentials_refused',
    });
    const view = h.session.snapshot();
    expect(view.refused).toEqual([ids.demo]);
    expect(view.refusals?.[ids.demo]).toEqual({ reason: 'renewal_lost', scope: null });
    // The server did rotate it (its answer was lost), and it was never presented a second time.
    expect(presented(refreshToken)).toEqual([{ token: refreshToken, error: null }]);
    expect((await control(sb, 'token-answer-lost', { count: 0 })).lost).toBeGreaterThanOrEqual(1);
    expect(h.renewed).toEqual([]);
  });

  it('with refreshReuseAllowed: retried once with the same token; refused as rotated, it still says renewal_lost', async () => {
    const ids = aliceIds(sb);
    const { credential, refreshToken } = await restored();
    await control(sb, 'token-answer-lost', { count: 1 });
    const h = makeSession(sb, { refreshReuseAllowed: true, timing: { refreshMaxAttempts: 4 } });
    open.push(h);
    await expect(h.session.start([{ id: 'g1', credential, accountIds: [ids.demo] }], ids.demo)).rejects.toMatchObject({
      code: 'all_credentials_refused',
    });
    expect(h.session.snapshot().refusals?.[ids.demo]).toEqual({ reason: 'renewal_lost', scope: null });
    // Exactly one retry: oidc-provider has no reuse interval, so it refuses the spent token.
    expect(presented(refreshToken)).toEqual([
      { token: refreshToken, error: null },
      { token: refreshToken, error: 'invalid_grant' },
    ]);
  });

  it('an answer that is not lost (no fault): renewed once, online', async () => {
    const ids = aliceIds(sb);
    const { credential, refreshToken } = await restored();
    const h = makeSession(sb);
    open.push(h);
    const view = await h.session.start([{ id: 'g1', credential, accountIds: [ids.demo] }], ids.demo);
    expect(view.connection.status).toBe('online');
    expect(presented(refreshToken)).toEqual([{ token: refreshToken, error: null }]);
    expect(h.renewed.map((r) => r.grantId)).toEqual(['g1']);
  });
});
