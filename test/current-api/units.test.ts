import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { AccountDirectory, credentialStateOf } from '../../main/core/current-api/account-directory';
import type { AccountSocket } from '../../main/core/current-api/account-socket';
import { CredentialHolder, validateGrants } from '../../main/core/current-api/credentials';
import { DEFAULT_CURRENT_TIMING } from '../../main/core/current-api/options';
import { APP_BUDGETS, DERIV_LIMITS, RequestBudget } from '../../main/core/current-api/rest-budget';
import { MAX_SOCKETS_PER_USER, WarmPool } from '../../main/core/current-api/warm-pool';
import { WireError } from '../../main/core/current-api/wire';

// Properties run the same cases every run (a mutant caught once is caught every time).
const SEED = 20261207;

const fakeSocket = (id: string, closed: string[]) =>
  ({ accountId: id, close: () => closed.push(id) }) as unknown as AccountSocket;

describe('current-API units', () => {
  it('refusals come in the accounts’ order whatever order they were refused in (a non-change publishes nothing)', () => {
    const pat = (c: string) => ({ kind: 'pat' as const, token: `pat_${c.repeat(64)}`, appId: '1' });
    const grants = [
      { id: 'g-a', credential: pat('a'), accountIds: ['CR100001'] },
      { id: 'g-b', credential: pat('b'), accountIds: ['CR100002'] },
    ];
    const dir = new AccountDirectory(
      grants,
      (g) => new CredentialHolder(g, {} as never, { onTerminal: () => undefined }),
    );
    dir.holder('CR100001')!.refusal = new WireError('unauthorized', 'refused', { status: 401 });
    dir.holder('CR100002')!.refusal = new WireError('forbidden', 'no scope', { status: 403 });
    const one = credentialStateOf(dir, new Set(['CR100001', 'CR100002']));
    const other = credentialStateOf(dir, new Set(['CR100002', 'CR100001']));
    expect(Object.keys(other.refusals)).toEqual(['CR100001', 'CR100002']);
    expect(JSON.stringify(other)).toBe(JSON.stringify(one));
    expect(other.refusals.CR100002).toEqual({ reason: 'scope_missing', scope: 'trade' });
  });

  it('the warm pool never holds more than five sockets and closes the least recently used first', () => {
    expect(WarmPool.clamp(9)).toBe(MAX_SOCKETS_PER_USER);
    expect(WarmPool.clamp(0)).toBe(1);
    expect(WarmPool.clamp(Number.NaN)).toBe(3);
    const closed: string[] = [];
    const pool = new WarmPool(2);
    for (const id of ['A', 'B', 'C']) pool.add(fakeSocket(id, closed));
    pool.touch('A');
    expect(pool.trim('C')).toEqual(['B']);
    expect(closed).toEqual(['B']);
    expect(pool.ids()).toEqual(['C', 'A']);
  });

  it('admit: over five sockets the least recently used closes at once, otherwise once the new one is open', async () => {
    const closed: string[] = [];
    let open: () => void = () => undefined;
    const socket = (id: string, ready: Promise<void>) =>
      ({
        accountId: id,
        close: () => closed.push(id),
        start: () => undefined,
        ready: () => ready,
      }) as unknown as AccountSocket;
    const pool = new WarmPool(1);
    pool.admit(socket('A', Promise.resolve()), () => 'A');
    await Promise.resolve();
    pool.admit(socket('B', new Promise<void>((r) => (open = r))), () => 'B');
    await Promise.resolve();
    expect(closed).toEqual([]); // B is not open yet: A stays
    open();
    await new Promise((r) => setImmediate(r));
    expect(closed).toEqual(['A']);
    // Five open (the pool's size lifted to the maximum), a sixth: the oldest goes before it opens.
    const big = new WarmPool(MAX_SOCKETS_PER_USER);
    for (const id of ['C', 'D', 'E', 'F', 'G']) big.add(fakeSocket(id, closed));
    big.admit(socket('H', new Promise<void>(() => undefined)), () => 'H');
    expect(closed).toEqual(['A', 'C']);
    expect(big.ids()).toHaveLength(MAX_SOCKETS_PER_USER);
  });

  it('property: whatever the sequence of uses, the pool fits its size and keeps the active socket', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 60 }),
        (size, uses) => {
          const pool = new WarmPool(size);
          for (const u of uses) {
            const id = `A${u}`;
            if (pool.has(id)) pool.touch(id);
            else pool.add(fakeSocket(id, []));
            pool.trim(id);
            expect(pool.ids().length).toBeLessThanOrEqual(Math.min(size, MAX_SOCKETS_PER_USER));
            expect(pool.ids().at(-1)).toBe(id);
          }
        },
      ),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('the REST budget allows exactly N per rolling minute and honours a server wait', () => {
    let now = 0;
    const clock = { now: () => now, setTimeout: () => 0, clearTimeout: () => {} };
    const b = new RequestBudget([{ ms: 60_000, max: 3 }], clock);
    expect([b.take(), b.take(), b.take()]).toEqual([null, null, null]);
    expect(b.take()).toBe(60_000);
    now = 60_001;
    expect(b.take()).toBeNull();
    b.exhaustUntil(90_000);
    expect(b.take()).toBe(90_000);
    expect(b.remaining()).toBe(0);
  });

  it('a budget of several windows: the minute and the ten minutes both hold, each frees on its own time', () => {
    let now = 0;
    const clock = { now: () => now, setTimeout: () => 0, clearTimeout: () => {} };
    const b = new RequestBudget(
      [
        { ms: 60_000, max: 3 },
        { ms: 600_000, max: 5 },
      ],
      clock,
    );
    expect([b.take(), b.take(), b.take(), b.take()]).toEqual([null, null, null, 60_000]);
    expect(b.availableAt()).toBe(60_000); // peeking spends nothing
    now = 60_000;
    expect([b.take(), b.take(), b.take()]).toEqual([null, null, 600_000]);
    // The minute has room again, the ten minutes not until the first request leaves it.
    now = 130_000;
    expect(b.remaining()).toBe(0);
    expect(b.take()).toBe(600_000);
    now = 600_000;
    expect(b.take()).toBeNull();
  });

  it('a window allowing none waits a whole window; the latest window decides whatever their order; a server wait ends on its time', () => {
    let now = 0;
    const clock = { now: () => now, setTimeout: () => 0, clearTimeout: () => {} };
    expect(new RequestBudget([{ ms: 60_000, max: 0 }], clock).take()).toBe(60_000);
    const b = new RequestBudget(
      [
        { ms: 600_000, max: 2 },
        { ms: 60_000, max: 2 },
      ],
      clock,
    );
    expect([b.take(), b.take(), b.take()]).toEqual([null, null, 600_000]);
    const c = new RequestBudget([{ ms: 60_000, max: 3 }], clock);
    c.exhaustUntil(5_000);
    now = 4_999;
    expect([c.remaining(), c.availableAt()]).toEqual([0, 5_000]);
    now = 5_000;
    expect([c.remaining(), c.availableAt()]).toEqual([3, null]);
  });

  it("the app's budgets are Deriv's published numbers with a margin, the per-user minute for all its REST", () => {
    expect(DERIV_LIMITS.rest).toEqual({ perIpPerMinute: 300, perIpPer10Minutes: 1_000, perUserPerMinute: 80 });
    expect(DERIV_LIMITS.socket.account).toEqual({ perMinute: 100, perHour: 2_000 });
    expect(APP_BUDGETS.restPerMinute).toBeLessThan(DERIV_LIMITS.rest.perUserPerMinute);
    expect(APP_BUDGETS.restPer10Minutes).toBeLessThan(DERIV_LIMITS.rest.perIpPer10Minutes);
    expect(APP_BUDGETS.balancePerMinute).toBeLessThan(DERIV_LIMITS.socket.account.perMinute);
    expect(APP_BUDGETS.balancePerHour).toBeLessThan(DERIV_LIMITS.socket.account.perHour);
    expect(DEFAULT_CURRENT_TIMING).toMatchObject({
      restBudgetPerMinute: APP_BUDGETS.restPerMinute,
      restBudgetPer10Minutes: APP_BUDGETS.restPer10Minutes,
      balanceBudgetPerMinute: APP_BUDGETS.balancePerMinute,
      balanceBudgetPerHour: APP_BUDGETS.balancePerHour,
    });
  });

  it('an OAuth credential restored from the vault (refresh token, no access token) is accepted; one holder per login', () => {
    const restored = (refreshToken: string | null) => ({
      kind: 'oauth' as const,
      accessToken: '',
      refreshToken,
      expiresAt: 0,
    });
    const grant = (id: string, accountIds: string[], refreshToken: string | null) => ({
      id,
      credential: restored(refreshToken),
      accountIds,
    });
    expect(() => validateGrants([grant('g1', ['DOT1'], 'rt_one_0123456789')])).not.toThrow();
    // Without a refresh token there is nothing to use at all.
    expect(() => validateGrants([grant('g1', ['DOT1'], null)])).toThrow(/not a current-API credential/);
    // An account in two logins, or one login named twice, is refused.
    expect(() =>
      validateGrants([grant('g1', ['DOT1'], 'rt_one_0123456789'), grant('g2', ['DOT1'], 'rt_two_0123456789')]),
    ).toThrow(/listed twice/);
    expect(() =>
      validateGrants([grant('g1', ['DOT1'], 'rt_one_0123456789'), grant('g1', ['DOT2'], 'rt_two_0123456789')]),
    ).toThrow(/named twice/);
    // One holder per login: a login's accounts share it; two restored logins are two (their
    // access tokens are all empty), whatever their credentials look like.
    const dir = new AccountDirectory(
      [grant('g1', ['DOT1', 'ROT2'], 'rt_one_0123456789'), grant('g2', ['DOT3'], 'rt_one_0123456789')],
      (g) => new CredentialHolder(g, {} as never, { onTerminal: () => undefined }),
    );
    expect(dir.holders).toHaveLength(2);
    expect(dir.holder('DOT1')).toBe(dir.holder('ROT2'));
    expect(dir.holder('DOT3')).not.toBe(dir.holder('DOT1'));
    expect(dir.order).toEqual(['DOT1', 'ROT2', 'DOT3']);
  });

  it('property: a grant list is accepted exactly when its ids and PAT are well formed; a refusal is typed and names no credential', () => {
    // The oracle, stated here: an account id is a letter or digit then up to 63 letters, digits, `_`
    // or `-`; a PAT is `pat_` and 64 lowercase hex digits (Deriv's format), with an app id.
    const wellFormedId = (id: string) => /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(id);
    const wellFormedPat = (token: string) => /^pat_[0-9a-f]{64}$/.test(token);
    const id = fc.oneof(fc.stringMatching(/^(CR|DOT|ROT)[0-9]{1,12}$/), fc.string({ maxLength: 80 }));
    const token = fc.oneof(fc.stringMatching(/^pat_[0-9a-f]{64}$/), fc.string({ maxLength: 80 }));
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(id, token, (accountId, pat) => {
        const grants = [
          { id: 'g1', credential: { kind: 'pat' as const, token: pat, appId: '1' }, accountIds: [accountId] },
        ];
        if (wellFormedId(accountId) && wellFormedPat(pat)) {
          expect(() => validateGrants(grants)).not.toThrow();
          accepted += 1;
          return;
        }
        let thrown: unknown = null;
        try {
          validateGrants(grants);
        } catch (e) {
          thrown = e;
        }
        expect(thrown, `${JSON.stringify(accountId)} / ${JSON.stringify(pat)} accepted`).toBeInstanceOf(Error);
        expect((thrown as { code: string }).code).toBe('invalid_accounts');
        if (pat.length >= 8) expect((thrown as Error).message).not.toContain(pat);
        refused += 1;
      }),
      { seed: SEED, numRuns: 300 },
    );
    // Both branches really ran (a validator that accepted, or refused, everything fails above).
    expect(accepted).toBeGreaterThan(30);
    expect(refused).toBeGreaterThan(30);
  });
});
