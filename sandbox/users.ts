import type { SandboxAccount, SandboxUser } from './types';

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
      profile: { firstName: 'Alice', lastName: 'Demo', country: 'id', userId: 1000 + Math.floor(rand() * 9000) },
      initialBalances: balancesOf(aliceAccounts),
    },
    {
      email: 'bob@demo.sandbox',
      password: password('bob'),
      accounts: bobAccounts,
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
  };
}
