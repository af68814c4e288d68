import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { AuthError, parseLegacyRedirect, parseLegacyTokenMap } from '../../main/core/auth/redirect';
import { TOKEN_PATTERN } from '../../main/core/deriv-patterns';
import { MAX_ACCOUNTS_PER_REDIRECT as MAX_ACCOUNTS } from '../../main/core/model';

/** The seed's own example (Deriv's French OAuth2 page), verbatim: stray spaces, lower-case ids, empty state. */
const SEED_EXAMPLE =
  'https://[YOUR_WEBSITE_URL]/redirect/?acct1=cr799393& token1=a1-f7pnteezo4jzhpxclctizt27hyeot&cur1=usd& acct2=vrtc1859315& token2=a1clwe3vfuuus5kraceykdsoqm4snfq& cur2=usd&state=';
/** The same with a host a URL parser accepts (the seed's placeholder host is not a valid hostname). */
const SEED_ON_REAL_HOST = SEED_EXAMPLE.replace('[YOUR_WEBSITE_URL]', 'app.example.com');

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AuthError);
    return (error as AuthError).code;
  }
  throw new Error('expected an AuthError');
}

const BASE = 'https://app.example.com/redirect';

describe('parseLegacyRedirect', () => {
  it("accepts the seed's own example: stray spaces, lower-case ids, empty state", () => {
    expect(parseLegacyRedirect(SEED_ON_REAL_HOST)).toEqual([
      { accountId: 'CR799393', token: 'a1-f7pnteezo4jzhpxclctizt27hyeot', currency: 'USD' },
      { accountId: 'VRTC1859315', token: 'a1clwe3vfuuus5kraceykdsoqm4snfq', currency: 'USD' },
    ]);
  });

  it("rejects the seed's literal placeholder host as malformed (it is not a URL)", () => {
    expect(codeOf(() => parseLegacyRedirect(SEED_EXAMPLE))).toBe('malformed');
  });

  it("the seed's empty state is a state mismatch when a state was expected", () => {
    expect(codeOf(() => parseLegacyRedirect(SEED_ON_REAL_HOST, { expectedState: 'abc' }))).toBe('state_mismatch');
  });

  it('accepts upper-case ids and keeps acctN order, not parameter order', () => {
    const url = `${BASE}?acct2=VRTC2&token2=t2&cur2=USD&acct1=CR1&token1=t1&cur1=EUR&state=s`;
    expect(parseLegacyRedirect(url, { expectedState: 's' }).map((a) => a.accountId)).toEqual(['CR1', 'VRTC2']);
  });

  it('sorts numerically (acct10 after acct9)', () => {
    const parts = Array.from({ length: 10 }, (_, i) => `acct${i + 1}=CR${i + 1}&token${i + 1}=t${i + 1}`).reverse();
    expect(parseLegacyRedirect(`${BASE}?${parts.join('&')}`).map((a) => a.accountId)).toEqual(
      Array.from({ length: 10 }, (_, i) => `CR${i + 1}`),
    );
  });

  it('accepts gaps in the numbering (acct1, acct3)', () => {
    const accounts = parseLegacyRedirect(`${BASE}?acct1=CR1&token1=t1&cur1=usd&acct3=CR3&token3=t3&cur3=btc`);
    expect(accounts).toEqual([
      { accountId: 'CR1', token: 't1', currency: 'USD' },
      { accountId: 'CR3', token: 't3', currency: 'BTC' },
    ]);
  });

  it('a missing curN gives currency ""', () => {
    expect(parseLegacyRedirect(`${BASE}?acct1=CR1&token1=t1`)).toEqual([
      { accountId: 'CR1', token: 't1', currency: '' },
    ]);
  });

  it('decodes percent-encoding in keys and values', () => {
    const url = `${BASE}?%61cct1=%43R1&token1=a1%2Dxyz&cur1=%75sd&state=a%20b`;
    expect(parseLegacyRedirect(url, { expectedState: 'a b' })).toEqual([
      { accountId: 'CR1', token: 'a1-xyz', currency: 'USD' },
    ]);
  });

  it('matches the trailing-slash redirect and a fragment-free query alike', () => {
    expect(parseLegacyRedirect(`${BASE}/?acct1=CR1&token1=t1#ignored`)).toHaveLength(1);
  });

  it('ignores a tokenN without its acctN', () => {
    expect(parseLegacyRedirect(`${BASE}?acct1=CR1&token1=t1&token2=orphan&cur2=usd`)).toEqual([
      { accountId: 'CR1', token: 't1', currency: '' },
    ]);
  });

  it('skips an acctN without its tokenN (it cannot be used)', () => {
    expect(parseLegacyRedirect(`${BASE}?acct1=CR1&acct2=CR2&token2=t2`).map((a) => a.accountId)).toEqual(['CR2']);
  });

  it('accepts an acctN repeated with the same value, rejects it with a different value', () => {
    expect(parseLegacyRedirect(`${BASE}?acct1=CR1&acct1=CR1&token1=t1`)).toHaveLength(1);
    expect(codeOf(() => parseLegacyRedirect(`${BASE}?acct1=CR1&acct1=CR2&token1=t1`))).toBe('malformed');
    expect(codeOf(() => parseLegacyRedirect(`${BASE}?acct1=CR1&token1=t1&token1=t2`))).toBe('malformed');
  });

  it('rejects the same login id twice with different tokens, merges it with the same token', () => {
    expect(parseLegacyRedirect(`${BASE}?acct1=CR1&token1=t1&acct2=cr1&token2=t1`)).toHaveLength(1);
    expect(codeOf(() => parseLegacyRedirect(`${BASE}?acct1=CR1&token1=t1&acct2=CR1&token2=t2`))).toBe('malformed');
  });

  it('error=access_denied → provider_error, with error_description in the message', () => {
    let caught: unknown;
    try {
      parseLegacyRedirect(`${BASE}?error=access_denied&error_description=The%20user%20said%20no&state=s`, {
        expectedState: 's',
      });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(AuthError);
    expect((caught as AuthError).code).toBe('provider_error');
    expect((caught as AuthError).message).toContain('The user said no');
    expect((caught as AuthError).message).toContain('access_denied');
  });

  it('state is checked before error: an error without state, or with another, is a state failure that shows none of its text', () => {
    const lure = 'error=access_denied&error_description=Call%20%2B1-555-0100%20to%20restore%20your%20account';
    for (const [query, says] of [
      [lure, 'carried no state'],
      [`${lure}&state=someone-elses`, 'does not belong to this login attempt'],
      [`${lure}&state=good&state=evil`, 'does not belong to this login attempt'],
    ] as const) {
      let caught: unknown;
      try {
        parseLegacyRedirect(`${BASE}?${query}`, { expectedState: 'good' });
      } catch (e) {
        caught = e;
      }
      expect(caught, query).toBeInstanceOf(AuthError);
      const error = caught as AuthError;
      expect(error.code, query).toBe('state_mismatch');
      expect(error.providerError).toBeNull();
      expect(error.message).toContain(says);
      expect(error.message).toContain('error response');
      expect(error.message).not.toMatch(/555|restore|access_denied/);
    }
    // With this attempt's state, the same answer is Deriv's refusal, its text shown.
    const own = (() => {
      try {
        parseLegacyRedirect(`${BASE}?${lure}&state=good`, { expectedState: 'good' });
      } catch (e) {
        return e as AuthError;
      }
      return null;
    })();
    expect(own?.code).toBe('provider_error');
    expect(own?.message).toContain('Call +1-555-0100');
  });

  it('an error redirect wins even alongside accounts (nothing partial)', () => {
    expect(codeOf(() => parseLegacyRedirect(`${BASE}?acct1=CR1&token1=t1&error=server_error`))).toBe('provider_error');
  });

  it('wrong, missing or duplicated-and-different state → state_mismatch', () => {
    const accts = 'acct1=CR1&token1=t1';
    expect(codeOf(() => parseLegacyRedirect(`${BASE}?${accts}&state=evil`, { expectedState: 'good' }))).toBe(
      'state_mismatch',
    );
    expect(codeOf(() => parseLegacyRedirect(`${BASE}?${accts}`, { expectedState: 'good' }))).toBe('state_mismatch');
    expect(codeOf(() => parseLegacyRedirect(`${BASE}?${accts}&state=good&state=evil`, { expectedState: 'good' }))).toBe(
      'state_mismatch',
    );
    expect(parseLegacyRedirect(`${BASE}?${accts}&state=good`, { expectedState: 'good' })).toHaveLength(1);
  });

  it('no usable acctN + tokenN pair → no_accounts', () => {
    expect(codeOf(() => parseLegacyRedirect(`${BASE}?state=x`))).toBe('no_accounts');
    expect(codeOf(() => parseLegacyRedirect(`${BASE}?token1=t1&cur1=usd`))).toBe('no_accounts');
    expect(codeOf(() => parseLegacyRedirect(`${BASE}?acct1=&token1=t1`))).toBe('no_accounts');
    expect(codeOf(() => parseLegacyRedirect(`${BASE}?acct1=CR1`))).toBe('no_accounts');
  });

  it("tokens outside Deriv's pattern → invalid_token, and the message does not echo the token", () => {
    for (const bad of ['a1.b', 'a b', '', 'x'.repeat(129), 'tok%3Cscript%3E', 'tëst']) {
      let caught: unknown;
      try {
        parseLegacyRedirect(`${BASE}?acct1=CR1&token1=${bad}`);
      } catch (e) {
        caught = e;
      }
      expect((caught as AuthError).code, bad).toBe('invalid_token');
      if (bad.length > 3) expect((caught as AuthError).message).not.toContain(bad);
    }
    expect(parseLegacyRedirect(`${BASE}?acct1=CR1&token1=${'x'.repeat(128)}`)).toHaveLength(1);
  });

  it('not a URL → malformed', () => {
    for (const bad of [
      '',
      'redirect?acct1=CR1&token1=t',
      'http://',
      '::::',
      'https://exa mple.com/?acct1=CR1&token1=t',
    ]) {
      expect(
        codeOf(() => parseLegacyRedirect(bad)),
        bad,
      ).toBe('malformed');
    }
    expect(codeOf(() => parseLegacyRedirect(42 as unknown as string))).toBe('malformed');
  });

  it('invalid login id or currency → malformed', () => {
    expect(codeOf(() => parseLegacyRedirect(`${BASE}?acct1=CR-1&token1=t1`))).toBe('malformed');
    expect(codeOf(() => parseLegacyRedirect(`${BASE}?acct1=CR1&token1=t1&cur1=US%24`))).toBe('malformed');
  });

  it(`accepts ${MAX_ACCOUNTS} accounts and hundreds of unrelated parameters; more than ${MAX_ACCOUNTS} accounts → malformed`, () => {
    const accounts = (n: number) =>
      Array.from({ length: n }, (_, i) => `acct${i + 1}=CR${i + 1}&token${i + 1}=t${i + 1}`);
    const noise = Array.from({ length: 500 }, (_, i) => `utm_${i}=x`);
    expect(parseLegacyRedirect(`${BASE}?${[...accounts(MAX_ACCOUNTS), ...noise].join('&')}`)).toHaveLength(
      MAX_ACCOUNTS,
    );
    expect(codeOf(() => parseLegacyRedirect(`${BASE}?${accounts(MAX_ACCOUNTS + 1).join('&')}`))).toBe('malformed');
    expect(codeOf(() => parseLegacyRedirect(`${BASE}?${accounts(5000).join('&')}`))).toBe('malformed');
  });

  it('never throws anything but AuthError, and what it returns is always valid (property)', () => {
    const key = fc.oneof(
      fc
        .constantFrom('acct', 'token', 'cur', ' acct', 'ACCT')
        .chain((k) => fc.nat({ max: 120 }).map((n) => `${k}${n}`)),
      fc.constantFrom('state', 'error', 'error_description', ' token1', 'acct01'),
      fc.string(),
    );
    const value = fc.oneof(
      fc.stringMatching(/^[A-Za-z]{1,4}[0-9]{1,8}$/),
      fc.stringMatching(/^[\w-]{0,130}$/),
      fc.string(),
      fc.constantFrom('%', '%zz', '%E0%A4%A', '+', ' ', 'usd'),
    );
    const query = fc
      .array(fc.tuple(key, value), { maxLength: 40 })
      .map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('&'));
    const url = fc.oneof(
      query.map((q) => `${BASE}?${q}`),
      fc.tuple(fc.string(), query).map(([prefix, q]) => `${prefix}?${q}`),
      fc.webUrl({ withQueryParameters: true, withFragments: true }),
      fc.string(),
      // Valid redirects with random extra parameters: without them almost nothing here parses.
      {
        weight: 4,
        arbitrary: fc
          .tuple(validRedirectArb, fc.array(fc.tuple(key, value), { maxLength: 4 }))
          .map(([r, extra]) => redirectUrl(r, extra)),
      },
    );
    let runs = 0;
    let parsed = 0;
    let withCurrency = 0;
    fc.assert(
      fc.property(url, fc.option(fc.string(), { nil: undefined }), (u, expectedState) => {
        runs += 1;
        try {
          const accounts = parseLegacyRedirect(u, expectedState === undefined ? undefined : { expectedState });
          parsed += 1;
          if (accounts.some((a) => a.currency !== '')) withCurrency += 1;
          expect(accounts.length).toBeGreaterThan(0);
          expect(accounts.length).toBeLessThanOrEqual(MAX_ACCOUNTS);
          for (const a of accounts) {
            expect(a.token).toMatch(TOKEN_PATTERN);
            expect(a.accountId).toMatch(/^[A-Z]+[0-9]+$/);
            expect(a.currency).toBe(a.currency.toUpperCase());
          }
        } catch (error) {
          if (!(error instanceof AuthError)) throw error;
        }
      }),
      { numRuns: 2000 },
    );
    console.info(`redirect any-input property: ${parsed}/${runs} parsed, ${withCurrency} with a currency`);
    expect(parsed / runs).toBeGreaterThan(0.02);
    expect(withCurrency).toBeGreaterThan(0);
  });
});

describe('parseLegacyTokenMap (the OIDC legacy tokens body)', () => {
  it('parses the same map with the same rules', () => {
    expect(
      parseLegacyTokenMap({ acct1: 'cr1', token1: 't1', cur1: 'usd', acct2: 'VRTC2', token2: 't2', cur2: 'USD' }),
    ).toEqual([
      { accountId: 'CR1', token: 't1', currency: 'USD' },
      { accountId: 'VRTC2', token: 't2', currency: 'USD' },
    ]);
  });

  it('rejects non-objects, non-string values, bad tokens and empty maps with typed codes', () => {
    expect(codeOf(() => parseLegacyTokenMap(null))).toBe('malformed');
    expect(codeOf(() => parseLegacyTokenMap([]))).toBe('malformed');
    expect(codeOf(() => parseLegacyTokenMap('acct1=CR1'))).toBe('malformed');
    expect(codeOf(() => parseLegacyTokenMap({ acct1: 'CR1', token1: 5 }))).toBe('malformed');
    expect(codeOf(() => parseLegacyTokenMap({ acct1: 'CR1', token1: 'a.b' }))).toBe('invalid_token');
    expect(codeOf(() => parseLegacyTokenMap({}))).toBe('no_accounts');
  });

  it('never throws anything but AuthError (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (body) => {
        try {
          parseLegacyTokenMap(body);
        } catch (error) {
          if (!(error instanceof AuthError)) throw error;
        }
      }),
      { numRuns: 1000 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Properties over VALID redirects: generators build what Deriv sends (acctN/tokenN/curN in its
// shapes, with the seed's stray spaces and lower-case ids, any parameter order, gaps in N), then
// the properties check the round trip, `state`, case, and that each single mutation is refused
// with the right code. A property over random strings alone almost never reaches a URL that parses.

const BROKERS = ['CR', 'VRTC', 'MF', 'MLT', 'MX', 'VRW', 'CRW', 'DW'];
const CURRENCIES = ['USD', 'EUR', 'GBP', 'AUD', 'BTC', 'ETH', 'LTC', 'USDC', 'UST', 'EUSDT', 'TUSDT', 'XRP', ''];

/** Randomly lower-cases some letters, as the seed's example does with ids and currencies. */
const anyCase = (text: string) =>
  fc
    .array(fc.boolean(), { minLength: text.length, maxLength: text.length })
    .map((lower) => [...text].map((ch, i) => (lower[i] ? ch.toLowerCase() : ch)).join(''));

const accountArb = fc.record({
  accountId: fc.tuple(fc.constantFrom(...BROKERS), fc.integer({ min: 1, max: 99_999_999 })).map(([b, n]) => `${b}${n}`),
  // Deriv's OAuth tokens (a1-…) and API tokens, all within TOKEN_PATTERN.
  token: fc.oneof(fc.stringMatching(/^a1-[A-Za-z0-9]{29}$/), fc.stringMatching(/^[\w-]{1,128}$/)),
  currency: fc.constantFrom(...CURRENCIES),
});

/** What the parser must return: ids and currencies upper-case, tokens as they are. */
type Account = { accountId: string; token: string; currency: string };

interface ValidRedirect {
  accounts: Account[];
  /** acctN/tokenN/curN pairs as sent (case and stray spaces included), in the order of the URL. */
  pairs: [string, string][];
  state: string | null;
  base: string;
}

const stateArb = fc.oneof(
  fc.stringMatching(/^[\w-]{16,43}$/), // what oauth4webapi's generateRandomState produces
  fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s === s.trim() && s.length > 0),
);

const validRedirectArb: fc.Arbitrary<ValidRedirect> = fc
  .uniqueArray(accountArb, { minLength: 1, maxLength: 8, selector: (a) => a.accountId })
  .chain((accounts) =>
    fc.record({
      accounts: fc.constant(accounts),
      // N need not start at 1 nor be contiguous; the result follows N.
      gaps: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: accounts.length, maxLength: accounts.length }),
      ids: fc.tuple(...accounts.map((a) => anyCase(a.accountId))),
      curs: fc.tuple(...accounts.map((a) => anyCase(a.currency))),
      withCur: fc.array(fc.boolean(), { minLength: accounts.length, maxLength: accounts.length }),
      spaces: fc.array(fc.constantFrom('', ' ', '  '), {
        minLength: accounts.length * 3,
        maxLength: accounts.length * 3,
      }),
      order: fc.boolean(),
      shuffle: fc.array(fc.nat(), { minLength: accounts.length * 3, maxLength: accounts.length * 3 }),
      state: fc.option(stateArb, { nil: null }),
      base: fc.constantFrom(BASE, `${BASE}/`, 'http://127.0.0.1:8123/redirect', 'https://x.example/cb?'),
    }),
  )
  .map(({ accounts, gaps, ids, curs, withCur, spaces, order, shuffle, state, base }) => {
    let n = 0;
    const pairs: [string, string][] = [];
    const expected: Account[] = [];
    accounts.forEach((a, i) => {
      n += gaps[i]!;
      const cur = withCur[i] || a.currency === '' ? curs[i]! : null;
      pairs.push([`${spaces[3 * i]}acct${n}`, ids[i]!]);
      pairs.push([`${spaces[3 * i + 1]}token${n}`, a.token]);
      if (cur !== null) pairs.push([`${spaces[3 * i + 2]}cur${n}`, cur]);
      expected.push({ accountId: a.accountId, token: a.token, currency: cur === null ? '' : a.currency });
    });
    // Parameter order does not matter: shuffle it half the time.
    const ordered = order
      ? pairs
      : pairs
          .map((p, i) => [shuffle[i] ?? 0, p] as const)
          .sort(([a], [b]) => a - b)
          .map(([, p]) => p);
    return { accounts: expected, pairs: ordered, state, base };
  });

function redirectUrl(r: ValidRedirect, extra: [string, string][] = []): string {
  const all = [...r.pairs, ...(r.state === null ? [] : [['state', r.state] as [string, string]]), ...extra];
  const query = all.map(([k, v]) => `${k.replace(/[^ ]+/, encodeURIComponent)}=${encodeURIComponent(v)}`).join('&');
  return `${r.base.replace(/\?$/, '')}?${query}`;
}

const parses = (url: string, expectedState?: string) => {
  try {
    parseLegacyRedirect(url, expectedState === undefined ? undefined : { expectedState });
    return true;
  } catch {
    return false;
  }
};

describe('parseLegacyRedirect over valid redirects (properties)', () => {
  it('round trip: accounts → redirect URL → parse → the same accounts, in acctN order', () => {
    fc.assert(
      fc.property(validRedirectArb, (r) => {
        expect(parseLegacyRedirect(redirectUrl(r))).toEqual(r.accounts);
      }),
      { numRuns: 500 },
    );
  });

  it('round trip through the OIDC legacy-tokens body too', () => {
    fc.assert(
      fc.property(validRedirectArb, (r) => {
        expect(parseLegacyTokenMap(Object.fromEntries(r.pairs))).toEqual(r.accounts);
      }),
      { numRuns: 300 },
    );
  });

  it('state: the same string passes; another, a missing one or a second different one is state_mismatch; none expected ignores it', () => {
    fc.assert(
      fc.property(validRedirectArb, stateArb, (r, other) => {
        const withState = { ...r, state: r.state ?? other };
        const state = withState.state!;
        expect(parseLegacyRedirect(redirectUrl(withState), { expectedState: state })).toEqual(r.accounts);
        expect(parseLegacyRedirect(redirectUrl(withState))).toEqual(r.accounts);
        if (other !== state) {
          expect(codeOf(() => parseLegacyRedirect(redirectUrl(withState), { expectedState: other }))).toBe(
            'state_mismatch',
          );
          expect(
            codeOf(() => parseLegacyRedirect(redirectUrl(withState, [['state', other]]), { expectedState: state })),
          ).toBe('state_mismatch');
        }
        expect(codeOf(() => parseLegacyRedirect(redirectUrl({ ...r, state: null }), { expectedState: state }))).toBe(
          'state_mismatch',
        );
      }),
      { numRuns: 300 },
    );
  });

  it('case: ids and currencies in any case give the same accounts; tokens and state are compared exactly', () => {
    fc.assert(
      fc.property(validRedirectArb, stateArb, (r, state) => {
        const upper = {
          ...r,
          pairs: r.pairs.map(([k, v]) => [k, /token/.test(k) ? v : v.toUpperCase()] as [string, string]),
        };
        const lower = {
          ...r,
          pairs: r.pairs.map(([k, v]) => [k, /token/.test(k) ? v : v.toLowerCase()] as [string, string]),
        };
        expect(parseLegacyRedirect(redirectUrl(lower))).toEqual(parseLegacyRedirect(redirectUrl(upper)));
        // Tokens are case-sensitive secrets: returned byte for byte.
        expect(parseLegacyRedirect(redirectUrl(r)).map((a) => a.token)).toEqual(r.accounts.map((a) => a.token));
        const flipped = [...state].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('');
        if (flipped !== state) {
          expect(codeOf(() => parseLegacyRedirect(redirectUrl({ ...r, state }), { expectedState: flipped }))).toBe(
            'state_mismatch',
          );
        }
        // Keys are not: ACCT1 is not acct1, so an upper-cased key drops its account.
        const shouted = { ...r, pairs: r.pairs.map(([k, v]) => [k.toUpperCase(), v] as [string, string]) };
        expect(codeOf(() => parseLegacyRedirect(redirectUrl(shouted)))).toBe('no_accounts');
      }),
      { numRuns: 300 },
    );
  });

  /** One change to a valid redirect, and the code the parser must answer with (null: still valid). */
  type Mutation = {
    name: string;
    apply: (r: ValidRedirect) => { url: string; expectedState?: string };
    code: string | null;
  };
  const at = (r: ValidRedirect, i: number) => i % r.pairs.length;
  const mutationArb = (r: ValidRedirect): fc.Arbitrary<Mutation> => {
    const tokenKeys = r.pairs
      .map(([k], i) => [k, i] as const)
      .filter(([k]) => /token/.test(k))
      .map(([, i]) => i);
    const curKeys = r.pairs
      .map(([k], i) => [k, i] as const)
      .filter(([k]) => /cur/.test(k))
      .map(([, i]) => i);
    const acctKeys = r.pairs
      .map(([k], i) => [k, i] as const)
      .filter(([k]) => /acct/.test(k))
      .map(([, i]) => i);
    const setAt = (i: number, v: string) => ({
      ...r,
      pairs: r.pairs.map((p, j) => (j === i ? ([p[0], v] as [string, string]) : p)),
    });
    const pick = (list: number[]) => fc.constantFrom(...(list.length ? list : [-1]));
    return fc.oneof(
      fc.constant<Mutation>({ name: 'none', apply: (x) => ({ url: redirectUrl(x) }), code: null }),
      fc.tuple(pick(tokenKeys), fc.constantFrom('.', '/', '+', ' x', '%', 'é', 'a'.repeat(129))).map(([i, bad]) => ({
        name: 'token outside the pattern',
        apply: () => ({ url: redirectUrl(setAt(i, bad.length > 100 ? bad : `${r.pairs[i]![1]}${bad}x`)) }),
        code: i < 0 ? 'no_accounts' : 'invalid_token',
      })),
      fc.tuple(pick(curKeys), fc.constantFrom('U', 'US-D', 'X'.repeat(21), 'U$D', 'u.s')).map(([i, bad]) => ({
        name: 'bad currency',
        apply: () => ({ url: redirectUrl(i < 0 ? r : setAt(i, bad)) }),
        code: i < 0 ? null : 'malformed',
      })),
      fc.tuple(pick(acctKeys), fc.constantFrom('12345', 'CR', 'CR-1', 'C R1', '1CR')).map(([i, bad]) => ({
        name: 'bad login id',
        apply: () => ({ url: redirectUrl(setAt(i, bad)) }),
        code: 'malformed',
      })),
      fc.nat().map((i) => ({
        name: 'second different value for a key',
        apply: () => {
          const [k, v] = r.pairs[at(r, i)]!;
          return { url: redirectUrl(r, [[k.trim(), `${v}Z9`]]) };
        },
        code: 'malformed',
      })),
      fc.constantFrom('access_denied', 'invalid_scope', 'server_error').map((e) => ({
        name: 'error parameter',
        apply: () => ({ url: redirectUrl(r, [['error', e]]) }),
        code: 'provider_error',
      })),
      fc.constant<Mutation>({
        name: 'tokens dropped',
        apply: () => ({ url: redirectUrl({ ...r, pairs: r.pairs.filter(([k]) => !/token/.test(k)) }) }),
        code: 'no_accounts',
      }),
      stateArb.map((s) => ({
        name: 'other state expected',
        apply: () => ({ url: redirectUrl({ ...r, state: `${s}-other` }), expectedState: s }),
        code: 'state_mismatch',
      })),
    );
  };

  it('each single mutation of a valid redirect is refused with its own code (and the fraction that parses is reported)', () => {
    let runs = 0;
    let parsed = 0;
    const byMutation = new Map<string, number>();
    fc.assert(
      fc.property(
        validRedirectArb.chain((r) => fc.tuple(fc.constant(r), mutationArb(r))),
        ([r, m]) => {
          runs += 1;
          byMutation.set(m.name, (byMutation.get(m.name) ?? 0) + 1);
          const { url, expectedState } = m.apply(r);
          if (m.code === null) {
            expect(parseLegacyRedirect(url, expectedState === undefined ? undefined : { expectedState })).toEqual(
              r.accounts,
            );
          } else {
            expect(
              codeOf(() => parseLegacyRedirect(url, expectedState === undefined ? undefined : { expectedState })),
            ).toBe(m.code);
          }
          if (parses(url, expectedState)) parsed += 1;
        },
      ),
      { numRuns: 1000 },
    );
    // The valid space is reached: a real share of the cases parse, and every mutation ran.
    console.info(
      `redirect property: ${parsed}/${runs} generated URLs parsed (${((100 * parsed) / runs).toFixed(1)}%); mutations: ${JSON.stringify(Object.fromEntries(byMutation))}`,
    );
    expect(parsed / runs).toBeGreaterThan(0.05);
    expect(byMutation.size).toBe(8);
  });
});

/** The AuthError a call throws (fails the test when it returns or throws something else). */
function authErrorOf(run: () => unknown): AuthError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AuthError);
    return error as AuthError;
  }
  throw new Error('expected an AuthError');
}

describe('what each refusal tells the user (messages are the UI)', () => {
  const T = 'a1-abcdefghijklmnopqrstuvwxyz012';

  it('names its error class, and says which field of which account is wrong', () => {
    const cases: [string, string, string][] = [
      [`${BASE}?acct1=12&token1=${T}`, 'malformed', 'invalid account id in acct1'],
      [`${BASE}?acct2=CR1&token2=bad.token`, 'invalid_token', 'token for acct2 that is not a valid Deriv token'],
      [`${BASE}?acct3=CR1&token3=${T}&cur3=U`, 'malformed', 'invalid currency in cur3'],
      [`${BASE}?acct1=CR1&acct1=CR2&token1=${T}`, 'malformed', 'two different values for acct1'],
      [
        `${BASE}?acct1=CR1&token1=${T}&acct2=cr1&token2=${T}x`,
        'malformed',
        'lists account CR1 twice with different values',
      ],
      [`${BASE}?acct1=CR1&token1=${T}&cur1=USD&acct2=CR1&token2=${T}&cur2=EUR`, 'malformed', 'account CR1 twice'],
      [`${BASE}?cur1=USD`, 'no_accounts', 'did not return any account with a token'],
      ['::', 'malformed', 'The login redirect is not a valid URL.'],
      [`${BASE}?acct1=CR1&token1=${T}&state=x`, 'state_mismatch', 'state mismatch'],
    ];
    for (const [url, code, text] of cases) {
      const error = authErrorOf(() => parseLegacyRedirect(url, url.includes('state=') ? { expectedState: 'y' } : {}));
      expect(error.name).toBe('AuthError');
      expect([error.code, error.message], url).toEqual([code, expect.stringContaining(text)]);
    }
  });

  it('refuses anything but a string, even an object that prints as a valid redirect', () => {
    const lookalike = { toString: () => `${BASE}?acct1=CR1&token1=${T}` };
    expect(authErrorOf(() => parseLegacyRedirect(lookalike as unknown as string)).code).toBe('malformed');
  });

  it('an empty error parameter is no error', () => {
    expect(parseLegacyRedirect(`${BASE}?error=&acct1=CR1&token1=${T}`)).toHaveLength(1);
  });

  it('only exact acctN / tokenN / curN keys count', () => {
    expect(parseLegacyRedirect(`${BASE}?acct1=CR1&token1=${T}&xacct1=CR2&acct1x=CR3&xtoken1=t&token1x=t`)).toEqual([
      { accountId: 'CR1', token: T, currency: '' },
    ]);
  });

  it(`refuses a URL with more than ${MAX_ACCOUNTS * 3} numbered slots as it reads them, accounts or not`, () => {
    const slots = (n: number) => Array.from({ length: n }, (_, i) => `cur${i + 1}=USD`).join('&');
    const over = authErrorOf(() => parseLegacyRedirect(`${BASE}?${slots(MAX_ACCOUNTS * 3 + 1)}`));
    expect([over.code, over.message]).toEqual(['malformed', expect.stringContaining(`over ${MAX_ACCOUNTS}`)]);
    // Exactly at the limit the slots are read, and without accounts that is no_accounts.
    expect(authErrorOf(() => parseLegacyRedirect(`${BASE}?${slots(MAX_ACCOUNTS * 3)}`)).code).toBe('no_accounts');
    const many = Array.from({ length: MAX_ACCOUNTS + 1 }, (_, i) => `acct${i + 1}=CR${i + 1}&token${i + 1}=${T}`);
    const tooMany = authErrorOf(() => parseLegacyRedirect(`${BASE}?${many.join('&')}`));
    expect([tooMany.code, tooMany.message]).toEqual(['malformed', expect.stringContaining(`over ${MAX_ACCOUNTS}`)]);
  });

  it('provider errors: the code, the description made printable and short, and the right hint', () => {
    const denied = authErrorOf(() => parseLegacyRedirect(`${BASE}?error=access_denied`));
    expect(denied.message).toBe(
      'Deriv refused the login (access_denied). You declined access, so the app was not given your accounts. Log in again and choose Approve to continue.',
    );
    const other = authErrorOf(() => parseLegacyRedirect(`${BASE}?error=server_error`));
    expect(other.message).toBe(
      'Deriv refused the login (server_error). Please try again; if it keeps happening, check the app ID and redirect URL in the settings.',
    );
    const messy = authErrorOf(() =>
      parseLegacyRedirect(`${BASE}?error=e&error_description=${encodeURIComponent('  line1\nline2\u0007  ')}`),
    );
    expect(messy.message).toContain('(e: line1 line2)');
    const exact = 'd'.repeat(200);
    expect(authErrorOf(() => parseLegacyRedirect(`${BASE}?error=e&error_description=${exact}`)).message).toContain(
      `(e: ${exact}).`,
    );
    const long = authErrorOf(() => parseLegacyRedirect(`${BASE}?error=e&error_description=${'d'.repeat(199)}XYZ`));
    expect(long.message).toContain(`(e: ${'d'.repeat(199)}X…)`);
    expect(long.message).not.toContain('XY');
  });
});

describe('parseLegacyTokenMap: refusals and trimming', () => {
  it('says what is wrong, ignores other keys whatever their type, and trims keys and values', () => {
    expect(authErrorOf(() => parseLegacyTokenMap([])).message).toBe('The account list from Deriv is not an object.');
    expect(authErrorOf(() => parseLegacyTokenMap({ acct1: 'CR1', token1: 7 })).message).toBe(
      'The account list from Deriv has a non-text value for "token1".',
    );
    expect(parseLegacyTokenMap({ acct1: 'CR1', token1: 'tok1', expires: 3600, scope: null })).toEqual([
      { accountId: 'CR1', token: 'tok1', currency: '' },
    ]);
    expect(parseLegacyTokenMap({ ' acct1 ': ' cr1 ', token1: ' tok1 ', cur1: ' usd ' })).toEqual([
      { accountId: 'CR1', token: 'tok1', currency: 'USD' },
    ]);
  });
});
