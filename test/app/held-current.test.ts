/**
 * Current-API accounts held in main, with a real vault on a real file: held with the login's
 * credential, opened by a backend of their API only, saved whole (one sealed credential) once the
 * backend has opened one of them, renewed credentials re-sealed, and nothing saved for accounts
 * logged out before the backend accepted them.
 */
import fs from 'node:fs';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { HeldAccounts } from '../../main/core/app/held-accounts';
import type { CurrentLogin } from '../../main/core/auth/current-flow';
import type { BackendView } from '../../main/core/backend/port';
import type { NoticeInput } from '../../main/core/model';
import { AesCipher } from '../support/aes-cipher';
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
      { account_id: 'DOT1', account_type: 'demo', currency: 'USD', balance: 1, status: 'active', group: 'demo' },
      { account_id: 'ROT2', account_type: 'real', currency: 'USD', balance: 2, status: 'active', group: 'row' },
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
const settle = async (vault: { restore(): Promise<unknown> }) => {
  await new Promise((r) => setTimeout(r, 0));
  await vault.restore();
};

describe('current-API accounts held in main', () => {
  it('held with the login credential, opened only by a current-API backend, saved once the backend opens one', async () => {
    const app = await startApp(dir, keyring());
    const notices: NoticeInput[] = [];
    const held = new HeldAccounts(app.vault, (n) => notices.push(n));
    const l = login();
    held.addCurrentLogin(l);
    expect(held.usable('current')).toEqual([
      { accountId: 'DOT1', credential: l.credential },
      { accountId: 'ROT2', credential: l.credential },
    ]);
    expect(held.usable('legacy')).toEqual([]);
    expect(held.pickActive(null)).toBe('DOT1');

    held.learn(view([]), 'DOT1');
    await settle(app.vault);
    expect((await (await startApp(dir, keyring())).vault.restore()).accounts).toEqual([]);

    held.learn(view(['DOT1']), 'DOT1');
    await settle(app.vault);
    const restored = await (await startApp(dir, keyring())).vault.restore();
    expect(restored.accounts.map((a) => [a.accountId, a.api, a.credential])).toEqual([
      [
        'DOT1',
        'current',
        {
          kind: 'oauth',
          accessToken: '',
          refreshToken: l.credential.kind === 'oauth' && l.credential.refreshToken,
          expiresAt: 0,
        },
      ],
      [
        'ROT2',
        'current',
        {
          kind: 'oauth',
          accessToken: '',
          refreshToken: l.credential.kind === 'oauth' && l.credential.refreshToken,
          expiresAt: 0,
        },
      ],
    ]);
    expect(restored.activeAccountId).toBe('DOT1');
    expect(held.isSaved('ROT2')).toBe(true);
    expect(notices).toEqual([]);
    expectNoTokenOnDisk(dir, [l.credential.kind === 'oauth' ? l.credential.accessToken : '']);
  });

  it('a renewed credential is held at once and re-sealed on disk', async () => {
    const app = await startApp(dir, keyring());
    const held = new HeldAccounts(app.vault, () => undefined);
    const l = login();
    held.addCurrentLogin(l);
    held.learn(view(['DOT1', 'ROT2']), 'DOT1');
    await settle(app.vault);
    const renewed = {
      kind: 'oauth' as const,
      accessToken: makeToken('a2'),
      refreshToken: makeToken('r2'),
      expiresAt: 2,
    };
    held.renew(['DOT1', 'ROT2'], renewed, l.credential);
    expect(held.usable('current').map((a) => a.credential)).toEqual([renewed, renewed]);
    await settle(app.vault);
    const restored = await (await startApp(dir, keyring())).vault.restore();
    expect(restored.accounts.map((a) => a.credential)).toEqual([
      { kind: 'oauth', accessToken: '', refreshToken: renewed.refreshToken, expiresAt: 0 },
      { kind: 'oauth', accessToken: '', refreshToken: renewed.refreshToken, expiresAt: 0 },
    ]);
  });

  it('a late renewal of a credential already renewed (a replaced backend) changes nothing, held or sealed', async () => {
    const app = await startApp(dir, keyring());
    const held = new HeldAccounts(app.vault, () => undefined);
    const l = login();
    held.addCurrentLogin(l);
    held.learn(view(['DOT1', 'ROT2']), 'DOT1');
    await settle(app.vault);
    const oauth = (name: string) => ({
      kind: 'oauth' as const,
      accessToken: makeToken(`a-${name}`),
      refreshToken: makeToken(`r-${name}`),
      expiresAt: 2,
    });
    const second = oauth('second');
    const third = oauth('third');
    held.renew(['DOT1', 'ROT2'], second, l.credential);
    held.renew(['DOT1', 'ROT2'], third, second);
    // Told late (the backend replaced while its refresh ran): it follows the login's credential, no longer held.
    held.renew(['DOT1', 'ROT2'], oauth('stale'), l.credential);
    expect(held.usable('current').map((a) => a.credential)).toEqual([third, third]);
    await settle(app.vault);
    const restored = await (await startApp(dir, keyring())).vault.restore();
    expect(restored.accounts.map((a) => a.credential)).toEqual([
      { kind: 'oauth', accessToken: '', refreshToken: third.refreshToken, expiresAt: 0 },
      { kind: 'oauth', accessToken: '', refreshToken: third.refreshToken, expiresAt: 0 },
    ]);
  });

  it('a dead refresh token is forgotten, held and sealed; its accounts stay needing a login ("session expired")', async () => {
    const app = await startApp(dir, keyring());
    const held = new HeldAccounts(app.vault, () => undefined);
    const l = login();
    held.addCurrentLogin(l);
    held.learn(view(['DOT1', 'ROT2']), 'DOT1');
    await settle(app.vault);
    held.forget(['DOT1', 'ROT2'], l.credential);
    expect(held.usable('current')).toEqual([]);
    expect(held.all.map((a) => [a.accountId, a.credential, a.problem])).toEqual([
      ['DOT1', null, 'session_expired'],
      ['ROT2', null, 'session_expired'],
    ]);
    await settle(app.vault);
    const restored = await (await startApp(dir, keyring())).vault.restore();
    expect(restored.accounts.map((a) => [a.accountId, a.credential])).toEqual([
      ['DOT1', null],
      ['ROT2', null],
    ]);
    expectNoTokenOnDisk(dir, [l.credential.kind === 'oauth' ? l.credential.refreshToken! : '']);
  });

  it('a late dead report (a refresh token since renewed, or a newer login) forgets nothing; a PAT is never forgotten', async () => {
    const app = await startApp(dir, keyring());
    const held = new HeldAccounts(app.vault, () => undefined);
    const l = login();
    held.addCurrentLogin(l);
    held.learn(view(['DOT1', 'ROT2']), 'DOT1');
    await settle(app.vault);
    const renewed = {
      kind: 'oauth' as const,
      accessToken: makeToken('a2'),
      refreshToken: makeToken('r2'),
      expiresAt: 2,
    };
    held.renew(['DOT1', 'ROT2'], renewed, l.credential);
    held.forget(['DOT1', 'ROT2'], l.credential);
    expect(held.usable('current').map((a) => a.credential)).toEqual([renewed, renewed]);
    const pat = { kind: 'pat' as const, token: `pat_${'0'.repeat(64)}`, appId: '41234' };
    held.addCurrentLogin({ ...login(), credential: pat });
    held.learn(view(['DOT1', 'ROT2']), 'DOT1');
    held.forget(['DOT1', 'ROT2'], pat);
    expect(held.usable('current').map((a) => a.credential)).toEqual([pat, pat]);
    await settle(app.vault);
    const restored = await (await startApp(dir, keyring())).vault.restore();
    expect(restored.accounts.map((a) => a.credential)).toEqual([pat, pat]);
  });

  it('an account logged out before the backend opened the login is not saved with it', async () => {
    const app = await startApp(dir, keyring());
    const held = new HeldAccounts(app.vault, () => undefined);
    held.addCurrentLogin(login());
    held.remove('ROT2');
    held.learn(view(['DOT1']), 'DOT1');
    await settle(app.vault);
    const restored = await (await startApp(dir, keyring())).vault.restore();
    expect(restored.accounts.map((a) => a.accountId)).toEqual(['DOT1']);
  });
});
