/**
 * Current-API logins held in main, with a real vault on a real file: one grant for the login's
 * accounts, opened by a backend of their API only, saved whole (one sealed secret) once the backend
 * has opened one of them; a renewal replaces that one grant by its id, held at once and re-sealed,
 * and a late one (a replaced backend) changes nothing; nothing saved for accounts logged out before
 * the backend accepted them.
 */
import fs from 'node:fs';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { accountViews } from '../../main/core/app/account-views';
import { HeldAccounts } from '../../main/core/app/held-accounts';
import type { CurrentLogin } from '../../main/core/auth/current-flow';
import type { BackendView } from '../../main/core/backend/port';
import type { NoticeInput } from '../../main/core/model';
import { AesCipher } from '../support/aes-cipher';
import { DERIV_SETTINGS, destinationOf } from '../support/sample-state';
import { makeTempDir } from '../support/temp-dir';
import { expectNoTokenOnDisk, makeToken, startApp } from '../vault/helpers';

let dir: string;
beforeEach(() => {
  dir = makeTempDir();
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const keyring = () => new AesCipher({ passphrase: 'held-current' });

function login(): CurrentLogin {
  return {
    credential: { kind: 'oauth', accessToken: makeToken('access'), refreshToken: makeToken('refresh'), expiresAt: 1 },
    appId: '41234',
    accounts: [
      { account_id: 'DOT1', account_type: 'demo', currency: 'USD', balance: '1', status: 'active', group: 'demo' },
      { account_id: 'ROT2', account_type: 'real', currency: 'USD', balance: '2', status: 'active', group: 'row' },
    ],
    raw: {},
  };
}

const view = (authorized: string[]): BackendView => ({
  connection: { status: 'online', since: 1 },
  balances: {},
  authorized,
  refused: [],
  disabled: [],
  activeAccountId: authorized[0] ?? null,
  details: null,
});

/** Waits for the vault's queued writes (each save is chained; restore() waits for the queue). */
/** The saves started so far, done and written (as at quit: a coalesced write too). */
const settle = async (vault: { settled(): Promise<unknown> }) => {
  await new Promise((r) => setTimeout(r, 0));
  await vault.settled();
};

describe('current-API logins held in main', () => {
  const settings = () => destinationOf({ ...DERIV_SETTINGS, api: 'current', clientId: '41234' });
  const hold = (vault: ConstructorParameters<typeof HeldAccounts>[0], notice: (n: NoticeInput) => void = () => {}) =>
    new HeldAccounts(vault, notice, settings);
  const restoredOAuth = (refreshToken: string | null) => ({
    kind: 'oauth',
    accessToken: '',
    refreshToken,
    expiresAt: 0,
  });

  it('one grant for the login, opened only by a current-API backend, saved once the backend opens one account', async () => {
    const app = await startApp(dir, keyring());
    const notices: NoticeInput[] = [];
    const held = hold(app.vault, (n) => notices.push(n));
    const l = login();
    held.addCurrentLogin(l);
    const [grant] = held.usable('current');
    expect(held.usable('current')).toEqual([{ id: grant!.id, credential: l.credential, accountIds: ['DOT1', 'ROT2'] }]);
    expect(held.grants[0]).toMatchObject({
      api: 'current',
      source: 'oauth',
      // Where its secret may go: the app it was issued to, the REST base and the server that renews it.
      destination: { appId: '41234', urls: [DERIV_SETTINGS.restUrl, DERIV_SETTINGS.authServerUrl] },
    });
    expect(held.usable('legacy')).toEqual([]);
    expect(held.pickActive(null)).toBe('DOT1');

    held.learn(view([]), 'DOT1');
    await settle(app.vault);
    expect((await (await startApp(dir, keyring())).vault.restore()).accounts).toEqual([]);

    held.learn(view(['DOT1']), 'DOT1');
    await settle(app.vault);
    const restored = await (await startApp(dir, keyring())).vault.restore();
    const refreshToken = l.credential.kind === 'oauth' && l.credential.refreshToken;
    expect(restored.grants).toEqual([
      {
        id: grant!.id,
        api: 'current',
        source: 'oauth',
        destination: { appId: '41234', urls: [DERIV_SETTINGS.restUrl, DERIV_SETTINGS.authServerUrl] },
        accountIds: ['DOT1', 'ROT2'],
        credential: restoredOAuth(refreshToken || null),
      },
    ]);
    expect(restored.accounts.map((a) => [a.accountId, a.api, a.grantId])).toEqual([
      ['DOT1', 'current', grant!.id],
      ['ROT2', 'current', grant!.id],
    ]);
    expect(restored.activeAccountId).toBe('DOT1');
    expect(held.isSaved('ROT2')).toBe(true);
    expect(notices).toEqual([]);
    expectNoTokenOnDisk(dir, [l.credential.kind === 'oauth' ? l.credential.accessToken : '']);
  });

  it('a renewal replaces that one grant by its id: held at once, re-sealed on disk, the other login untouched', async () => {
    const app = await startApp(dir, keyring());
    const held = hold(app.vault);
    const l = login();
    held.addCurrentLogin(l);
    const other = {
      ...login(),
      accounts: [
        { account_id: 'DOT9', account_type: 'demo', currency: 'USD', balance: '1', status: 'active', group: 'demo' },
      ],
    } as CurrentLogin;
    held.addCurrentLogin(other);
    held.learn(view(['DOT1', 'ROT2', 'DOT9']), 'DOT1');
    await settle(app.vault);
    const [mine, theirs] = held.usable('current');
    const renewed = {
      kind: 'oauth' as const,
      accessToken: makeToken('a2'),
      refreshToken: makeToken('r2'),
      expiresAt: 2,
    };
    let requests = 0;
    const answer = await held.renewals.renew(mine!.id, l.credential as never, async () => {
      requests++;
      return renewed;
    });
    expect(answer).toEqual(renewed);
    expect(requests).toBe(1);
    expect(held.usable('current').map((g) => g.credential)).toEqual([renewed, other.credential]);
    await settle(app.vault);
    const restored = await (await startApp(dir, keyring())).vault.restore();
    expect(restored.grants.map((g) => [g.id, g.credential])).toEqual([
      [mine!.id, restoredOAuth(renewed.refreshToken)],
      [theirs!.id, restoredOAuth(other.credential.kind === 'oauth' ? other.credential.refreshToken : null)],
    ]);
  });

  it('a late renewal (a replaced backend) adopts what the grant holds, sends nothing, and changes nothing held or sealed', async () => {
    const app = await startApp(dir, keyring());
    const held = hold(app.vault);
    const l = login();
    held.addCurrentLogin(l);
    held.learn(view(['DOT1', 'ROT2']), 'DOT1');
    await settle(app.vault);
    const id = held.grants[0]!.id;
    const oauth = (name: string) => ({
      kind: 'oauth' as const,
      accessToken: makeToken(`a-${name}`),
      refreshToken: makeToken(`r-${name}`),
      expiresAt: 2,
    });
    const second = oauth('second');
    const third = oauth('third');
    await held.renewals.renew(id, l.credential as never, async () => second);
    await held.renewals.renew(id, second, async () => third);
    // A holder of a backend replaced meanwhile, still at the login's first refresh token.
    let sent = 0;
    const late = await held.renewals.renew(id, l.credential as never, async () => {
      sent++;
      return oauth('stale');
    });
    expect(sent).toBe(0);
    expect(late).toEqual(third);
    expect(held.usable('current').map((g) => g.credential)).toEqual([third]);
    await settle(app.vault);
    const restored = await (await startApp(dir, keyring())).vault.restore();
    expect(restored.grants.map((g) => g.credential)).toEqual([restoredOAuth(third.refreshToken)]);
  });

  it('a renewal of a login not saved yet is held, and saved with it (no second seal path)', async () => {
    const app = await startApp(dir, keyring());
    const held = hold(app.vault);
    const l = login();
    held.addCurrentLogin(l);
    const id = held.grants[0]!.id;
    const renewed = {
      kind: 'oauth' as const,
      accessToken: makeToken('a2'),
      refreshToken: makeToken('r2'),
      expiresAt: 2,
    };
    await held.renewals.renew(id, l.credential as never, async () => renewed);
    await settle(app.vault);
    expect((await (await startApp(dir, keyring())).vault.restore()).grants).toEqual([]);
    held.learn(view(['DOT1']), 'DOT1');
    await settle(app.vault);
    const restored = await (await startApp(dir, keyring())).vault.restore();
    expect(restored.grants.map((g) => g.credential)).toEqual([restoredOAuth(renewed.refreshToken)]);
  });

  it('a login whose refresh token was refused: its secret is forgotten, held and sealed, so no later start presents it', async () => {
    const app = await startApp(dir, keyring());
    const held = hold(app.vault);
    const l = login();
    held.addCurrentLogin(l);
    held.learn(view(['DOT1', 'ROT2']), 'DOT1');
    await settle(app.vault);
    expect(held.usable('current')).toHaveLength(1);
    held.learn(
      {
        ...view([]),
        refused: ['DOT1', 'ROT2'],
        refusals: {
          DOT1: { reason: 'session_expired', scope: null },
          ROT2: { reason: 'session_expired', scope: null },
        },
      },
      'DOT1',
    );
    // No backend is handed the dead refresh token again; the accounts stay, needing a login.
    expect(held.usable('current')).toEqual([]);
    expect(accountViews(held, null).map((v) => [v.accountId, v.needsLoginReason])).toEqual([
      ['DOT1', 'session_expired'],
      ['ROT2', 'session_expired'],
    ]);
    await settle(app.vault);
    const restored = await (await startApp(dir, keyring())).vault.restore();
    expect(restored.accounts.map((a) => a.accountId)).toEqual(['DOT1', 'ROT2']);
    expect(restored.grants.map((g) => g.credential)).toEqual([null]);
    const refreshToken = l.credential.kind === 'oauth' ? l.credential.refreshToken! : '';
    const file = fs.readFileSync(`${dir}/accounts.json`, 'utf8');
    const grants = (JSON.parse(file) as { grants: { sealedSecret: string | null }[] }).grants;
    expect(grants.map((g) => g.sealedSecret)).toEqual([null]);
    expectNoTokenOnDisk(dir, [refreshToken]);
  });

  it("a refusal published before the backend took a login again is the old login's: the new one keeps its secret", async () => {
    const app = await startApp(dir, keyring());
    const held = hold(app.vault);
    held.addCurrentLogin(login());
    held.learn(view(['DOT1', 'ROT2']), 'DOT1');
    await settle(app.vault);
    const expiredView = {
      ...view([]),
      refused: ['DOT1', 'ROT2'],
      refusals: {
        DOT1: { reason: 'session_expired' as const, scope: null },
        ROT2: { reason: 'session_expired' as const, scope: null },
      },
    };
    held.learn(expiredView, 'DOT1');
    // Logged in again for those accounts; the backend has not taken the new login yet.
    const again = login();
    held.addCurrentLogin(again);
    held.learn(expiredView, 'DOT1');
    expect(held.usable('current')).toEqual([
      { id: held.grants[0]!.id, credential: again.credential, accountIds: ['DOT1', 'ROT2'] },
    ]);
    held.learn(view(['DOT1', 'ROT2']), 'DOT1');
    await settle(app.vault);
    const restored = await (await startApp(dir, keyring())).vault.restore();
    expect(restored.grants.map((g) => g.credential)).toEqual([
      restoredOAuth(again.credential.kind === 'oauth' ? again.credential.refreshToken : null),
    ]);
  });

  it('an account logged out before the backend opened the login is not saved with it', async () => {
    const app = await startApp(dir, keyring());
    const held = hold(app.vault);
    held.addCurrentLogin(login());
    held.remove('ROT2');
    held.learn(view(['DOT1']), 'DOT1');
    await settle(app.vault);
    const restored = await (await startApp(dir, keyring())).vault.restore();
    expect(restored.accounts.map((a) => a.accountId)).toEqual(['DOT1']);
    expect(restored.grants.map((g) => g.accountIds)).toEqual([['DOT1']]);
  });
});
