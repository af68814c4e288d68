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
      { loginid: 'CR799393', token: 'a1-f7pnteezo4jzhpxclctizt27hyeot', currency: 'USD' },
      { loginid: 'VRTC1859315', token: 'a1clwe3vfuuus5kraceykdsoqm4snfq', currency: 'USD' },
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
    expect(parseLegacyRedirect(url, { expectedState: 's' }).map((a) => a.loginid)).toEqual(['CR1', 'VRTC2']);
  });

  it('sorts numerically (acct10 after acct9)', () => {
    const parts = Array.from({ length: 10 }, (_, i) => `acct${i + 1}=CR${i + 1}&token${i + 1}=t${i + 1}`).reverse();
    expect(parseLegacyRedirect(`${BASE}?${parts.join('&')}`).map((a) => a.loginid)).toEqual(
      Array.from({ length: 10 }, (_, i) => `CR${i + 1}`),
    );
  });

  it('accepts gaps in the numbering (acct1, acct3)', () => {
    const accounts = parseLegacyRedirect(`${BASE}?acct1=CR1&token1=t1&cur1=usd&acct3=CR3&token3=t3&cur3=btc`);
    expect(accounts).toEqual([
      { loginid: 'CR1', token: 't1', currency: 'USD' },
      { loginid: 'CR3', token: 't3', currency: 'BTC' },
    ]);
  });

  it('a missing curN gives currency ""', () => {
    expect(parseLegacyRedirect(`${BASE}?acct1=CR1&token1=t1`)).toEqual([{ loginid: 'CR1', token: 't1', currency: '' }]);
  });

  it('decodes percent-encoding in keys and values', () => {
    const url = `${BASE}?%61cct1=%43R1&token1=a1%2Dxyz&cur1=%75sd&state=a%20b`;
    expect(parseLegacyRedirect(url, { expectedState: 'a b' })).toEqual([
      { loginid: 'CR1', token: 'a1-xyz', currency: 'USD' },
    ]);
  });

  it('matches the trailing-slash redirect and a fragment-free query alike', () => {
    expect(parseLegacyRedirect(`${BASE}/?acct1=CR1&token1=t1#ignored`)).toHaveLength(1);
  });

  it('ignores a tokenN without its acctN', () => {
    expect(parseLegacyRedirect(`${BASE}?acct1=CR1&token1=t1&token2=orphan&cur2=usd`)).toEqual([
      { loginid: 'CR1', token: 't1', currency: '' },
    ]);
  });

  it('skips an acctN without its tokenN (it cannot be used)', () => {
    expect(parseLegacyRedirect(`${BASE}?acct1=CR1&acct2=CR2&token2=t2`).map((a) => a.loginid)).toEqual(['CR2']);
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
    );
    fc.assert(
      fc.property(url, fc.option(fc.string(), { nil: undefined }), (u, expectedState) => {
        try {
          const accounts = parseLegacyRedirect(u, expectedState === undefined ? undefined : { expectedState });
          expect(accounts.length).toBeGreaterThan(0);
          expect(accounts.length).toBeLessThanOrEqual(MAX_ACCOUNTS);
          for (const a of accounts) {
            expect(a.token).toMatch(TOKEN_PATTERN);
            expect(a.loginid).toMatch(/^[A-Z]+[0-9]+$/);
            expect(a.currency).toBe(a.currency.toUpperCase());
          }
        } catch (error) {
          if (!(error instanceof AuthError)) throw error;
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('parseLegacyTokenMap (the OIDC legacy tokens body)', () => {
  it('parses the same map with the same rules', () => {
    expect(
      parseLegacyTokenMap({ acct1: 'cr1', token1: 't1', cur1: 'usd', acct2: 'VRTC2', token2: 't2', cur2: 'USD' }),
    ).toEqual([
      { loginid: 'CR1', token: 't1', currency: 'USD' },
      { loginid: 'VRTC2', token: 't2', currency: 'USD' },
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
