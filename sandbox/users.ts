import { API_SCOPES, type ApiScope, type SandboxAccount, type SandboxApiToken, type SandboxUser } from './types';

/** Small seeded PRNG (mulberry32): the same seed always yields the same demo users and tokens. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOKEN_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

function pick(rand: () => number, alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(rand() * alphabet.length)];
  return out;
}

/** Deriv's own tokens look like `a1-f7pnteezo4jzhpxclctizt27hyeot`; they must match `^[\w\-]{1,128}$`. */
export function makeToken(rand: () => number): string {
  return `a1-${pick(rand, TOKEN_ALPHABET, 29)}`;
}

const API_TOKEN_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Deriv's API tokens are 15 alphanumerics (e.g. `a1B2c3D4e5F6g7H`). */
export function makeApiToken(rand: () => number): string {
  return pick(rand, API_TOKEN_ALPHABET, 15);
}

function loginid(rand: () => number, broker: 'CR' | 'VRTC', used: Set<string>): string {
  for (;;) {
    const digits = broker === 'CR' ? 6 : 7;
    const id = `${broker}${pick(rand, '123456789', 1)}${pick(rand, '0123456789', digits - 1)}`;
    if (!used.has(id)) {
      used.add(id);
      return id;
    }
  }
}

export interface UserProfile {
  firstName: string;
  lastName: string;
  country: string;
  userId: number;
}

/**
 * One API token per account, with scopes chosen to exercise the app: full scopes, read+trade, a
 * token without `read` (balances need read or trading_information), and one on the disabled account.
 * Drawn from their own generator so the rest of the seeded data stays as it was.
 */
const API_TOKEN_SCOPES: ApiScope[][][] = [
  [[...API_SCOPES], ['read', 'trade'], ['trade'], ['read']],
  [['read', 'trading_information']],
];

function apiTokensFor(rand: () => number, accounts: SandboxAccount[], scopes: ApiScope[][]): SandboxApiToken[] {
  return accounts.map((a, i) => ({
    token: makeApiToken(rand),
    loginid: a.loginid,
    scopes: [...(scopes[i] ?? ['read'])],
  }));
}

export interface DemoUser extends SandboxUser {
  profile: UserProfile;
  /** Initial balances, restored by reset. */
  initialBalances: Record<string, number>;
}

/**
 * The demo users: the first has several accounts (real USD, real BTC, virtual USD, and one disabled
 * real account); the second has a single real USD account.
 */
export function makeDemoUsers(seed: number): DemoUser[] {
  const rand = seededRandom(seed);
  const used = new Set<string>();
  const account = (broker: 'CR' | 'VRTC', currency: string, disabled: 0 | 1): SandboxAccount => ({
    loginid: loginid(rand, broker, used),
    currency,
    token: makeToken(rand),
    is_virtual: broker === 'VRTC' ? 1 : 0,
    is_disabled: disabled,
  });
  const password = (name: string) => `${name}-${pick(rand, 'abcdefghjkmnpqrstuvwxyz23456789', 6)}`;

  const aliceAccounts = [
    account('CR', 'USD', 0),
    account('CR', 'BTC', 0),
    account('VRTC', 'USD', 0),
    account('CR', 'EUR', 1),
  ];
  const bobAccounts = [account('CR', 'USD', 0)];
  const apiRand = seededRandom(seed ^ 0xa91);
  const balancesOf = (accounts: SandboxAccount[]) =>
    Object.fromEntries(
      accounts.map((a) => [
        a.loginid,
        a.currency === 'BTC'
          ? Math.round(rand() * 1e6) / 1e8
          : a.is_virtual
            ? 10000
            : Math.round(rand() * 500000) / 100,
      ]),
    );
  return [
    {
      email: 'alice@demo.sandbox',
      password: password('alice'),
      accounts: aliceAccounts,
      apiTokens: apiTokensFor(apiRand, aliceAccounts, API_TOKEN_SCOPES[0]!),
      profile: { firstName: 'Alice', lastName: 'Demo', country: 'id', userId: 1000 + Math.floor(rand() * 9000) },
      initialBalances: balancesOf(aliceAccounts),
    },
    {
      email: 'bob@demo.sandbox',
      password: password('bob'),
      accounts: bobAccounts,
      apiTokens: apiTokensFor(apiRand, bobAccounts, API_TOKEN_SCOPES[1]!),
      profile: { firstName: 'Bob', lastName: 'Demo', country: 'my', userId: 10000 + Math.floor(rand() * 9000) },
      initialBalances: balancesOf(bobAccounts),
    },
  ];
}

/** Only the public fields, for the handle and the CLI's JSON line. */
export function publicUser(u: SandboxUser): SandboxUser {
  return {
    email: u.email,
    password: u.password,
    accounts: u.accounts.map((a) => ({ ...a })),
    apiTokens: u.apiTokens.map((t) => ({ ...t, scopes: [...t.scopes] })),
  };
}
