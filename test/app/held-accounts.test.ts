/**
 * The accounts main holds (`HeldAccounts`) beyond renewals (held-renewals.test.ts), with the vault
 * that records each write (test/support/held-vault.ts): a legacy OAuth login saved token by token
 * as the backend accepts each, pasted API tokens a login each, the flags a view teaches (written
 * after any save in flight, only for accounts on disk), a session that ended for good, the account
 * picked as active, logouts and the refreshes they leave in flight, logins restored for addresses
 * that are no longer those saved (`saved_addresses_changed`), and the bounded wait at quit.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';

import { grantDestination } from '../../main/core/app/destination';
import type { HeldAccount } from '../../main/core/app/grants';
import type { AccountFacts, BackendView, OAuthCredential } from '../../main/core/backend/port';
import type { Grant } from '../../main/core/grant';
import type { AccountRecord } from '../../main/core/model';
import { hold, login, oauth, settle, view } from '../support/held-vault';
import { DERIV_SETTINGS, destinationOf } from '../support/sample-state';

const LEGACY = DERIV_SETTINGS;

const legacyLogin = () => [
  { accountId: 'CR100', token: 'a1-tokenCR100', currency: 'USD' },
  { accountId: 'VRTC200', token: 'a1-tokenVR200', currency: '' },
];

const record = (accountId: string, extra: Partial<AccountRecord> = {}): AccountRecord => ({
  api: 'legacy',
  source: 'oauth',
  scopes: null,
  accountId,
  currency: 'USD',
  isVirtual: false,
  isDisabled: false,
  landingCompanyName: null,
  accountType: null,
  ...extra,
});

/** What the server said of these accounts (legacy `authorize` facts). */
const withFacts = (
  v: BackendView,
  facts: Partial<AccountFacts>[],
  api: 'legacy' | 'current' = 'legacy',
): BackendView => ({
  ...v,
  details: {
    api,
    primaryAccountId: facts[0]!.accountId!,
    facts: facts.map((f) => ({
      accountId: '',
      currency: null,
      isVirtual: null,
      isDisabled: null,
      landingCompanyName: null,
      accountType: null,
      scopes: null,
      status: null,
      ...f,
    })),
    raw: {},
    receivedAt: 1,
  },
});

/** A view refusing these accounts, each for this reason (none: refused without a reason). */
const refusing = (ids: string[], reason?: 'session_expired' | 'renewal_lost' | 'token_refused'): BackendView => ({
  ...view([]),
  refused: ids,
  ...(reason ? { refusals: Object.fromEntries(ids.map((id) => [id, { reason, scope: null }])) } : {}),
});

afterEach(() => {
  vi.useRealTimers();
});

describe('a legacy OAuth login held in main', () => {
  it('one grant with a token per account; each account opens with its own token, an unknown one with none', () => {
    const { held } = hold({ settings: LEGACY });
    held.addLogin(legacyLogin());
    expect(held.grants).toHaveLength(1);
    const grant = held.grants[0]!;
    expect(held.tokens()).toEqual([
      { accountId: 'CR100', token: 'a1-tokenCR100' },
      { accountId: 'VRTC200', token: 'a1-tokenVR200' },
    ]);
    expect(held.all.map((a) => [a.accountId, a.grantId, a.isVirtual])).toEqual([
      ['CR100', grant.id, false],
      ['VRTC200', grant.id, true],
    ]);
    expect(held.has('CR100')).toBe(true);
    expect(held.has('CR999')).toBe(false);
    expect(held.opens('CR100')).toBe(true);
    expect(held.opens('CR999')).toBe(false);
    expect(held.grantOf('VRTC200')).toBe(grant);
    expect(held.grantOf('CR999')).toBeUndefined();
    expect(held.login(grant.id)).toBe(grant);
    expect(held.login('no-such-login')).toBeUndefined();
    expect(held.usable('legacy')).toEqual([
      { id: grant.id, credential: grant.credential, accountIds: ['CR100', 'VRTC200'] },
    ]);
    expect(held.usable('current')).toEqual([]);
  });

  it('is saved token by token as the backend accepts each, then the active account once it is on disk', async () => {
    const { held, calls, notices } = hold({ settings: LEGACY });
    held.addLogin(legacyLogin());
    const grant = held.grants[0]!;
    expect([held.isSaved('CR100'), held.isSaved('VRTC200')]).toEqual([false, false]);

    held.learn(view(['CR100']), 'VRTC200');
    await settle();
    // The active account is not on disk yet: not written.
    expect(calls).toEqual([
      {
        name: 'saveGrant',
        args: [
          {
            id: grant.id,
            api: 'legacy',
            source: 'oauth',
            destination: grant.destination,
            credential: { kind: 'tokens', tokens: { CR100: 'a1-tokenCR100' } },
          },
          [held.all[0]],
        ],
      },
    ]);
    expect([held.isSaved('CR100'), held.isSaved('VRTC200')]).toEqual([true, false]);

    held.learn(view(['CR100', 'VRTC200']), 'VRTC200');
    await settle();
    expect(calls.slice(1)).toEqual([
      {
        name: 'saveGrant',
        args: [
          expect.objectContaining({
            id: grant.id,
            credential: { kind: 'tokens', tokens: { VRTC200: 'a1-tokenVR200' } },
          }),
          [held.all[1]],
        ],
      },
      { name: 'setActive', args: ['VRTC200'] },
    ]);

    // Nothing left to save: the same view writes nothing more; no active account, none written.
    held.learn(view(['CR100', 'VRTC200']), 'CR100');
    held.learn(view(['CR100', 'VRTC200']), null);
    await settle();
    expect(calls).toHaveLength(3);
    expect(notices).toEqual([]);
  });

  it('the active account is written once its save is done, when it is saved now', async () => {
    const { held, writes } = hold({ settings: LEGACY });
    held.addLogin(legacyLogin());
    held.learn(view(['CR100', 'VRTC200']), 'CR100');
    await settle();
    expect(writes).toEqual([`saveGrant:${held.grants[0]!.id}`, 'setActive:CR100']);
  });

  it('a login again for held accounts keeps their flags; only the new grant opens them', () => {
    const { held } = hold({ settings: LEGACY });
    held.addLogin(legacyLogin());
    const first = held.grants[0]!;
    held.addLogin([{ accountId: 'VRTC200', token: 'a2-tokenVR200', currency: '' }]);
    const second = held.grants[1]!;
    expect(held.grants.map((g) => [g.id, g.accountIds])).toEqual([
      [first.id, ['CR100']],
      [second.id, ['VRTC200']],
    ]);
    expect(held.tokens()).toEqual([
      { accountId: 'CR100', token: 'a1-tokenCR100' },
      { accountId: 'VRTC200', token: 'a2-tokenVR200' },
    ]);
    expect(held.grantOf('VRTC200')?.id).toBe(second.id);
  });

  it('how many accounts the legacy backend would open with a login: counted, nothing held changes', () => {
    const { held } = hold({ settings: LEGACY });
    held.addLogin(legacyLogin());
    held.addCurrentLogin(login(1, ['DOT1']));
    const before = { grants: held.grants, accounts: held.accounts };
    // CR100 and VRTC200 held, VRTC200 logged in again, CR300 new: three, the current login not counted.
    expect(
      held.wouldHoldLegacy([
        { accountId: 'VRTC200', token: 'a3-tokenVR200', currency: '' },
        { accountId: 'CR300', token: 'a3-tokenCR300', currency: 'EUR' },
      ]),
    ).toBe(3);
    expect({ grants: held.grants, accounts: held.accounts }).toEqual(before);
    expect(held.isSaved('CR300')).toBe(true);
  });
});

describe('pasted API tokens held in main', () => {
  it('a grant each, saved when the backend accepts its own account only', async () => {
    const { held, calls } = hold({ settings: LEGACY });
    const token = (accountId: string, scopes: string[]) => ({
      accountId,
      currency: 'USD',
      token: `tok-${accountId}-0123`,
      scopes,
      isVirtual: false,
      isDisabled: false,
      landingCompanyName: 'svg',
      accountType: 'trading',
    });
    held.addApiTokens([token('CR1', ['read', 'trade']), token('CR2', ['trade'])]);
    expect(held.grants.map((g) => [g.source, g.accountIds])).toEqual([
      ['api_token', ['CR1']],
      ['api_token', ['CR2']],
    ]);
    expect(held.all.map((a) => [a.accountId, a.source, a.scopes])).toEqual([
      ['CR1', 'api_token', ['read', 'trade']],
      ['CR2', 'api_token', ['trade']],
    ]);
    held.learn(view(['CR2']), 'CR2');
    await settle();
    expect(calls).toEqual([
      {
        name: 'saveGrant',
        args: [
          expect.objectContaining({
            id: held.grants[1]!.id,
            source: 'api_token',
            credential: { kind: 'tokens', tokens: { CR2: 'tok-CR2-0123' } },
          }),
          [held.all[1]],
        ],
      },
      { name: 'setActive', args: ['CR2'] },
    ]);
    expect([held.isSaved('CR1'), held.isSaved('CR2')]).toEqual([false, true]);
  });
});

describe('a current-API login held in main', () => {
  it('is saved whole (one credential for all its accounts) once the backend opens one of them', async () => {
    const { held, calls } = hold();
    held.addCurrentLogin(login(1, ['DOT1', 'DOT2']));
    const grant = held.grants[0]!;
    expect(held.tokens()).toEqual([
      { accountId: 'DOT1', token: null },
      { accountId: 'DOT2', token: null },
    ]);
    held.learn(view(['DOT2']), 'DOT1');
    await settle();
    expect(calls).toEqual([
      {
        name: 'saveGrant',
        args: [
          { id: grant.id, api: 'current', source: 'oauth', destination: grant.destination, credential: oauth(1) },
          held.all,
        ],
      },
      { name: 'setActive', args: ['DOT1'] },
    ]);
  });
});

describe('flags a view teaches', () => {
  it('update the accounts held; an account on disk gets them in its own write, after the save in flight', async () => {
    const { held, calls, pause } = hold({ settings: LEGACY });
    held.addLogin(legacyLogin());
    held.learn(view(['CR100']), null);
    await settle();
    const release = pause();
    // VRTC200 accepted now (its save carries its flags); CR100 on disk already: a write of its own.
    held.learn(
      withFacts(view(['CR100', 'VRTC200']), [
        { accountId: 'CR100', isDisabled: true, landingCompanyName: 'svg' },
        { accountId: 'VRTC200', currency: 'USD', accountType: 'trading' },
      ]),
      null,
    );
    expect(held.all).toEqual<HeldAccount[]>([
      {
        ...record('CR100', { isDisabled: true, landingCompanyName: 'svg' }),
        grantId: held.grants[0]!.id,
        problem: null,
      },
      {
        ...record('VRTC200', { isVirtual: true, accountType: 'trading' }),
        grantId: held.grants[0]!.id,
        problem: null,
      },
    ]);
    await settle();
    expect(calls.map((c) => c.name)).toEqual(['saveGrant', 'saveGrant']);
    release();
    await settle();
    expect(calls.slice(1)).toEqual([
      { name: 'saveGrant', args: [expect.objectContaining({ id: held.grants[0]!.id }), [held.all[1]]] },
      { name: 'updateAccountFlags', args: [[record('CR100', { isDisabled: true, landingCompanyName: 'svg' })]] },
    ]);
  });

  it('nothing is written for an account not on disk, nor when no flag changed; a refused write is dropped quietly', async () => {
    const { held, calls, notices } = hold({ settings: LEGACY, refuse: ['updateAccountFlags'] });
    held.addLogin(legacyLogin());
    held.learn(view(['CR100']), null);
    await settle();
    // VRTC200 is not accepted: its flags are held, not written. CR100 unchanged: nothing to write.
    held.learn(
      withFacts(view(['CR100']), [
        { accountId: 'CR100', currency: 'USD' },
        { accountId: 'VRTC200', isDisabled: true },
      ]),
      null,
    );
    await settle();
    expect(held.all.map((a) => [a.accountId, a.isDisabled])).toEqual([
      ['CR100', false],
      ['VRTC200', true],
    ]);
    expect(calls.map((c) => c.name)).toEqual(['saveGrant']);
    // The other API's details teach nothing about these accounts.
    held.learn(withFacts(view(['CR100']), [{ accountId: 'CR100', isDisabled: true }], 'current'), null);
    await settle();
    expect(held.all[0]!.isDisabled).toBe(false);
    // A write of flags the vault refuses: no notice (the flags come again with the next view).
    held.learn(withFacts(view(['CR100']), [{ accountId: 'CR100', isDisabled: true }]), null);
    await settle();
    expect(calls.map((c) => c.name)).toEqual(['saveGrant', 'updateAccountFlags']);
    expect(notices).toEqual([]);
  });
});

describe('a session that ended for good', () => {
  it('a renewal whose answer was lost: that login only loses its secret, held and on disk, after the save in flight', async () => {
    const { held, calls, writes, pause } = hold();
    held.addCurrentLogin(login(1, ['DOT1', 'DOT2']));
    held.addCurrentLogin(login(5, ['DOT5']));
    const release = pause();
    held.learn(view(['DOT1', 'DOT5']), null);
    const [mine, other] = held.grants;
    held.learn(refusing(['DOT2'], 'renewal_lost'), null);
    expect(held.grants.map((g) => g.credential)).toEqual([null, oauth(5)]);
    expect(held.all.map((a) => [a.accountId, a.problem])).toEqual([
      ['DOT1', 'renewal_lost'],
      ['DOT2', 'renewal_lost'],
      ['DOT5', null],
    ]);
    expect(held.usable('current').map((g) => g.id)).toEqual([other!.id]);
    await settle();
    // The first save is asked and held: nothing after it yet.
    expect(calls.map((c) => c.name)).toEqual(['saveGrant']);
    release();
    await settle();
    expect(writes).toEqual([`saveGrant:${mine!.id}`, `saveGrant:${other!.id}`, `forgetSecret:${mine!.id}`]);
  });

  it('session_expired the same; a refusal of another kind, or without its reason, or of no refused account, ends nothing', async () => {
    const { held, writes } = hold();
    held.addCurrentLogin(login(1, ['DOT1']));
    held.learn(view(['DOT1']), null);
    await settle();
    held.learn(refusing(['DOT1'], 'token_refused'), null);
    held.learn(refusing(['DOT1']), null);
    // Reasons given for other accounts only: DOT1 was simply refused.
    held.learn({ ...refusing(['DOT1']), refusals: { DOT9: { reason: 'session_expired', scope: null } } }, null);
    // A reason for an account the view does not refuse (any more) is not a refusal.
    held.learn({ ...view([]), refusals: { DOT1: { reason: 'session_expired', scope: null } } }, null);
    await settle();
    expect(held.grants[0]!.credential).toEqual(oauth(1));
    expect(held.all[0]!.problem).toBeNull();
    expect(writes).toEqual([`saveGrant:${held.grants[0]!.id}`]);
    held.learn(refusing(['DOT1'], 'session_expired'), null);
    await settle();
    expect(held.grants[0]!.credential).toBeNull();
    expect(held.all[0]!.problem).toBe('session_expired');
    expect(writes.slice(1)).toEqual([`forgetSecret:${held.grants[0]!.id}`]);
  });

  it('a legacy login is not ended that way (it has no refresh token), even for that reason', async () => {
    const { held, writes } = hold({ settings: LEGACY });
    held.addLogin(legacyLogin());
    held.learn(view(['CR100', 'VRTC200']), null);
    await settle();
    held.learn(refusing(['CR100', 'VRTC200'], 'session_expired'), null);
    await settle();
    expect(held.grants[0]!.credential).not.toBeNull();
    expect(held.all.map((a) => a.problem)).toEqual([null, null]);
    expect(writes.filter((w) => w.startsWith('forgetSecret'))).toEqual([]);
  });

  it('a vault that refuses to forget the secret: no notice, and the saves after it still happen', async () => {
    const { held, writes, notices } = hold({ refuse: ['forgetSecret'] });
    held.addCurrentLogin(login(1, ['DOT1']));
    held.learn(view(['DOT1']), null);
    await settle();
    held.learn(refusing(['DOT1'], 'session_expired'), null);
    held.addCurrentLogin(login(2, ['DOT2']));
    held.learn(view(['DOT2']), null);
    await settle();
    expect(writes.map((w) => w.split(':')[0])).toEqual(['saveGrant', 'forgetSecret', 'saveGrant']);
    expect(notices).toEqual([]);
  });
});

describe('the account picked as active', () => {
  it('the preferred one if held, else the first a login opens, else the first; none held: none', async () => {
    const { held } = hold();
    expect(held.pickActive(null)).toBeNull();
    expect(held.pickActive('DOT1')).toBeNull();
    held.addCurrentLogin(login(1, ['DOT1']));
    held.addCurrentLogin(login(2, ['DOT2', 'DOT3']));
    held.learn(view(['DOT1', 'DOT2']), null);
    await settle();
    held.learn(refusing(['DOT1'], 'session_expired'), null);
    expect(held.pickActive('DOT3')).toBe('DOT3');
    // Held but no longer opened: still the one asked for.
    expect(held.pickActive('DOT1')).toBe('DOT1');
    expect(held.pickActive('DOT9')).toBe('DOT2');
    expect(held.pickActive('')).toBe('DOT2');
    expect(held.pickActive(null)).toBe('DOT2');
    held.learn(refusing(['DOT2'], 'session_expired'), null);
    expect(held.pickActive(null)).toBe('DOT1');
  });
});

describe('logouts', () => {
  it('of one login: its grant and accounts go, the others stay; its refresh in flight is handed back', async () => {
    const { held } = hold();
    held.addCurrentLogin(login(1, ['DOT1', 'DOT2']));
    held.addCurrentLogin(login(5, ['DOT5']));
    const [mine, other] = held.grants;
    let finish!: (c: OAuthCredential) => void;
    void held.renewals.renew(mine!.id, oauth(1), () => new Promise((r) => (finish = r)));
    // A login not held (logged out already): nothing to drop, nothing handed back.
    expect(held.removeLogin('no-such-login')).toEqual([]);
    expect(held.all.map((a) => a.accountId)).toEqual(['DOT1', 'DOT2', 'DOT5']);
    expect(held.removeLogin(other!.id)).toEqual([]);
    expect(held.all.map((a) => a.accountId)).toEqual(['DOT1', 'DOT2']);
    held.addCurrentLogin(login(5, ['DOT5']));
    const late = held.removeLogin(mine!.id);
    expect(held.grants.map((g) => g.accountIds)).toEqual([['DOT5']]);
    expect(held.all.map((a) => a.accountId)).toEqual(['DOT5']);
    expect(late).toHaveLength(1);
    finish(oauth(2));
    await expect(late[0]).resolves.toEqual(oauth(2));
    // Not held any more: not waiting for a save either.
    expect([held.isSaved('DOT1'), held.isSaved('DOT2'), held.isSaved('DOT5')]).toEqual([true, true, false]);
  });

  it('of one account: its login keeps the others', () => {
    const { held } = hold();
    held.addCurrentLogin(login(1, ['DOT1', 'DOT2']));
    held.remove('DOT1');
    expect(held.grants.map((g) => g.accountIds)).toEqual([['DOT2']]);
    expect(held.all.map((a) => a.accountId)).toEqual(['DOT2']);
    expect([held.isSaved('DOT1'), held.isSaved('DOT2')]).toEqual([true, false]);
  });

  it('of everything: nothing held, the refreshes in flight of every login handed back', async () => {
    const { held } = hold();
    held.addCurrentLogin(login(1, ['DOT1']));
    held.addCurrentLogin(login(5, ['DOT5']));
    const answers = held.grants.map(() => {
      let finish!: (c: OAuthCredential) => void;
      return { promise: new Promise<OAuthCredential>((r) => (finish = r)), finish: (c: OAuthCredential) => finish(c) };
    });
    held.grants.forEach(
      (g, i) => void held.renewals.renew(g.id, g.credential as OAuthCredential, () => answers[i]!.promise),
    );
    const late = held.clear();
    expect(held.grants).toEqual([]);
    expect(held.all).toEqual([]);
    expect([held.isSaved('DOT1'), held.isSaved('DOT5')]).toEqual([true, true]);
    answers.forEach((a, i) => a.finish(oauth(10 + i)));
    await expect(Promise.all(late)).resolves.toEqual([oauth(10), oauth(11)]);
  });
});

describe('logins restored from the vault', () => {
  const grantFor = (id: string, where: ReturnType<typeof destinationOf>): Grant => ({
    id,
    api: 'current',
    source: 'oauth',
    destination: grantDestination(where, oauth(1)),
    credential: oauth(1),
    accountIds: [id === 'g-here' ? 'DOT1' : 'DOT2'],
  });
  const accountOf = (accountId: string, grantId: string | null) => ({
    ...record(accountId, { api: 'current', accountType: 'demo', isVirtual: true }),
    grantId,
    problem: null,
  });
  const current = { ...DERIV_SETTINGS, api: 'current' as const, clientId: 'app-7' };

  it('a login sealed for other addresses is not used: its accounts need a login, and one notice names them', () => {
    const { held, notices } = hold({ settings: current });
    const elsewhere = destinationOf({ ...current, restUrl: 'https://api.example.org' });
    held.addCurrentLogin(login(3, ['DOT3']));
    held.restore({
      grants: [grantFor('g-here', destinationOf(current)), grantFor('g-moved', elsewhere)],
      accounts: [accountOf('DOT1', 'g-here'), accountOf('DOT2', 'g-moved'), accountOf('DOT4', null)],
    });
    expect(held.grants.map((g) => [g.id, g.credential])).toEqual([
      ['g-here', oauth(1)],
      ['g-moved', null],
    ]);
    expect(held.all.map((a) => [a.accountId, a.problem])).toEqual([
      ['DOT1', null],
      ['DOT2', 'destination_changed'],
      ['DOT4', null],
    ]);
    expect(notices).toEqual([{ code: 'saved_addresses_changed', level: 'warning', params: { accounts: ['DOT2'] } }]);
    // What was held before is replaced, and what is restored is on disk already.
    expect(held.has('DOT3')).toBe(false);
    expect(held.isSaved('DOT3')).toBe(true);
    expect(held.pickActive(null)).toBe('DOT1');
  });

  it('logins sealed for the addresses in force: used as they are, no notice', () => {
    const { held, notices } = hold({ settings: current });
    held.restore({
      grants: [grantFor('g-here', destinationOf(current))],
      accounts: [accountOf('DOT1', 'g-here')],
    });
    expect(held.usable('current')).toEqual([{ id: 'g-here', credential: oauth(1), accountIds: ['DOT1'] }]);
    expect(notices).toEqual([]);
  });
});

describe('the wait at quit', () => {
  it('nothing in flight: true at once, after the vault says its writes are done; no timer left behind', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { held, calls } = hold({ withSettled: true });
    await expect(held.settled(60_000)).resolves.toBe(true);
    expect(calls).toEqual([{ name: 'settled', args: [] }]);
    expect(vi.getTimerCount()).toBe(0);
    // A vault without `settled`: the same.
    await expect(hold().held.settled(60_000)).resolves.toBe(true);
  });

  it('waits for a renewal and for the write of what it gave, then for the vault', async () => {
    const { held, writes, pause } = hold();
    held.addCurrentLogin(login(1, ['DOT1']));
    held.learn(view(['DOT1']), null);
    await settle();
    let finish!: (c: OAuthCredential) => void;
    void held.renewals.renew(held.grants[0]!.id, oauth(1), () => new Promise((r) => (finish = r)));
    let done: boolean | null = null;
    void held.settled(60_000).then((r) => (done = r));
    const release = pause();
    finish(oauth(2));
    await vi.waitFor(() => expect(writes).toContain(`renewGrant:${held.grants[0]!.id}`));
    // The write of the renewed grant was asked and is held: the wait is not over.
    await settle();
    expect(done).toBeNull();
    release();
    await vi.waitFor(() => expect(done).toBe(true));
  });

  it("false once the bound passes while a renewal or the vault's writes are not done", async () => {
    const { held } = hold();
    held.addCurrentLogin(login(1, ['DOT1']));
    void held.renewals.renew(held.grants[0]!.id, oauth(1), () => new Promise(() => undefined));
    await expect(held.settled(20)).resolves.toBe(false);
    const stuck = hold({ withSettled: true });
    stuck.pause();
    await expect(stuck.held.settled(20)).resolves.toBe(false);
  });
});
