/**
 * The renewal path of the accounts main holds (`HeldAccounts.renewals`) with a vault that records
 * or refuses each write (a stand-in for the port; the real vault on a real file is in
 * held-current.test.ts): a renewal touches the renewed login only, never one logged out meanwhile,
 * writes nothing for a login not saved yet, and a write the vault refuses becomes the
 * `login_not_saved` notice rather than a lost promise. The harness: test/support/held-vault.ts.
 */
import { describe, expect, it } from 'vitest';

import type { OAuthCredential } from '../../main/core/backend/port';
import { hold, login, oauth, settle, view } from '../support/held-vault';

describe('renewals of the logins main holds', () => {
  it('a renewal replaces that login only, and is re-sealed once the login is saved', async () => {
    const { held, writes } = hold();
    held.addCurrentLogin(login(1, ['DOT1']));
    held.addCurrentLogin(login(5, ['DOT5']));
    held.learn(view(['DOT1', 'DOT5']), 'DOT1');
    await settle();
    const [mine, other] = held.grants;
    await held.renewals.renew(mine!.id, oauth(1), async () => oauth(2));
    await settle();
    expect(held.grants.map((g) => g.credential)).toEqual([oauth(2), oauth(5)]);
    expect(writes.filter((w) => w.startsWith('renewGrant'))).toEqual([`renewGrant:${mine!.id}`]);
    expect(other!.credential).toEqual(oauth(5));
  });

  it('a login not saved yet: the renewal is held, nothing is written for it', async () => {
    const { held, writes } = hold();
    held.addCurrentLogin(login(1, ['DOT1']));
    const id = held.grants[0]!.id;
    await held.renewals.renew(id, oauth(1), async () => oauth(2));
    await settle();
    expect(held.grants[0]!.credential).toEqual(oauth(2));
    expect(writes).toEqual([]);
  });

  it('a login logged out while its refresh ran: nothing held comes back, nothing written, the refresh still answers', async () => {
    const { held, writes } = hold();
    held.addCurrentLogin(login(1, ['DOT1']));
    held.learn(view(['DOT1']), 'DOT1');
    await settle();
    const id = held.grants[0]!.id;
    let finish!: (c: OAuthCredential) => void;
    const late = held.renewals.renew(id, oauth(1), () => new Promise((r) => (finish = r)));
    held.remove('DOT1');
    finish(oauth(2));
    await expect(late).resolves.toEqual(oauth(2));
    await settle();
    expect(held.grants).toEqual([]);
    expect(writes.filter((w) => w.startsWith('renewGrant'))).toEqual([]);
    // A grant never held: its refresh is made (nothing to adopt), nothing else happens.
    await expect(held.renewals.renew('no-such-grant', oauth(8), async () => oauth(9))).resolves.toEqual(oauth(9));
  });

  it('a vault that refuses the save or the renewal: the login_not_saved notice, each time', async () => {
    const { held, notices } = hold({ refuse: true });
    held.addCurrentLogin(login(1, ['DOT1']));
    held.learn(view(['DOT1']), 'DOT1');
    await settle();
    expect(notices).toEqual([{ code: 'login_not_saved', level: 'warning', params: {} }]);
    await held.renewals.renew(held.grants[0]!.id, oauth(1), async () => oauth(2));
    await settle();
    expect(notices).toEqual([
      { code: 'login_not_saved', level: 'warning', params: {} },
      { code: 'login_not_saved', level: 'warning', params: {} },
    ]);
  });
});
